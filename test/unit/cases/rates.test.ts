import { describe, expect, it } from 'vitest';
import { betaI, clopperPearson, gammaP, gammaPInv, poissonInterval, rateInterval, rateRatioInterval } from '../../../src/core/cases/rates.ts';

// Reference values: published Garwood / Clopper–Pearson tables and χ² quantiles (the same figures as
// scipy.stats chi2.ppf / beta.ppf), to 4–6 significant digits.

describe('incomplete gamma and beta', () => {
  it('matches closed forms', () => {
    expect(gammaP(1, 2)).toBeCloseTo(1 - Math.exp(-2), 12); // P(1, x) = 1 − e^−x
    expect(betaI(1, 1, 0.3)).toBeCloseTo(0.3, 12); // uniform
    expect(betaI(2, 1, 0.5)).toBeCloseTo(0.25, 12); // I_x(2,1) = x²
  });

  it('inverts to the χ² quantiles', () => {
    expect(2 * gammaPInv(0.5, 0.95)).toBeCloseTo(3.841459, 5); // χ²(0.95; 1)
    expect(2 * gammaPInv(5, 0.95)).toBeCloseTo(18.307038, 5); // χ²(0.95; 10)
  });
});

describe('poissonInterval (Garwood)', () => {
  it('gives the published exact limits', () => {
    const z = poissonInterval(0);
    expect(z.low).toBe(0);
    expect(z.high).toBeCloseTo(3.688879, 5); // −ln 0.025
    const five = poissonInterval(5);
    expect(five.low).toBeCloseTo(1.623486, 5);
    expect(five.high).toBeCloseTo(11.668332, 5);
    const one = poissonInterval(1);
    expect(one.low).toBeCloseTo(0.025318, 5); // −ln 0.975
    expect(one.high).toBeCloseTo(5.571643, 5);
    const hundred = poissonInterval(100);
    expect(hundred.low).toBeCloseTo(81.363991, 4);
    expect(hundred.high).toBeCloseTo(121.626794, 4);
  });

  it('scales to a rate per 1,000', () => {
    // 5 complaints over 2,000 cases: 2.5 per 1,000, [1.623486, 11.668332] / 2
    const r = rateInterval(5, 2000);
    expect(r.value).toBe(2.5);
    expect(r.low).toBeCloseTo(0.811743, 5);
    expect(r.high).toBeCloseTo(5.834166, 5);
    expect(rateInterval(3, 0)).toEqual({ value: null, low: null, high: null });
  });
});

describe('clopperPearson', () => {
  it('gives the published exact limits', () => {
    const a = clopperPearson(5, 10);
    expect(a.low).toBeCloseTo(0.187086, 5);
    expect(a.high).toBeCloseTo(0.812914, 5);
    const b = clopperPearson(0, 10);
    expect(b.low).toBe(0);
    expect(b.high).toBeCloseTo(1 - 0.025 ** (1 / 10), 10); // x = 0: 1 − (α/2)^(1/n)
    const c = clopperPearson(10, 10);
    expect(c.low).toBeCloseTo(0.025 ** (1 / 10), 10);
    expect(c.high).toBe(1);
    const d = clopperPearson(3, 40);
    expect(d.low).toBeCloseTo(0.015742, 5);
    expect(d.high).toBeCloseTo(0.203865, 5);
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
