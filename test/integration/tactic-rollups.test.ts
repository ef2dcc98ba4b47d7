import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { DAY, type Days, GROUP_BYS, type Grouping, type LinkFilter, PAIR_FIRSTS, PAIR_SECONDS, PAIR_SEPARATOR, type Period } from '../../db/queries/analytics.ts';
import { ACTION_TYPES, CHANNELS, SEGMENTS } from '../../db/schema/constants.ts';
import { type TacticGroup, tacticsAnalytics, topicsAnalytics, trendAnalytics } from '../../src/core/cases/analytics.ts';
import { timeOfDayAnalytics } from '../../src/core/cases/time-of-day.ts';
import { seedAction, seedCase, seedLink, seedMention } from '../helpers/cases-fixture.ts';
import { oracleTactics, oracleTimeOfDay, oracleTopics, oracleTrend } from '../helpers/tactics-oracle.ts';
import { makeTestDeps } from '../helpers/test-deps.ts';

// The rollups are kept by triggers, whoever writes. Random cases, actions (stored out of time order, several on a
// day), mentions and links, then every kind of change the product makes; after each, every Tactics view must equal
// the same counts taken straight from the definitions (test/helpers/tactics-oracle.ts).

const START = Date.UTC(2026, 8, 1);
const FIRST_DAY = START / DAY;
const TACTICS = ['contact_frequency', 'contact_time', 'threat_legal', 'fees_amount'];

/** A small deterministic generator (mulberry32). */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick };
}

async function seedRandom(db: Db, seed: number) {
  const r = random(seed);
  const cases: number[] = [];
  for (let i = 0; i < 24; i++) {
    const team = r.next() < 0.2 ? null : r.pick(['A', 'B', 'C']);
    cases.push(await seedCase(db, { ref: `LV-${40000000 + i}`, creditor: r.pick(['Telia', 'Elisa']), segment: r.pick(SEGMENTS), country: r.pick(['LV', 'FI', 'ZZ']), team }));
  }
  for (let i = 0; i < 240; i++) {
    // Times on 60 days, some on the same millisecond; inserted in random order.
    const at = START + r.int(60) * DAY + r.pick([0, 9, 9, 17, 23]) * 3_600_000;
    await seedAction(db, r.pick(cases), at + i, r.pick(ACTION_TYPES), r.pick(CHANNELS), r.next() < 0.5 ? null : r.pick(['A', 'B', 'D']));
  }
  const mentions: number[] = [];
  for (let i = 0; i < 70; i++) {
    const sentiment = r.next() < 0.75 ? 'negative' : r.pick(['neutral', 'positive'] as const);
    const tactics = TACTICS.filter(() => r.next() < 0.3);
    const m = await seedMention(db, { publishedAt: START + r.int(75 * DAY), sentiment, relevant: r.next() < 0.9, tactics });
    mentions.push(m);
    if (r.next() < 0.85) await seedLink(db, m, r.pick(cases), r.next() < 0.5 ? 'confirmed' : 'suggested');
    if (r.next() < 0.2) await seedLink(db, m, r.pick(cases), 'suggested').catch(() => {});
  }
  return { r, cases, mentions };
}

/** Every view, for a few runs of days, windows and link filters, against the oracle. */
async function expectViewsMatchOracle(db: Db) {
  const runs: Days[] = [
    { first: FIRST_DAY, last: FIRST_DAY + 59 },
    { first: FIRST_DAY + 10, last: FIRST_DAY + 30 },
    { first: FIRST_DAY + 25, last: FIRST_DAY + 25 },
  ];
  const settings: [number, LinkFilter][] = [
    [14, 'any'],
    [3, 'confirmed'],
    [0, 'any'],
  ];
  for (const d of runs) {
    const period = { from: d.first * DAY + 5 * 3_600_000, to: d.last * DAY + 7 * 3_600_000 }; // bounds inside the days
    for (const [windowDays, links] of settings) {
      for (const by of GROUPINGS) {
        const tactics = await tacticsAnalytics(db, { ...period, by, windowDays, links, sort: 'key' });
        expect(
          tactics.groups.map((g) => ({ key: g.key, cases: g.cases, actions: g.actions, complaints: g.complaints })),
          `${by} ${JSON.stringify(d)} ${windowDays} ${links}`,
        ).toEqual(await oracleTactics(db, by, d, windowDays, links));
        const topics = await topicsAnalytics(db, { ...period, by, windowDays, links });
        expect(topics.groups.flatMap((g) => g.topics.map((t) => `${g.key}|${t.tactic}|${t.complaints}`)).sort()).toEqual(await oracleTopics(db, by, d, windowDays, links));
        const trend = await trendAnalytics(db, { ...period, by, windowDays, links, bucketDays: 7 });
        const cells = trend.groups.flatMap((g) => g.points.flatMap((p, i) => (p.actions > 0 ? [`${g.key}|${i}|${p.cases},${p.actions},${p.complaints}`] : [])));
        expect(cells.sort()).toEqual(await oracleTrend(db, by, d, 7, windowDays, links));
        if (d === runs[0]) await expectTimeOfDayMatchesOracle(db, by, period, d, windowDays, links, tactics.groups);
      }
    }
  }
}

/**
 * The hour-of-day and weekday view of every group (read from the actions, not the rollups) adds up to the group's
 * row in the Tactics view, and each slot holds what the case country's clock showed for each action.
 */
async function expectTimeOfDayMatchesOracle(db: Db, by: Grouping, period: Period, d: Days, windowDays: number, links: LinkFilter, groups: TacticGroup[]) {
  const oracle = await oracleTimeOfDay(db, by, d, windowDays, links);
  const stored = (shown: string) => (shown === '(none)' ? '' : shown);
  for (const g of groups) {
    const key = g.parts ? g.parts.map(stored).join(PAIR_SEPARATOR) : stored(g.key);
    const view = await timeOfDayAnalytics(db, { group: { by, key }, ...period, windowDays, links });
    const what = `${by} ${g.key} ${windowDays} ${links}`;
    expect([view.actions, view.complaints], what).toEqual([g.actions, g.complaints]);
    const o = oracle.get(g.key)!;
    expect(
      view.hours.map((s) => [s.actions, s.complaints]),
      what,
    ).toEqual(o.hours);
    expect(
      view.weekdays.map((s) => [s.actions, s.complaints]),
      what,
    ).toEqual(o.weekdays);
    for (const p of view.day_parts) expect(p.complaints, what).toBe(o.hours.slice(p.at, p.to).reduce((n, h) => n + h[1]!, 0));
  }
  const all = await timeOfDayAnalytics(db, { group: null, ...period, windowDays, links });
  expect(all.actions).toBe(groups.reduce((n, g) => n + g.actions, 0));
}

/** Every grouping the rollups keep: each dimension, and each pair. */
const GROUPINGS: Grouping[] = [...GROUP_BYS, ...PAIR_FIRSTS.flatMap((f) => PAIR_SECONDS.map((s) => `${f}+${s}` as const))];

describe('Tactics rollups, kept by triggers', () => {
  it('agree with the definitions after inserts in any order, and after every kind of change', { timeout: 60_000 }, async () => {
    const { deps } = await makeTestDeps();
    const db = deps.db;
    const { r, cases, mentions } = await seedRandom(db, 7);
    // Enough to mean something: most groups have complaints, some cases several actions on a day.
    const all = await oracleTactics(db, 'action_type', { first: FIRST_DAY, last: FIRST_DAY + 59 }, 14, 'any');
    expect(all.filter((g) => g.complaints > 0).length).toBeGreaterThan(8);
    await expectViewsMatchOracle(db);

    // The import corrects action teams and case attributes; people confirm, add and remove links.
    await db.run(sql`UPDATE case_actions SET team = CASE WHEN team IS NULL THEN 'B' WHEN id % 3 = 0 THEN NULL ELSE team END WHERE id % 4 = 0`);
    await db.run(sql`UPDATE cases SET team = CASE WHEN team = 'A' THEN 'C' ELSE 'A' END, segment = 'unable' WHERE id % 3 = 0`);
    await db.run(sql`UPDATE cases SET creditor = 'Bite', country = 'LT' WHERE id % 5 = 1`);
    await db.run(sql`UPDATE mention_case_links SET status = 'confirmed' WHERE id % 3 = 0`);
    await db.run(sql`DELETE FROM mention_case_links WHERE id % 7 = 0`);
    for (let i = 0; i < 8; i++) await seedLink(db, r.pick(mentions), r.pick(cases), 'suggested').catch(() => {});
    await expectViewsMatchOracle(db);

    // Re-analysis and corrections change labels; a source's mention moves in time; actions arrive late or go.
    await db.run(sql`UPDATE mention_analysis SET sentiment_label = 'neutral' WHERE mention_id % 5 = 0`);
    await db.run(sql`UPDATE mention_analysis SET sentiment_label = 'negative', is_relevant = 1 WHERE mention_id % 5 = 1`);
    await db.run(sql`UPDATE mention_analysis SET tactics = '["fees_amount"]' WHERE mention_id % 4 = 2`);
    await db.run(sql`UPDATE mentions SET published_at = published_at - ${3 * DAY} WHERE id % 6 = 0`);
    for (let i = 0; i < 30; i++) await seedAction(db, r.pick(cases), START + r.int(60) * DAY + 1000 + i, r.pick(ACTION_TYPES), r.pick(CHANNELS));
    await db.run(sql`DELETE FROM case_actions WHERE id % 9 = 0`);
    await expectViewsMatchOracle(db);

    // Erasure and retention: a case with everything on it, mentions with their analyses and links.
    await db.run(sql`DELETE FROM cases WHERE id = ${cases[3]!}`);
    await db.run(sql`DELETE FROM mention_analysis WHERE mention_id = ${mentions[5]!}`);
    await db.run(sql`DELETE FROM mentions WHERE id IN (${mentions[6]!}, ${mentions[7]!})`);
    await expectViewsMatchOracle(db);

    // Nothing left behind: every rollup row that is not zero belongs to data that is still there.
    await db.run(sql`DELETE FROM cases`);
    const [left] = await db.all<{ exposure: number; complaints: number }>(sql`
      SELECT (SELECT count(*) FROM tactic_exposure WHERE actions <> 0) AS exposure, (SELECT count(*) FROM tactic_complaints WHERE complaints <> 0) AS complaints`);
    expect(left).toEqual({ exposure: 0, complaints: 0 });
  });

  it('refuses to move an action to another case, time, type or channel (the rollups count where it was)', async () => {
    const { deps } = await makeTestDeps();
    const c = await seedCase(deps.db, { ref: 'LV-40000001', creditor: 'Telia', segment: 'unable', country: 'LV' });
    await seedAction(deps.db, c, START, 'sms', 'sms');
    await expect(deps.db.run(sql`UPDATE case_actions SET at = at + 1`)).rejects.toMatchObject({ cause: { message: expect.stringMatching(/do not change/) } });
  });
});
