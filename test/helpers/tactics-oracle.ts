import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Days, GroupBy, Grouping, LinkFilter } from '../../db/queries/analytics.ts';
import { zoneOfCountry } from '../../src/core/time/country-zones.ts';
import { zonedParts } from '../../src/core/time/zones.ts';

// The Tactics counts straight from the definitions, over every action and link, with no rollup: what the rollups
// of migration 0012 must always agree with. Slow and plain on purpose.

const D = 86_400_000;
const KEY: Record<GroupBy, string> = {
  action_type: 'a.action_type',
  channel: 'a.channel',
  team: "coalesce(a.team, c.team, '')",
  segment: 'c.segment',
  creditor: 'c.creditor',
  country: 'c.country',
};

/** A grouping's key: a pair's two values as shown, each missing one as '(none)'. */
function keyOf(by: Grouping): string {
  const dims = by.split('+') as GroupBy[];
  if (dims.length === 1) return KEY[dims[0]!];
  return dims.map((d) => `(CASE WHEN ${KEY[d]} = '' THEN '(none)' ELSE ${KEY[d]} END)`).join(` || ' · ' || `);
}

export interface OracleGroup {
  key: string;
  cases: number;
  actions: number;
  complaints: number;
}

/** Actions of the group in the days (a, with its case c). */
const actionsIn = (_by: Grouping, d: Days) => sql`
  FROM case_actions a CROSS JOIN cases c ON c.id = a.case_id
  WHERE a.at / ${sql.raw(String(D))} BETWEEN ${d.first} AND ${d.last}`;

/**
 * Per complaint and group: the latest action of the group in the days, on a linked case, at or before publication
 * and no earlier than the window's first day; only complaints that have one.
 */
const followed = (by: Grouping, d: Days, windowDays: number, links: LinkFilter) => sql`
  SELECT m.id AS mention_id, ma.tactics, ${sql.raw(keyOf(by))} AS key, max(a.at) AS last_at
  FROM mentions m
  CROSS JOIN mention_analysis ma ON ma.mention_id = m.id
  CROSS JOIN mention_case_links l ON l.mention_id = m.id
  CROSS JOIN cases c ON c.id = l.case_id
  CROSS JOIN case_actions a ON a.case_id = l.case_id
  WHERE ma.sentiment_label = 'negative' AND ma.is_relevant = 1 ${links === 'confirmed' ? sql`AND l.status = 'confirmed'` : sql``}
    AND a.at <= m.published_at
    AND a.at / ${sql.raw(String(D))} BETWEEN ${d.first} AND ${d.last}
    AND a.at / ${sql.raw(String(D))} >= m.published_at / ${sql.raw(String(D))} - ${windowDays}
  GROUP BY m.id, 3`;

export async function oracleTactics(db: Db, by: Grouping, d: Days, windowDays: number, links: LinkFilter): Promise<OracleGroup[]> {
  const exposure = await db.all<{ key: string; cases: number; actions: number }>(sql`
    SELECT ${sql.raw(keyOf(by))} AS key, count(DISTINCT a.case_id) AS cases, count(*) AS actions ${actionsIn(by, d)} GROUP BY 1`);
  const complaints = await db.all<{ key: string; n: number }>(sql`
    SELECT key, count(*) AS n FROM (${followed(by, d, windowDays, links)}) GROUP BY key`);
  const byKey = new Map(complaints.map((r) => [r.key, Number(r.n)]));
  return exposure
    .map((r) => ({ key: r.key === '' ? '(none)' : r.key, cases: Number(r.cases), actions: Number(r.actions), complaints: byKey.get(r.key) ?? 0 }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Per group and tactic label ('unlabelled' for none): complaints, as topicsAnalytics reports them. */
export async function oracleTopics(db: Db, by: Grouping, d: Days, windowDays: number, links: LinkFilter) {
  const rows = await db.all<{ key: string; tactic: string | null; n: number }>(sql`
    SELECT f.key, t.value AS tactic, count(*) AS n FROM (${followed(by, d, windowDays, links)}) f
    LEFT JOIN json_each(f.tactics) t GROUP BY 1, 2`);
  return rows.map((r) => `${r.key === '' ? '(none)' : r.key}|${r.tactic ?? 'unlabelled'}|${r.n}`).sort();
}

/** Per group and bucket of `bucketDays` from the first day: [cases, actions, complaints] (a complaint in the bucket of the latest action it follows). */
export async function oracleTrend(db: Db, by: Grouping, d: Days, bucketDays: number, windowDays: number, links: LinkFilter) {
  const bucket = (at: string) => sql.raw(`(${at} / ${D} - ${d.first}) / ${bucketDays}`);
  const exposure = await db.all<{ key: string; bucket: number; cases: number; actions: number }>(sql`
    SELECT ${sql.raw(keyOf(by))} AS key, ${bucket('a.at')} AS bucket, count(DISTINCT a.case_id) AS cases, count(*) AS actions
    ${actionsIn(by, d)} GROUP BY 1, 2`);
  const complaints = await db.all<{ key: string; bucket: number; n: number }>(sql`
    SELECT key, ${bucket('last_at')} AS bucket, count(*) AS n FROM (${followed(by, d, windowDays, links)}) GROUP BY 1, 2`);
  const cells = new Map<string, number[]>();
  for (const r of exposure) cells.set(`${r.key === '' ? '(none)' : r.key}|${r.bucket}`, [Number(r.cases), Number(r.actions), 0]);
  for (const r of complaints) cells.get(`${r.key === '' ? '(none)' : r.key}|${r.bucket}`)![2] = Number(r.n);
  return [...cells].map(([k, v]) => `${k}|${v.join(',')}`).sort();
}

/**
 * Per group shown: [actions, complaints] per hour (0–23) and per ISO weekday (1–7) on the case country's clock, read
 * with Intl for each action (the analytics convert per UTC hour). A complaint's clock is that of the action it follows.
 */
export async function oracleTimeOfDay(db: Db, by: Grouping, d: Days, windowDays: number, links: LinkFilter) {
  const actions = await db.all<{ key: string; at: number; country: string }>(sql`SELECT ${sql.raw(keyOf(by))} AS key, a.at, c.country ${actionsIn(by, d)}`);
  // Re-read the case of each complaint's latest action: its country sets the clock.
  const complaints = await db.all<{ key: string; at: number; country: string }>(sql`
    SELECT f.key, f.last_at AS at, (SELECT c.country FROM case_actions a CROSS JOIN cases c ON c.id = a.case_id
      WHERE a.at = f.last_at AND a.case_id IN (SELECT case_id FROM mention_case_links WHERE mention_id = f.mention_id) LIMIT 1) AS country
    FROM (${followed(by, d, windowDays, links)}) f`);
  const groups = new Map<string, { hours: number[][]; weekdays: number[][] }>();
  const count = (rows: typeof actions, which: 0 | 1) => {
    for (const r of rows) {
      const key = r.key === '' ? '(none)' : r.key;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { hours: Array.from({ length: 24 }, () => [0, 0]), weekdays: Array.from({ length: 7 }, () => [0, 0]) }));
      const p = zonedParts(Number(r.at), zoneOfCountry(r.country));
      g.hours[p.hour]![which]! += 1;
      g.weekdays[p.weekday === 0 ? 6 : p.weekday - 1]![which]! += 1;
    }
  };
  count(actions, 0);
  count(complaints, 1);
  return groups;
}
