/**
 * Complaint rates with their intervals: a rate per 1,000 cases or actions, and the ratio of two rates, each with
 * an exact interval from the small-count statistics in ../stats.ts.
 */
import { clopperPearson, poissonInterval } from '../stats.ts';

export interface Interval {
  value: number | null;
  low: number | null;
  high: number | null;
}

/**
 * A rate per `per` units of exposure (e.g. complaints per 1,000 cases) with its Garwood interval.
 * No exposure → all null (no rate to speak of).
 */
export function rateInterval(count: number, exposure: number, per = 1000, confidence = 0.95): Interval {
  if (exposure <= 0) return { value: null, low: null, high: null };
  const { low, high } = poissonInterval(count, confidence);
  const k = per / exposure;
  return { value: count * k, low: low * k, high: high * k };
}

/**
 * Ratio of two Poisson rates (x1/e1) / (x2/e2) with the exact conditional interval: given n = x1 + x2 events,
 * x1 is Binomial(n, π) with π = RR·e1 / (RR·e1 + e2), so a Clopper–Pearson interval [πL, πH] for π maps to
 * RR ∈ [πL/(1−πL) · e2/e1, πH/(1−πH) · e2/e1]. An unbounded end (x2 = 0 gives πH = 1) is null, as is the
 * value when x2 = 0; with no events at all the interval is [0, null]: nothing is known.
 */
export function rateRatioInterval(x1: number, e1: number, x2: number, e2: number, confidence = 0.95): Interval {
  if (e1 <= 0 || e2 <= 0) return { value: null, low: null, high: null };
  const n = x1 + x2;
  const { low, high } = clopperPearson(x1, n, confidence);
  const scale = e2 / e1;
  return {
    value: x2 === 0 ? null : x1 / e1 / (x2 / e2),
    low: (low / (1 - low)) * scale,
    high: high >= 1 ? null : (high / (1 - high)) * scale,
  };
}
