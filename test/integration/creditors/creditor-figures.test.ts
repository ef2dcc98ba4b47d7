import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../db/client.ts';
import { creditorFigures } from '../../../src/core/creditors/figures.ts';
import { monthPeriod } from '../../../src/core/creditors/month.ts';
import { buildCreditorReport, renderCreditorReport } from '../../../src/core/creditors/report.ts';
import { stepEffects } from '../../../src/core/steps/effect.ts';
import { oct, seedAction, seedCase, seedLink, seedMention, seedStepEffectExample } from '../../helpers/cases-fixture.ts';
import { T0, testDb } from '../../helpers/test-deps.ts';

/**
 * Two creditors, October 2026, window 14 days: every figure below is counted by hand.
 *
 *   Northwind: cases N1–N6 (opened 1 Sep), an SMS on 2 Oct each, a call on 3 Oct on N1–N3 → 6 cases, 9 actions.
 *     Negative, relevant mentions on 5 Oct linked to N1–N6 (N1's with a sign of vulnerability) → 6 complaints,
 *     each after the SMS, the first three also after the call. Positive mentions on 6 Oct on N1, N2.
 *   Southgate: case S1, an SMS on 2 Oct, seven negative mentions on 4 Oct (its numbers must never show above).
 */
let db: Db;
const october = monthPeriod({ year: 2026, month: 10 });
const figures = (creditor: string) => creditorFigures(db, { creditor, ...october, windowDays: 14, links: 'any', now: T0 });

beforeAll(async () => {
  db = await testDb();
  for (let i = 1; i <= 6; i++) {
    const c = await seedCase(db, { ref: `NW-1000${i}`, creditor: 'Northwind', segment: 'unable', country: 'LV', team: 'A' });
    await seedAction(db, c, oct(2), 'sms', 'sms');
    if (i <= 3) await seedAction(db, c, oct(3), 'call', 'phone');
    await seedLink(db, await seedMention(db, { publishedAt: oct(5), tactics: ['contact_time'], vulnerability: i === 1 ? ['health'] : [] }), c);
    if (i <= 2) await seedLink(db, await seedMention(db, { publishedAt: oct(6), sentiment: 'positive', tactics: ['agent_helpful'] }), c);
  }
  const s = await seedCase(db, { ref: 'SG-20001', creditor: 'Southgate', segment: 'unwilling', country: 'FI' });
  await seedAction(db, s, oct(2), 'sms', 'sms');
  for (let i = 0; i < 7; i++) await seedLink(db, await seedMention(db, { publishedAt: oct(4) }), s);
});

describe("a creditor's figures", () => {
  it('count only its own cases, against hand-computed values', async () => {
    const f = await figures('Northwind');
    expect(f.portfolio).toEqual({ cases: 6, opened: 0 });
    expect(f.contacted).toEqual({ cases: 6, actions: 9 });
    expect(f.complaints).toBe(6);
    // 6 complaints: Garwood 95 % limits 2.2019 and 13.0591, per 6 cases and per 9 actions.
    expect(f.complaints_per_1000_cases!.value).toBeCloseTo(1000, 6);
    expect(f.complaints_per_1000_cases!.low).toBeCloseTo((2.2019 * 1000) / 6, 0);
    expect(f.complaints_per_1000_cases!.high).toBeCloseTo((13.0591 * 1000) / 6, 0);
    expect(f.complaints_per_1000_actions!.value).toBeCloseTo(6000 / 9, 6);
    expect(f.by_action_type.map((g) => [g.key, g.name, g.actions, g.complaints])).toEqual([
      ['call', 'Call', 3, '< 5'],
      ['sms', 'SMS', 6, 6],
    ]);
    expect(f.by_action_type[0]!.rate_per_1000_actions).toBeNull();
    expect(f.by_channel.map((g) => [g.key, g.actions, g.complaints])).toEqual([
      ['phone', 3, '< 5'],
      ['sms', 6, 6],
    ]);
    // 8 relevant mentions, 6 negative: Clopper–Pearson 0.3491–0.9681.
    expect(f.mentions.relevant).toBe(8);
    expect(f.mentions.negative).toBe(6);
    expect(f.mentions.negative_share!.value).toBeCloseTo(0.75, 6);
    expect(f.mentions.negative_share!.low).toBeCloseTo(0.3491, 3);
    expect(f.mentions.negative_share!.high).toBeCloseTo(0.9681, 3);
    expect(f.vulnerability).toEqual({ signals: '< 5', per_1000_cases: null });
    // One bucket of four weeks and one of the month's last three days.
    expect(f.trend.points.map((p) => [p.actions, p.complaints])).toEqual([
      [9, 6],
      [0, '< 5'],
    ]);
  });

  it("never include another creditor's numbers", async () => {
    const north = JSON.stringify(await figures('Northwind'));
    expect(north).not.toContain('Southgate');
    const south = await figures('Southgate');
    expect(south.contacted).toEqual({ cases: 1, actions: 1 });
    expect(south.complaints).toBe(7);
    expect(south.mentions.relevant).toBe(7);
    expect((await figures('Nobody')).contacted).toEqual({ cases: 0, actions: 0 });
  });

  it('go into the monthly report beside the month before, with nothing personal in it', async () => {
    const report = await buildCreditorReport(db, { creditor: 'Northwind', month: { year: 2026, month: 10 }, now: T0, baseUrl: 'https://earshot.example/' });
    expect(report.previous.complaints).toBe('< 5');
    expect(report.change).toBeNull();
    const mail = renderCreditorReport(report);
    expect(mail.subject).toBe('Northwind: customer experience in collection, October 2026');
    expect(mail.text).toContain('Public complaints: October 2026 6 · September 2026 < 5');
    expect(mail.text).toContain('Complaints per 1,000 actions: October 2026 666.7 (');
    expect(mail.text).toContain('Too few complaints in one of the two months to compare them.');
    for (const secret of ['NW-1000', 'Lumera keeps texting', 'Southgate']) {
      expect(mail.html).not.toContain(secret);
      expect(mail.text).not.toContain(secret);
    }
  });
});

describe('did a step help', () => {
  it('compares the 30 days after a step with the cases where it was proposed and not taken, by hand', async () => {
    const db2 = await testDb();
    await seedStepEffectExample(db2);

    const [effect] = await stepEffects(db2, { from: Date.UTC(2026, 8, 1), to: T0, now: T0 });
    expect(effect!.step).toBe('offer_payment_plan');
    expect(effect!.applied).toMatchObject({ cases: 2, complaints: 1, waiting: 1 });
    expect(effect!.without).toMatchObject({ cases: 3, complaints: 4, waiting: 0 });
    expect(effect!.applied.rate_per_1000_cases.value).toBeCloseTo(500, 6);
    expect(effect!.without.rate_per_1000_cases.value).toBeCloseTo(4000 / 3, 6);
    // (1/2) ÷ (4/3) = 0.375; Clopper–Pearson for 1 of 5 is 0.005051–0.716418, times 3/2 as odds: 0.007615–3.789474.
    expect(effect!.rate_ratio.value).toBeCloseTo(0.375, 6);
    expect(effect!.rate_ratio.low).toBeCloseTo(0.007615, 5);
    expect(effect!.rate_ratio.high).toBeCloseTo(3.789474, 4);
    expect(effect!.verdict).toBe('unclear');
    // Another creditor's cases are not in its figures.
    expect(await stepEffects(db2, { from: Date.UTC(2026, 8, 1), to: T0, now: T0, creditor: 'Southgate' })).toEqual([]);
  });
});
