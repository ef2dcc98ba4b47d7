import { describe, expect, it } from 'vitest';
import { HourlySeries } from '../../../src/core/alerts/hourly-series.ts';
import { burstDetection, falseAlertsPerYear } from '../../../src/core/alerts/simulate.ts';
import { baselineAt, detectVolume, expectedCount } from '../../../src/core/alerts/volume-detector.ts';

/** 1970-01-05 00:00 UTC, a Monday. */
const MONDAY = 96;
const DAY = 24;

/** An hourly series from a per-day pattern, spread evenly over each day's hours (remainder in the first hours). */
function series(days: number[], extra: Record<number, number> = {}): HourlySeries {
  const counts = new Array<number>(days.length * DAY).fill(0);
  days.forEach((n, d) => {
    for (let i = 0; i < n; i++) counts[d * DAY + ((i * 7) % DAY)]! += 1;
  });
  for (const [h, n] of Object.entries(extra)) counts[Number(h)]! += n;
  return new HourlySeries(MONDAY, counts);
}

const flat = (n: number, days: number) => Array<number>(days).fill(n);

describe('volume detector', () => {
  it('labels weekdays from Monday 00:00 UTC', () => {
    const s = series(flat(0, 14));
    expect([0, 24, 48, 120, 144, 167, 168].map((h) => s.weekday(h))).toEqual([0, 1, 2, 5, 6, 6, 0]);
    expect(s.hoursOnDay(0, 0, 14 * DAY)).toBe(48);
    expect(s.hoursOnDay(6, 10, 150)).toBe(6);
  });

  it.each([
    { name: 'a 12-mention hour after 30 quiet days at 5 a day', days: flat(5, 31), last: 12, found: true },
    { name: 'an ordinary hour', days: flat(5, 31), last: 1, found: false },
    { name: 'four mentions from silence: below the minimum count', days: flat(0, 31), last: 4, found: false },
    { name: 'five mentions from silence', days: flat(0, 31), last: 5, found: true },
    { name: 'a large spike with only 10 days of history (cold start)', days: flat(5, 10), last: 40, found: false },
    { name: 'a large spike after 16 days: enough history', days: flat(5, 16), last: 40, found: true },
  ])('$name → finding: $found', ({ days, last, found }) => {
    const s = series(days, { [days.length * DAY - 1]: last });
    expect(detectVolume(s, days.length * DAY, 0) !== null).toBe(found);
  });

  it('waits for the history of a key that started late, even when the series is long', () => {
    const days = flat(5, 31);
    const s = series(days, { [31 * DAY - 1]: 40 });
    expect(detectVolume(s, 31 * DAY, 20 * DAY)).toBeNull();
    expect(detectVolume(s, 31 * DAY, 14 * DAY)).not.toBeNull();
  });

  it('reports the strongest window, its counts and severity', () => {
    const s = series(flat(5, 31), { [31 * DAY - 1]: 12 });
    const f = detectVolume(s, 31 * DAY, 0)!;
    expect(f).toMatchObject({ windowHours: 1, observed: 12 + 0 });
    expect(f.expected).toBeGreaterThan(0.1);
    expect(f.expected).toBeLessThan(0.5);
    expect(f.p).toBeLessThan(1e-7);
    expect(f.severity).toBe('high');
  });

  it('expects weekday volumes: a normal Monday is not news, the same volume on a Saturday is', () => {
    // Four weeks of 20 a day on weekdays and 2 at weekends, then a fifth week.
    const week = [20, 20, 20, 20, 20, 2, 2];
    const days = [...week, ...week, ...week, ...week, ...week];
    const mondayEnd = 28 * DAY + DAY; // the fifth Monday, ending
    const s = series(days);
    expect(detectVolume(s, mondayEnd, 0)).toBeNull();
    const saturday = [...days.slice(0, 33), 20, 2];
    const sat = series(saturday);
    const f = detectVolume(sat, 34 * DAY, 0);
    expect(f?.windowHours).toBe(24);
    expect(f!.expected).toBeLessThan(6);
  });

  it('keeps the last two days out of the baseline, so a surge that began yesterday is still a surge', () => {
    const days = [...flat(3, 30), 30, 30];
    const s = series(days);
    const b = baselineAt(s, 32 * DAY, 0)!;
    expect(b.rate * 24).toBeCloseTo(3, 0);
    expect(detectVolume(s, 32 * DAY, 0)).not.toBeNull();
  });

  it('measures overdispersion and demands more of a bursty key', () => {
    const calm = series(flat(10, 31));
    const bursty = series(Array.from({ length: 31 }, (_, d) => (d % 2 ? 0 : 20)));
    expect(baselineAt(calm, 31 * DAY, 0)!.dispersion).toBe(1);
    expect(baselineAt(bursty, 31 * DAY, 0)!.dispersion).toBeGreaterThan(3);
    // 30 in the last 24 hours: three times usual for the calm key, an ordinary high day for the bursty one.
    const spike = { [31 * DAY - 1]: 20 };
    expect(detectVolume(series(flat(10, 31), spike), 31 * DAY + 0, 0)).not.toBeNull();
    expect(
      detectVolume(
        series(
          Array.from({ length: 31 }, (_, d) => (d % 2 ? 0 : 20)).map((n, d) => (d === 30 ? 10 : n)),
          spike,
        ),
        31 * DAY,
        0,
      ),
    ).toBeNull();
  });

  it('sums expectations over the window hour by hour', () => {
    const s = series(flat(24, 31));
    const b = baselineAt(s, 31 * DAY, 0)!;
    expect(expectedCount(s, 30 * DAY, 31 * DAY, b)).toBeCloseTo(24, 0);
  });
});

describe('calibration on synthetic traffic', () => {
  it('raises at most two false volume alerts a year at 5 mentions a day', () => {
    expect(falseAlertsPerYear(5, 2, 11)).toBeLessThanOrEqual(2);
  });

  it('finds a 10× six-hour burst at 50 a day, mostly within two hours', () => {
    const r = burstDetection(50, 10, 6, 1, 12);
    expect(r.detected).toBeGreaterThan(0.9);
    expect(r.within2h).toBeGreaterThan(0.6);
  });
});
