// One-sided exact tests for "more than expected": the chance of seeing at least this many by luck alone.
import { betaI, gammaP } from '../stats.ts';

/** P(X ≥ x) for X ~ Poisson(mu). Accepts a non-integer x (quasi-Poisson scaling divides counts by the dispersion). */
export function poissonUpperTail(x: number, mu: number): number {
  if (x <= 0) return 1;
  if (mu <= 0) return 0;
  return gammaP(x, mu);
}

/** P(K ≥ k) for K ~ Binomial(n, p). */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  return betaI(k, n - k + 1, p);
}
