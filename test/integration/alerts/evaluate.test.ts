import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { insertSource } from '../../../db/queries/sources.ts';
import { evaluateAlerts } from '../../../src/core/alerts/evaluate.ts';
import { changeAlert } from '../../../src/core/alerts/lifecycle.ts';
import { storeMentions } from '../../../src/core/ingest/store-mentions.ts';
import type { IncomingMention } from '../../../src/core/ingest/incoming-mention.ts';
import { storeCases } from '../../../src/core/cases/import-cases.ts';
import { createUser } from '../../../src/core/auth/accounts.ts';
import { makeTestDeps, T0 } from '../../helpers/test-deps.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const REGULATOR = 'Lumera keeps calling me about a debt I already paid. I am filing a complaint with the financial regulator tomorrow.';
const ORDINARY = 'Lumera sent me a letter about my debt collection case, asking me to pay the invoice.';

let n = 0;
const entry = (text: string, o: Partial<IncomingMention> = {}): IncomingMention => ({
  externalKey: `m${++n}`,
  url: null,
  author: null,
  title: null,
  text,
  publishedAt: T0,
  languageHint: 'en',
  ...o,
});

async function setup(createdDaysAgo = 40) {
  const { deps, clock } = await makeTestDeps();
  const forum = (await insertSource(deps.db, { name: 'Forum', kind: 'rss', createdAt: T0 - createdDaysAgo * DAY, updatedAt: T0 })).id;
  const alerts = () =>
    deps.db.all<{ id: number; rule_kind: string; severity: string; status: string; mention_count: number; title: string; reasons: string; group_key: string }>(
      sql`SELECT id, rule_kind, severity, status, mention_count, title, reasons, group_key FROM alerts ORDER BY id`,
    );
  const events = (id: number) => deps.db.all<{ type: string }>(sql`SELECT type FROM alert_events WHERE alert_id = ${id} ORDER BY id`);
  return { deps, clock, forum, alerts, events };
}

describe('per-mention rules through evaluation', () => {
  it('starts after the mentions already stored, then raises one alert per rule and market, with its reason', async () => {
    const { deps, clock, forum, alerts } = await setup();
    await storeMentions(deps, forum, [entry(REGULATOR)]);
    await evaluateAlerts(deps);
    expect(await alerts()).toEqual([]); // history from before alerting is not news

    clock.set(T0 + 10 * 60_000);
    await storeMentions(deps, forum, [entry(REGULATOR, { publishedAt: clock.now() }), entry(ORDINARY, { publishedAt: clock.now() })]);
    const report = await evaluateAlerts(deps);
    expect(report).toMatchObject({ mentions_read: 2, alerts_opened: 1 });
    const [a] = await alerts();
    expect(a).toMatchObject({ rule_kind: 'escalation', severity: 'high', status: 'open', mention_count: 1, group_key: 'escalation||en' });
    expect(JSON.parse(a!.reasons)).toEqual(['Negative, and the author mentions going to a regulator or ombudsman']);
    expect(a!.title).toBe('Threat to go to a regulator, lawyer or the press — en');

    // Nothing new: a second run reads nothing and changes nothing.
    expect(await evaluateAlerts(deps)).toMatchObject({ mentions_read: 0, alerts_opened: 0, alerts_updated: 0 });
  });

  it('gathers related mentions into the open alert and raises its severity with the fifth', async () => {
    const { deps, clock, forum, alerts, events } = await setup();
    await evaluateAlerts(deps);
    const lawyer = 'Lumera threatened me again over this debt. My lawyer is taking them to court.';
    for (let i = 0; i < 5; i++) {
      clock.set(T0 + (i + 1) * HOUR);
      await storeMentions(deps, forum, [entry(`${lawyer} Day ${i + 1}.`, { publishedAt: clock.now() })]);
      await evaluateAlerts(deps);
    }
    // Five legal threats in five hours may also be a tactic spike; the escalation alert is one, with all five.
    const rows = (await alerts()).filter((a) => a.rule_kind === 'escalation');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ rule_kind: 'escalation', mention_count: 5, severity: 'high' });
    expect((await events(rows[0]!.id)).map((e) => e.type)).toEqual(['opened', 'escalated']);
  });

  it('does not alert on mentions published more than a week ago (a back-fill is history)', async () => {
    const { deps, clock, forum, alerts } = await setup();
    await evaluateAlerts(deps);
    clock.set(T0 + HOUR);
    await storeMentions(deps, forum, [entry(REGULATOR, { publishedAt: T0 - 8 * DAY })]);
    expect(await evaluateAlerts(deps)).toMatchObject({ mentions_read: 1, alerts_opened: 0 });
    expect(await alerts()).toEqual([]);
  });

  it('groups mentions on one open case into one alert for that case, whatever their market', async () => {
    const { deps, clock, forum, alerts } = await setup();
    await storeCases(deps, [
      {
        caseRef: 'LV-40512377',
        creditor: 'Telia',
        segment: 'unable',
        country: 'LV',
        openedAt: T0 - 90 * DAY,
        closedAt: null,
        status: 'open',
        amount: null,
        currency: null,
        language: null,
        team: null,
        identifiers: [],
      },
    ]);
    await evaluateAlerts(deps);
    clock.set(T0 + HOUR);
    await storeMentions(deps, forum, [
      entry('Lumera debt collection: my case 40512377 has the wrong amount, they keep adding fees.', { publishedAt: clock.now() }),
      entry('Lumera parāda piedziņa: lieta 40512377, atkal zvana katru dienu, tas ir nepieņemami.', { publishedAt: clock.now(), languageHint: 'lv' }),
    ]);
    await evaluateAlerts(deps);
    const rows = (await alerts()).filter((a) => a.rule_kind === 'open_case');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.group_key).toMatch(/^open_case\|case:\d+$/);
    expect(rows[0]!.mention_count).toBe(2);
  });

  it('opens a new alert for a regulator threat right after the last one was resolved', async () => {
    const { deps, clock, forum, alerts } = await setup();
    const user = await createUser(deps, { email: 'comms@test.local', role: 'comms' });
    await evaluateAlerts(deps);
    clock.set(T0 + HOUR);
    await storeMentions(deps, forum, [entry(REGULATOR, { publishedAt: clock.now() })]);
    await evaluateAlerts(deps);
    const [first] = await alerts();
    await changeAlert(deps, first!.id, { status: 'resolved' }, user.id);
    clock.set(T0 + 2 * HOUR);
    await storeMentions(deps, forum, [entry(`${REGULATOR} Second post.`, { publishedAt: clock.now() })]);
    await evaluateAlerts(deps);
    expect((await alerts()).map((a) => a.status)).toEqual(['resolved', 'open']);
  });
});

describe('anomalies through evaluation', () => {
  /** Six relevant mentions a day for `days` days before T0, spread over the day. */
  async function history(deps: Awaited<ReturnType<typeof setup>>['deps'], source: number, days: number) {
    const entries: IncomingMention[] = [];
    for (let d = days; d >= 1; d--) for (let i = 0; i < 6; i++) entries.push(entry(`${ORDINARY} Ref ${d}-${i}.`, { publishedAt: T0 - d * DAY + i * 4 * HOUR }));
    await storeMentions(deps, source, entries);
  }

  it('raises a volume alert for an hour with many times the usual mentions, once, and states the numbers', async () => {
    const { deps, clock, forum, alerts } = await setup();
    await history(deps, forum, 35);
    await evaluateAlerts(deps);
    const spike = Array.from({ length: 14 }, (_, i) => entry(`${ORDINARY} Spike ${i}.`, { publishedAt: T0 + 10 * 60_000 + i * 60_000 }));
    clock.set(T0 + 30 * 60_000);
    await storeMentions(deps, forum, spike);
    expect((await evaluateAlerts(deps)).alerts_opened).toBe(0); // the hour has not closed yet

    clock.set(T0 + HOUR + 60_000);
    const report = await evaluateAlerts(deps);
    const volume = (await alerts()).filter((a) => a.rule_kind === 'volume_spike');
    expect(volume).toHaveLength(1);
    expect(volume[0]!.group_key).toBe('volume_spike||en|rss');
    expect(JSON.parse(volume[0]!.reasons)[0]).toMatch(/^14 relevant mentions in the last hour, against 0\.\d expected \(\d+\.\d×\)$/);
    expect(report.keys_judged).toBeGreaterThan(0);

    // Judged once per hour: running again in the same hour does nothing more.
    expect(await evaluateAlerts(deps)).toMatchObject({ alerts_opened: 0, alerts_updated: 0, keys_judged: 0 });
  });

  it('stays quiet while a key has less than two weeks of history (cold start)', async () => {
    const { deps, clock, forum, alerts } = await setup(10);
    await history(deps, forum, 10);
    await evaluateAlerts(deps);
    clock.set(T0 + 10 * 60_000);
    await storeMentions(
      deps,
      forum,
      Array.from({ length: 30 }, (_, i) => entry(`${ORDINARY} Burst ${i}.`, { publishedAt: T0 + i * 60_000 })),
    );
    clock.set(T0 + HOUR + 60_000);
    await evaluateAlerts(deps);
    expect((await alerts()).filter((a) => a.rule_kind === 'volume_spike')).toEqual([]);
  });
});
