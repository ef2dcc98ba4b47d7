/**
 * Small-count statistics: exact (Garwood) Poisson intervals for a count, Clopper–Pearson intervals for a binomial
 * proportion, and the regularized incomplete gamma and beta functions behind them (and behind the alert
 * detectors' tail tests). No approximations that fail at zero: a few events get a wide interval, which is the point.
 *
 * The quantiles come from the regularized incomplete gamma and beta functions (continued fractions, as in
 * Numerical Recipes §6.2 and §6.4), inverted by bisection: slower than Newton, but it cannot diverge, and there
 * are only a few dozen groups per request.
 */

const EPS = 1e-15;
const FPMIN = 1e-300;

/** ln Γ(x), Lanczos approximation (g = 7, n = 9), |error| < 1e-14 for x > 0. */
export function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularized lower incomplete gamma P(a, x) = γ(a, x) / Γ(a), for a > 0, x ≥ 0. */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const lnPre = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    // Series.
    let ap = a;
    let sum = 1 / a;
    let del = sum;
    for (let n = 0; n < 10_000; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * EPS) break;
    }
    return Math.min(1, sum * Math.exp(lnPre));
  }
  // Continued fraction for Q(a, x) (modified Lentz).
  let b = x + 1 - a;
  let c = 1 / FPMIN;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = b + an / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return Math.max(0, 1 - Math.exp(lnPre) * h);
}

/** Regularized incomplete beta I_x(a, b), for a, b > 0 and 0 ≤ x ≤ 1. */
export function betaI(a: number, b: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x);
  // The continued fraction converges fast for x < (a+1)/(a+b+2); use the symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lnFront) * betaCf(a, b, x)) / a;
  return 1 - (Math.exp(lnFront) * betaCf(b, a, 1 - x)) / b;
}

function betaCf(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < FPMIN) d = FPMIN;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/** Smallest x with f(x) ≥ p for an increasing f on [lo, hi], by bisection to machine precision. */
function bisect(f: (x: number) => number, p: number, lo: number, hi: number): number {
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (mid === lo || mid === hi) break;
    if (f(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** The x with P(a, x) = p: the p-quantile of a Gamma(a, 1) variable (half the χ² quantile with 2a df). */
export function gammaPInv(a: number, p: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return Infinity;
  let hi = Math.max(1, a);
  while (gammaP(a, hi) < p) hi *= 2;
  return bisect((x) => gammaP(a, x), p, 0, hi);
}

/** The x with I_x(a, b) = p: the p-quantile of a Beta(a, b) variable. */
export function betaIInv(a: number, b: number, p: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  return bisect((x) => betaI(a, b, x), p, 0, 1);
}

/**
 * Exact (Garwood) confidence interval for a Poisson mean with `count` observed events:
 * [½χ²(α/2; 2k), ½χ²(1−α/2; 2k+2)], with the lower end 0 when k = 0. 0 → [0, 3.689]; 5 → [1.623, 11.668].
 */
export function poissonInterval(count: number, confidence = 0.95): { low: number; high: number } {
  const alpha = 1 - confidence;
  return {
    low: count === 0 ? 0 : gammaPInv(count, alpha / 2),
    high: gammaPInv(count + 1, 1 - alpha / 2),
  };
}

/** Exact Clopper–Pearson interval for a binomial proportion with x successes of n (n = 0 → [0, 1]). */
export function clopperPearson(x: number, n: number, confidence = 0.95): { low: number; high: number } {
  const alpha = 1 - confidence;
  return {
    low: x === 0 ? 0 : betaIInv(x, n - x + 1, alpha / 2),
    high: x === n ? 1 : betaIInv(x + 1, n - x, 1 - alpha / 2),
  };
}
