import { describe, expect, it } from 'vitest';
import { betaI, clopperPearson, gammaP, gammaPInv, poissonInterval } from '../../../src/core/stats.ts';

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
