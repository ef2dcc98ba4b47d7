import { describe, expect, it } from 'vitest';
import { changePointOf, changePoints } from '../../../src/core/cases/change-points.ts';
import type { TrendGroup } from '../../../src/core/cases/analytics.ts';
import { rateInterval } from '../../../src/core/cases/rates.ts';

const WEEK = 7 * 86_400_000;
const T0 = Date.UTC(2026, 8, 7);
/** A weekly series: actions and complaints per week. */
const series = (key: string, weeks: [number, number][], incompleteTail = 0): TrendGroup => ({
  key,
  points: weeks.map(([actions, complaints], i) => ({
    from: T0 + i * WEEK,
    to: T0 + (i + 1) * WEEK - 1,
    cases: actions,
    actions,
    complaints,
    rate_per_1000_actions: rateInterval(complaints, actions),
    small: complaints < 5,
    complete: i < weeks.length - incompleteTail,
  })),
});

describe('change points', () => {
  it('finds the week a rate rose, with the rates before and after and a ratio clear of 1', () => {
    const g = series('sms', [...Array.from({ length: 6 }, () => [1000, 4] as [number, number]), ...Array.from({ length: 4 }, () => [1000, 20] as [number, number])]);
    const c = changePointOf(g)!;
    expect(c.at).toBe(T0 + 6 * WEEK);
    expect([c.before.complaints, c.before.actions, c.after.complaints, c.after.actions]).toEqual([24, 6000, 80, 4000]);
    expect(c.before.rate_per_1000_actions.value).toBeCloseTo(4, 6);
    expect(c.after.rate_per_1000_actions.value).toBeCloseTo(20, 6);
    expect(c.rate_ratio.value).toBeCloseTo(5, 6);
    expect(c.rate_ratio.low!).toBeGreaterThan(1);
  });

  it('proposes nothing for a steady rate, for noise, for too few complaints or too few weeks', () => {
    expect(
      changePointOf(
        series(
          'steady',
          Array.from({ length: 12 }, () => [1000, 10] as [number, number]),
        ),
      ),
    ).toBeNull();
    // One busy week in the middle is not a change of level that lasts.
    expect(
      changePointOf(
        series('noise', [
          [1000, 8],
          [1000, 12],
          [1000, 9],
          [1000, 14],
          [1000, 7],
          [1000, 11],
          [1000, 10],
          [1000, 13],
        ]),
      ),
    ).toBeNull();
    expect(
      changePointOf(
        series('few', [
          [100, 0],
          [100, 0],
          [100, 0],
          [100, 3],
          [100, 3],
          [100, 3],
        ]),
      ),
    ).toBeNull();
    expect(
      changePointOf(
        series('short', [
          [1000, 1],
          [1000, 1],
          [1000, 50],
        ]),
      ),
    ).toBeNull();
  });

  it('leaves out the weeks still filling, and puts the largest change first, falls included', () => {
    // The last two weeks look quiet only because their complaints have not all arrived.
    const filling = series('filling', [...Array.from({ length: 8 }, () => [1000, 15] as [number, number]), [1000, 1], [1000, 0]], 2);
    expect(changePointOf(filling)).toBeNull();
    const fell = series('letter', [...Array.from({ length: 5 }, () => [1000, 30] as [number, number]), ...Array.from({ length: 5 }, () => [1000, 10] as [number, number])]);
    const rose = series('sms', [...Array.from({ length: 5 }, () => [1000, 4] as [number, number]), ...Array.from({ length: 5 }, () => [1000, 40] as [number, number])]);
    const found = changePoints({ bucket_days: 7, groups: [fell, rose, filling] });
    expect(found.map((c) => c.key)).toEqual(['sms', 'letter']);
    expect(found[1]!.rate_ratio.high!).toBeLessThan(1);
  });
});
