import { describe, expect, it } from 'vitest';
import { rateInterval, rateRatioInterval } from '../../../src/core/cases/rates.ts';

// Reference values: published Garwood / Clopper–Pearson tables and χ² quantiles (the same figures as
// scipy.stats chi2.ppf / beta.ppf), to 4–6 significant digits.

describe('rateInterval', () => {
  it('scales to a rate per 1,000', () => {
    // 5 complaints over 2,000 cases: 2.5 per 1,000, [1.623486, 11.668332] / 2
    const r = rateInterval(5, 2000);
    expect(r.value).toBe(2.5);
    expect(r.low).toBeCloseTo(0.811743, 5);
    expect(r.high).toBeCloseTo(5.834166, 5);
    expect(rateInterval(3, 0)).toEqual({ value: null, low: null, high: null });
  });
});

describe('rateRatioInterval (conditional binomial)', () => {
  it('maps the Clopper–Pearson limits for x1/(x1+x2) to the rate ratio', () => {
    // 3 events over 100 vs 2 over 400: RR = 0.03 / 0.005 = 6. π limits for 3 of 5: [0.146633, 0.947255];
    // RR = π/(1−π) · 400/100 → [0.687314, 71.836643]
    const r = rateRatioInterval(3, 100, 2, 400);
    expect(r.value).toBe(6);
    expect(r.low).toBeCloseTo(0.687314, 5);
    expect(r.high).toBeCloseTo(71.836643, 4);
  });

  it('leaves unbounded ends null rather than claiming a ratio', () => {
    expect(rateRatioInterval(0, 10, 0, 10)).toEqual({ value: null, low: 0, high: null });
    const onlyHere = rateRatioInterval(2, 10, 0, 10);
    expect(onlyHere.value).toBeNull();
    expect(onlyHere.high).toBeNull();
    expect(onlyHere.low).toBeGreaterThan(0);
    expect(rateRatioInterval(2, 10, 1, 0)).toEqual({ value: null, low: null, high: null });
  });
});
