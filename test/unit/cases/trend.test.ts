import { describe, expect, it } from 'vitest';
import { buildTrend, isoBoundMs, MAX_TREND_BUCKETS, resolvePeriod, trendAnalytics, trendBucketCount, trendBuckets, type TrendGroup } from '../../../src/core/cases/analytics.ts';
import { oct, seedAction, seedCase, seedLink, seedMention, seedTacticsExample } from '../../helpers/cases-fixture.ts';
import { makeTestDeps } from '../../helpers/test-deps.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
// 1 Oct 00:00 – 31 Oct 23:59:59.999, as the analytics tests; weekly buckets 1–7, 8–14, 15–21, 22–28, 29–31 Oct.
const period = { from: oct(1) - 12 * HOUR, to: oct(31) + 12 * HOUR - 1 };
const week = (i: number) => period.from + i * 7 * DAY;

describe('trend buckets', () => {
  it('steps from `from`, the last bucket cut at `to`', () => {
    expect(trendBucketCount(period, 7)).toBe(5);
    expect(trendBuckets(period, 7)).toEqual([
      { from: week(0), to: week(1) - 1 },
      { from: week(1), to: week(2) - 1 },
      { from: week(2), to: week(3) - 1 },
      { from: week(3), to: week(4) - 1 },
      { from: week(4), to: period.to }, // 29–31 Oct: three days
    ]);
  });

  it('a period of whole buckets has no short one; one millisecond more opens a bucket', () => {
    const p = { from: period.from, to: period.from + 14 * DAY - 1 };
    expect(trendBuckets(p, 7).map((b) => b.to - b.from + 1)).toEqual([7 * DAY, 7 * DAY]);
    expect(trendBuckets({ ...p, to: p.to + 1 }, 7).map((b) => b.to - b.from + 1)).toEqual([7 * DAY, 7 * DAY, 1]);
    expect(trendBuckets({ from: 5, to: 5 }, 1)).toEqual([{ from: 5, to: 5 }]);
    expect(trendBuckets({ from: 6, to: 5 }, 1)).toEqual([]);
  });

  it('buckets cover the period exactly: contiguous, no overlap', () => {
    for (const [days, size] of [
      [90, 7],
      [31, 1],
      [365, 28],
      [10, 14],
    ] as const) {
      const p = { from: Date.UTC(2026, 0, 1, 7, 30), to: Date.UTC(2026, 0, 1, 7, 30) + days * DAY - 1 };
      const b = trendBuckets(p, size);
      expect(b[0]!.from).toBe(p.from);
      expect(b[b.length - 1]!.to).toBe(p.to);
      for (let i = 1; i < b.length; i++) expect(b[i]!.from).toBe(b[i - 1]!.to + 1);
      expect(b.length).toBe(Math.ceil(days / size));
    }
  });
});

describe('buildTrend', () => {
  const buckets = trendBuckets({ from: 0, to: 3 * DAY - 1 }, 1);

  it('gives every group every bucket, zeros included; no actions → null rate, actions and no complaint → [0, 3.689 × 1000/n]', () => {
    const t = buildTrend(
      buckets,
      1,
      [
        { key: 'sms', bucket: 0, cases: 2, actions: 4 },
        { key: 'sms', bucket: 2, cases: 1, actions: 1 },
        { key: null, bucket: 1, cases: 1, actions: 2 },
      ],
      [
        { key: 'sms', bucket: 0, complaints: 2 },
        { key: 'letter', bucket: 0, complaints: 1 }, // no exposure: cannot happen, ignored
      ],
    );
    expect(t.bucket_days).toBe(1);
    expect(t.groups.map((g) => g.key)).toEqual(['(none)', 'sms']);
    const sms = t.groups[1]!;
    expect(sms.points.map((p) => [p.from, p.to, p.cases, p.actions, p.complaints, p.small])).toEqual([
      [0, DAY - 1, 2, 4, 2, true],
      [DAY, 2 * DAY - 1, 0, 0, 0, true],
      [2 * DAY, 3 * DAY - 1, 1, 1, 0, true],
    ]);
    // 2 / 4 × 1000 = 500, Garwood [0.242209, 7.224688] × 250
    expect(sms.points[0]!.rate_per_1000_actions.value).toBe(500);
    expect(sms.points[0]!.rate_per_1000_actions.low).toBeCloseTo(60.552, 2);
    expect(sms.points[0]!.rate_per_1000_actions.high).toBeCloseTo(1806.172, 2);
    expect(sms.points[1]!.rate_per_1000_actions).toEqual({ value: null, low: null, high: null });
    expect(sms.points[2]!.rate_per_1000_actions).toEqual({ value: 0, low: 0, high: expect.closeTo(3688.879, 2) });
    expect(t.groups[0]!.points.map((p) => p.actions)).toEqual([0, 2, 0]);
  });

  it('flags a bucket small under 5 complaints', () => {
    const t = buildTrend(
      buckets,
      1,
      [
        { key: 'call', bucket: 0, cases: 9, actions: 10 },
        { key: 'call', bucket: 1, cases: 9, actions: 10 },
      ],
      [
        { key: 'call', bucket: 0, complaints: 4 },
        { key: 'call', bucket: 1, complaints: 5 },
      ],
    );
    expect(t.groups[0]!.points.map((p) => p.small)).toEqual([true, false, true]);
  });
});

describe('resolvePeriod (shared by the API and the dashboard)', () => {
  const NOW = Date.UTC(2026, 10, 20, 12);
  it('defaults to the 90 days up to now; a date `to` takes in its whole day', () => {
    expect(resolvePeriod({}, NOW)).toEqual({ from: NOW - 90 * DAY, to: NOW });
    expect(resolvePeriod({ to: '2026-10-31' }, NOW)).toEqual({ from: Date.UTC(2026, 10, 1) - 1 - 90 * DAY, to: Date.UTC(2026, 10, 1) - 1 });
    expect(resolvePeriod({ from: '2026-10-01', to: '2026-10-31' }, NOW)).toEqual({ from: Date.UTC(2026, 9, 1), to: Date.UTC(2026, 10, 1) - 1 });
    expect(resolvePeriod({ from: '2026-10-01T06:00:00Z', to: '2026-10-02T06:00:00+02:00' }, NOW)).toEqual({
      from: Date.UTC(2026, 9, 1, 6),
      to: Date.UTC(2026, 9, 2, 4),
    });
  });

  it('is null when from is after to', () => {
    expect(resolvePeriod({ from: '2026-11-02', to: '2026-11-01' }, NOW)).toBeNull();
    expect(resolvePeriod({ from: '2026-11-01', to: '2026-11-01' }, NOW)).not.toBeNull();
    expect(isoBoundMs('2026-11-01', true) - isoBoundMs('2026-11-01', false)).toBe(DAY - 1);
  });
});

// ---- on the hand-checked data set of test/helpers/cases-fixture.ts (seedTacticsExample) ----

async function seeded() {
  const { deps } = await makeTestDeps();
  await seedTacticsExample(deps.db);
  return deps.db;
}

const rows = (groups: TrendGroup[]) => Object.fromEntries(groups.map((g) => [g.key, g.points.map((p) => [p.cases, p.actions, p.complaints])]));
const Z = [0, 0, 0];

describe('trend analytics on the hand-checked data set (weekly, window 14 days)', () => {
  it('counts exposure and complaints per action type and week', async () => {
    const db = await seeded();
    const t = await trendAnalytics(db, { ...period, by: 'action_type', windowDays: 14, links: 'any', bucketDays: 7 });
    expect(t.bucket_days).toBe(7);
    expect(t.groups.map((g) => g.key)).toEqual(['call', 'letter', 'sms']);
    expect(rows(t.groups)).toEqual({
      // call 4 (LV-3, week 1), call 10 (LV-1, week 2); m3 and m9 follow call 4, m2 follows call 10
      call: [[1, 1, 2], [1, 1, 1], Z, Z, Z],
      // letter 6 (LV-3, week 1); letters 8 (LV-4) and 12 (LV-5) in week 2; letter 20 (LV-2) in week 3.
      // m3 ← letter 6; m9 ← letter 8, the latest letter before it on its two cases (it counts once, in that week); m4 ← letter 20
      letter: [[1, 1, 1], [2, 2, 1], [1, 1, 1], Z, Z],
      // sms 2 and 5 (LV-1), sms 3 (LV-2), all in week 1; m1 and m2 follow sms 2 and 5 (m4 is 22 days after sms 3)
      sms: [[2, 3, 2], Z, Z, Z, Z],
    });
    for (const g of t.groups) {
      expect(g.points.map((p) => [p.from, p.to])).toEqual(trendBuckets(period, 7).map((b) => [b.from, b.to]));
    }
    const [call, letter, sms] = t.groups;
    // call week 1: 2 / 1 action × 1000 = 2000, Garwood [0.242209, 7.224688] × 1000
    expect(call!.points[0]!.rate_per_1000_actions).toEqual({ value: 2000, low: expect.closeTo(242.209, 2), high: expect.closeTo(7224.688, 2) });
    // letter week 2: 1 / 2 actions × 1000 = 500, Garwood [0.025318, 5.571643] × 500
    expect(letter!.points[1]!.rate_per_1000_actions).toEqual({ value: 500, low: expect.closeTo(12.659, 2), high: expect.closeTo(2785.822, 2) });
    // sms week 1: 2 / 3 × 1000, [0.242209, 7.224688] × 1000/3
    expect(sms!.points[0]!.rate_per_1000_actions.value).toBeCloseTo(666.667, 3);
    expect(sms!.points[0]!.rate_per_1000_actions.low).toBeCloseTo(80.736, 3);
    expect(sms!.points[0]!.rate_per_1000_actions.high).toBeCloseTo(2408.229, 3);
    // weeks with no action of the group: no rate
    expect(sms!.points[1]!.rate_per_1000_actions).toEqual({ value: null, low: null, high: null });
    expect(t.groups.every((g) => g.points.every((p) => p.small))).toBe(true);
  });

  it('groups by case attribute and by team (the action team over the case team), zeros with the interval of 0 events', async () => {
    const db = await seeded();
    const seg = await trendAnalytics(db, { ...period, by: 'segment', windowDays: 14, links: 'any', bucketDays: 7 });
    expect(rows(seg.groups)).toEqual({
      known_info: [Z, [1, 1, 0], Z, Z, Z], // LV-5: letter 12; m8 follows only the September sms
      unable: [[1, 2, 2], Z, Z, Z, Z], // LV-3: call 4, letter 6; m3, m9
      unwilling: [[1, 1, 0], [1, 1, 1], [1, 1, 1], Z, Z], // LV-2 sms 3, LV-4 letter 8 (m9), LV-2 letter 20 (m4)
      willing_able: [[1, 2, 1], [1, 1, 1], Z, Z, Z], // LV-1: sms 2, 5 (m1), call 10 (m2, its latest action)
    });
    expect(seg.groups[0]!.points[1]!.rate_per_1000_actions).toEqual({ value: 0, low: 0, high: expect.closeTo(3688.879, 2) });

    const team = await trendAnalytics(db, { ...period, by: 'team', windowDays: 14, links: 'any', bucketDays: 7 });
    expect(rows(team.groups)).toEqual({
      '(none)': [Z, [1, 1, 0], Z, Z, Z], // LV-5
      A: [[2, 3, 1], [1, 1, 1], Z, Z, Z], // LV-1 (sms 2, 5: m1; call 10: m2), LV-2 sms 3
      B: [[1, 2, 1], [1, 1, 1], [1, 1, 1], Z, Z], // LV-3 (m3); LV-4 (m9); LV-2 letter 20 (action team B; m4)
    });
  });

  it('counts only confirmed links when asked, and fewer with a shorter window', async () => {
    const db = await seeded();
    const confirmed = await trendAnalytics(db, { ...period, by: 'action_type', windowDays: 14, links: 'confirmed', bucketDays: 7 });
    // m1 and m4 are only suggested
    expect(Object.fromEntries(confirmed.groups.map((g) => [g.key, g.points.map((p) => p.complaints)]))).toEqual({
      call: [2, 1, 0, 0, 0],
      letter: [1, 1, 0, 0, 0],
      sms: [1, 0, 0, 0, 0],
    });
    const short = await trendAnalytics(db, { ...period, by: 'action_type', windowDays: 3, links: 'any', bucketDays: 7 });
    // 3 days: m1 ← sms 5; m2 ← call 10; m3 ← letter 6; m9 ← letter 8; m4 ← none
    expect(Object.fromEntries(short.groups.map((g) => [g.key, g.points.map((p) => p.complaints)]))).toEqual({
      call: [0, 1, 0, 0, 0],
      letter: [1, 1, 0, 0, 0],
      sms: [1, 0, 0, 0, 0],
    });
  });

  it('counts whole UTC days: a bound inside a day takes in that day, and the window counts days', async () => {
    const { deps } = await makeTestDeps();
    const c = await seedCase(deps.db, { ref: 'LV-40512376', creditor: 'Telia', segment: 'unable', country: 'LV' });
    await seedAction(deps.db, c, oct(2), 'sms', 'sms');
    await seedAction(deps.db, c, oct(3) - 1, 'call', 'phone');
    await seedAction(deps.db, c, oct(3), 'letter', 'letter');
    await seedAction(deps.db, c, oct(4) + 5, 'email', 'email'); // after noon on 4 Oct, but on the period's last day
    await seedAction(deps.db, c, oct(5) - 12 * HOUR, 'other', 'in_person'); // 5 Oct 00:00: the day after
    const m = await seedMention(deps.db, { publishedAt: oct(3) + HOUR });
    await seedLink(deps.db, m, c);
    const t = await trendAnalytics(deps.db, { from: oct(2), to: oct(4), by: 'action_type', windowDays: 1, links: 'any', bucketDays: 1 });
    // From noon on 2 Oct to noon on 4 Oct: the days 2, 3 and 4 October, whole.
    expect(t.groups[0]!.points.map((p) => [p.from, p.to])).toEqual([2, 3, 4].map((d) => [oct(d) - 12 * HOUR, oct(d) + 12 * HOUR - 1]));
    expect(Object.fromEntries(t.groups.map((g) => [g.key, g.points.map((p) => [p.actions, p.complaints])]))).toEqual({
      call: [
        [0, 0],
        [1, 1],
        [0, 0],
      ],
      email: [
        [0, 0],
        [0, 0],
        [1, 0],
      ],
      letter: [
        [0, 0],
        [1, 1],
        [0, 0],
      ],
      // sms on 2 Oct is one day before the mention's day: inside a window of one day
      sms: [
        [1, 1],
        [0, 0],
        [0, 0],
      ],
    });
  });

  it('says which buckets are still filling: those that ended less than the window before now', async () => {
    const db = await seeded();
    // Now 1 Nov 00:00, a 14-day window: a bucket is complete once 14 whole days have passed after its last day.
    const t = await trendAnalytics(db, { ...period, by: 'action_type', windowDays: 14, links: 'any', bucketDays: 7, asOf: Date.UTC(2026, 10, 1) });
    // Weeks ending 7, 14, 21, 28 and 31 Oct: a complaint may come on the last day or the 14 after it, so they are
    // complete from 22 Oct, 29 Oct, 5 Nov, 12 Nov and 15 Nov.
    expect(t.groups[0]!.points.map((p) => p.complete)).toEqual([true, true, false, false, false]);
    const whole = await trendAnalytics(db, { ...period, by: 'action_type', windowDays: 14, links: 'any', bucketDays: 7 });
    expect(whole.groups[0]!.points.every((p) => p.complete)).toBe(true);
  });

  it('no actions: no groups; too many buckets: a bad request that says how to fix it', async () => {
    const db = await seeded();
    expect(await trendAnalytics(db, { from: oct(1) + 100 * DAY, to: oct(1) + 120 * DAY, by: 'channel', windowDays: 14, links: 'any', bucketDays: 7 })).toEqual({
      bucket_days: 7,
      groups: [],
    });
    const long = { from: Date.UTC(2020, 0, 1), to: Date.UTC(2026, 0, 1), by: 'channel' as const, windowDays: 14, links: 'any' as const };
    await expect(trendAnalytics(db, { ...long, bucketDays: 1 })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^bucket_days: .*at most 366/) });
    expect(trendBucketCount(long, 7)).toBeLessThanOrEqual(MAX_TREND_BUCKETS);
    await expect(trendAnalytics(db, { ...long, bucketDays: 7 })).resolves.toMatchObject({ bucket_days: 7 });
  });
});
