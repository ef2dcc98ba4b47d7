import { describe, expect, it } from 'vitest';
import { changeAnalytics, tacticsAnalytics, topicsAnalytics } from '../../src/core/cases/analytics.ts';
import { oct, seedTacticsExample } from '../helpers/cases-fixture.ts';
import { makeTestDeps } from '../helpers/test-deps.ts';

// The data set is drawn in test/helpers/cases-fixture.ts (seedTacticsExample). Period 1–31 Oct, window 14 days.
// Garwood 95 % limits used below: k=0 [0, 3.688879]; k=2 [0.242209, 7.224688]; k=3 [0.618672, 8.767273].

const period = { from: oct(1) - 12 * 3_600_000, to: oct(31) + 12 * 3_600_000 - 1 }; // 1 Oct 00:00 – 31 Oct 23:59:59.999

async function seeded() {
  const { deps } = await makeTestDeps();
  await seedTacticsExample(deps.db);
  return deps.db;
}

const close = (actual: number | null, expected: number, digits = 3) => {
  expect(actual).not.toBeNull();
  expect(actual!).toBeCloseTo(expected, digits);
};

describe('tactics analytics on the hand-checked data set', () => {
  it('counts exposure, attributes complaints and computes rates by action type', async () => {
    const db = await seeded();
    const { groups } = await tacticsAnalytics(db, { ...period, by: 'action_type', windowDays: 14, links: 'any', sort: 'key' });
    expect(groups.map((g) => [g.key, g.cases, g.actions, g.complaints, g.small])).toEqual([
      // call: LV-1, LV-3; 2 actions; m2 (call 10), m3 and m9 (call 4)
      ['call', 2, 2, 3, true],
      // letter: LV-2, LV-3, LV-4, LV-5; 4 actions; m3, m9 (once, though linked to two cases), m4
      ['letter', 4, 4, 3, true],
      // sms: LV-1, LV-2 (LV-5's sms of 20 Sep is outside the period); 3 actions; m1, m2 (m4 is 22 days after sms 3)
      ['sms', 2, 3, 2, true],
    ]);
    const [call, letter, sms] = groups;

    // call: 3 / 2 cases × 1000 = 1500, limits [0.618672, 8.767273] × 500
    expect(call!.rate_per_1000_cases.value).toBe(1500);
    close(call!.rate_per_1000_cases.low, 309.336);
    close(call!.rate_per_1000_cases.high, 4383.637);
    // letter: 3 / 4 actions × 1000 = 750, limits × 250
    expect(letter!.rate_per_1000_actions.value).toBe(750);
    close(letter!.rate_per_1000_actions.low, 154.668);
    close(letter!.rate_per_1000_actions.high, 2191.818);
    // sms: 2 / 3 actions × 1000 = 666.667, limits [0.242209, 7.224688] × 1000/3
    close(sms!.rate_per_1000_actions.value, 666.667);
    close(sms!.rate_per_1000_actions.low, 80.736);
    close(sms!.rate_per_1000_actions.high, 2408.229);

    // Rate ratio per case against the other groups summed:
    // sms: (2/2) / ((3+3)/(2+4)) = 1; Clopper–Pearson for 2 of 8 → [0.031854, 0.650856]; π/(1−π) × 6/2
    expect(sms!.rate_ratio.value).toBe(1);
    close(sms!.rate_ratio.low, 0.098706);
    close(sms!.rate_ratio.high, 5.592438);
    // call: (3/2) / ((2+3)/(2+4)) = 1.8
    close(call!.rate_ratio.value, 1.8);
    close(call!.rate_ratio.low, 0.279525);
    close(call!.rate_ratio.high, 9.251738);
    // letter: (3/4) / ((2+3)/(2+2)) = 0.6
    close(letter!.rate_ratio.value, 0.6);
    close(letter!.rate_ratio.low, 0.093175);
    close(letter!.rate_ratio.high, 3.083913);
  });

  it('groups by case attributes, with a zero-complaint group getting [0, 3.689 × 1000/cases]', async () => {
    const db = await seeded();
    const { groups } = await tacticsAnalytics(db, { ...period, by: 'segment', windowDays: 14, links: 'any', sort: 'key' });
    expect(groups.map((g) => [g.key, g.cases, g.actions, g.complaints])).toEqual([
      ['known_info', 1, 1, 0], // LV-5: letter 12 (m8 follows only the out-of-period sms)
      ['unable', 1, 2, 2], // LV-3: m3, m9
      ['unwilling', 2, 3, 2], // LV-2, LV-4: m4, m9
      ['willing_able', 1, 3, 2], // LV-1: m1, m2
    ]);
    const known = groups[0]!;
    expect(known.rate_per_1000_cases).toEqual({ value: 0, low: 0, high: expect.closeTo(3688.879, 2) });
    // 0 / 1 against 6 / 4: value 0; π ≤ 1 − 0.025^(1/6) = 0.459258 → π/(1−π) = 0.849311, × 4 = 3.397245
    expect(known.rate_ratio.value).toBe(0);
    expect(known.rate_ratio.low).toBe(0);
    close(known.rate_ratio.high, 3.397245);
    // willing_able: (2/1) / (4/4) = 2
    close(groups[3]!.rate_ratio.value, 2);
    close(groups[3]!.rate_ratio.low, 0.180916);
    close(groups[3]!.rate_ratio.high, 13.955087);
  });

  it('takes the action team over the case team, and reports rows without one as "(none)"', async () => {
    const db = await seeded();
    const { groups } = await tacticsAnalytics(db, { ...period, by: 'team', windowDays: 14, links: 'any', sort: 'key' });
    expect(groups.map((g) => [g.key, g.cases, g.actions, g.complaints])).toEqual([
      ['(none)', 1, 1, 0], // LV-5
      ['A', 2, 4, 2], // LV-1 (3 actions), LV-2 sms 3; m1, m2
      ['B', 3, 4, 3], // LV-2 letter 20 (team B), LV-3 (2), LV-4; m4, m3, m9
    ]);
  });

  it('gives the same kind of answer over a short period (read through the time index rather than a scan)', async () => {
    const db = await seeded();
    // 1–3 Oct holds 2 of the 10 actions (sms 2 on LV-1, sms 3 on LV-2): not more than a fifth, so the index path.
    const short = { from: period.from, to: oct(3) + 12 * 3_600_000 - 1 };
    const { groups } = await tacticsAnalytics(db, { ...short, by: 'segment', windowDays: 14, links: 'any', sort: 'key' });
    // m1 (Oct 7) and m2 (Oct 12) follow sms 2 on LV-1; m4 (Oct 25) is 22 days after sms 3 on LV-2
    expect(groups.map((g) => [g.key, g.cases, g.actions, g.complaints])).toEqual([
      ['unwilling', 1, 1, 0],
      ['willing_able', 1, 1, 2],
    ]);
    const team = await tacticsAnalytics(db, { ...short, by: 'team', windowDays: 14, links: 'any', sort: 'key' });
    expect(team.groups.map((g) => [g.key, g.cases, g.actions, g.complaints])).toEqual([['A', 2, 2, 2]]);
  });

  it('counts only confirmed links when asked', async () => {
    const db = await seeded();
    const { groups } = await tacticsAnalytics(db, { ...period, by: 'action_type', windowDays: 14, links: 'confirmed', sort: 'key' });
    // m1 and m4 are only suggested: call m2, m3, m9; letter m3, m9; sms m2
    expect(groups.map((g) => [g.key, g.complaints])).toEqual([
      ['call', 3],
      ['letter', 2],
      ['sms', 1],
    ]);
  });

  it('a shorter window attributes fewer complaints', async () => {
    const db = await seeded();
    const { groups } = await tacticsAnalytics(db, { ...period, by: 'action_type', windowDays: 3, links: 'any', sort: 'key' });
    // 3 days: m1 (Oct 7) ← sms 5; m2 (Oct 12) ← call 10; m3 (Oct 9) ← letter 6; m4 (Oct 25) ← none (letter 20 is
    // 5 days back); m9 (Oct 10) ← letter 8 (LV-4)
    expect(groups.map((g) => [g.key, g.complaints])).toEqual([
      ['call', 1],
      ['letter', 2],
      ['sms', 1],
    ]);
  });

  it('sorts by the lower bound when asked', async () => {
    const db = await seeded();
    const { groups } = await tacticsAnalytics(db, { ...period, by: 'action_type', windowDays: 14, links: 'any', sort: 'low' });
    // lower bounds per 1,000 cases: call 309.3, sms 121.1 (0.242209 × 500), letter 154.7 (0.618672 × 250)
    expect(groups.map((g) => g.key)).toEqual(['call', 'letter', 'sms']);
  });
});

describe('topics analytics', () => {
  it('counts linked complaints per analyser tactic label per group', async () => {
    const db = await seeded();
    const { groups } = await topicsAnalytics(db, { ...period, by: 'action_type', windowDays: 14, links: 'any' });
    expect(groups).toEqual([
      // m2 [frequency], m3 [threat_legal], m9 [threat_legal, credit_record]
      {
        key: 'call',
        complaints: 3,
        topics: [
          { tactic: 'threat_legal', complaints: 2 },
          { tactic: 'contact_frequency', complaints: 1 },
          { tactic: 'credit_record', complaints: 1 },
        ],
      },
      // m3, m9, m4 (no label)
      {
        key: 'letter',
        complaints: 3,
        topics: [
          { tactic: 'threat_legal', complaints: 2 },
          { tactic: 'credit_record', complaints: 1 },
          { tactic: 'unlabelled', complaints: 1 },
        ],
      },
      // m1 [frequency, time], m2 [frequency]
      {
        key: 'sms',
        complaints: 2,
        topics: [
          { tactic: 'contact_frequency', complaints: 2 },
          { tactic: 'contact_time', complaints: 1 },
        ],
      },
    ]);
  });
});

describe('change analytics', () => {
  it('compares the rate per 1,000 actions before and after a date', async () => {
    const db = await seeded();
    const at = oct(15) - 12 * 3_600_000; // 15 Oct 00:00
    const r = await changeAnalytics(db, { by: 'action_type', key: 'letter', at, spanDays: 14, windowDays: 14, links: 'any' });
    // before [1 Oct, 15 Oct): letters 6, 8, 12 → 3 actions; m3, m9 → 2 complaints; 2/3 × 1000 = 666.667
    expect([r.before.actions, r.before.complaints]).toEqual([3, 2]);
    close(r.before.rate_per_1000_actions.value, 666.667);
    close(r.before.rate_per_1000_actions.low, 80.736); // 0.242209 × 1000/3
    close(r.before.rate_per_1000_actions.high, 2408.229); // 7.224688 × 1000/3
    // after [15 Oct, 29 Oct): letter 20 → 1 action; m4 → 1 complaint; 1000, limits [0.025318, 5.571643] × 1000
    expect([r.after.actions, r.after.complaints]).toEqual([1, 1]);
    expect(r.after.rate_per_1000_actions.value).toBe(1000);
    close(r.after.rate_per_1000_actions.low, 25.318);
    close(r.after.rate_per_1000_actions.high, 5571.643);
    // after/before = (1/1)/(2/3) = 1.5; Clopper–Pearson for 1 of 3 → [0.008404, 0.905701]; π/(1−π) × 3/1
    close(r.rate_ratio.value, 1.5);
    close(r.rate_ratio.low, 0.025425);
    close(r.rate_ratio.high, 28.81359, 2);
    expect(r.before.small && r.after.small).toBe(true);
  });
});
