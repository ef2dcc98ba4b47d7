// Where a group's complaint rate changed: for each group of a trend, the week boundary that best splits its weekly
// complaints per action in two, kept only when the rate after differs from the rate before by an exact test that
// pays for having tried every boundary (Bonferroni), so a noisy series proposes nothing.
import type { TrendGroup, TrendResult } from './analytics.ts';
import { type Interval, rateInterval, rateRatioInterval } from './rates.ts';

/** Fewer complaints than this in a group's whole series: too few to place a change. */
export const CHANGE_MIN_COMPLAINTS = 10;
/** Buckets on each side of a proposed change, at least. */
const MIN_SIDE = 2;

export interface ChangePoint {
  key: string;
  /** The first millisecond of the first bucket after the change. */
  at: number;
  before: { from: number; to: number; actions: number; complaints: number; rate_per_1000_actions: Interval };
  after: { from: number; to: number; actions: number; complaints: number; rate_per_1000_actions: Interval };
  /** Rate after ÷ before, with the interval at the Bonferroni-adjusted level; it excludes 1. */
  rate_ratio: Interval;
}

/** Twice the log-likelihood gain of two Poisson rates over one (0 when either side has no actions). */
function gain(c1: number, a1: number, c2: number, a2: number): number {
  const ll = (c: number, a: number) => (c > 0 ? c * Math.log(c / a) : 0);
  return a1 > 0 && a2 > 0 ? 2 * (ll(c1, a1) + ll(c2, a2) - ll(c1 + c2, a1 + a2)) : 0;
}

/** The clear change of one group, if any. Buckets still filling (complaints may still arrive) are left out. */
export function changePointOf(group: TrendGroup, confidence = 0.95): ChangePoint | null {
  const points = group.points.filter((p) => p.complete);
  const total = points.reduce((n, p) => n + p.complaints, 0);
  const candidates = points.length - 2 * MIN_SIDE + 1;
  if (total < CHANGE_MIN_COMPLAINTS || candidates < 1) return null;
  const actions = points.reduce((n, p) => n + p.actions, 0);
  let best: { split: number; gain: number } | null = null;
  // Running sums before each boundary.
  let c = 0;
  let a = 0;
  for (let split = 1; split <= points.length - MIN_SIDE; split++) {
    c += points[split - 1]!.complaints;
    a += points[split - 1]!.actions;
    const g = split >= MIN_SIDE ? gain(c, a, total - c, actions - a) : 0;
    if (g > (best?.gain ?? 0)) best = { split, gain: g };
  }
  if (!best) return null;
  const side = (ps: typeof points) => {
    const actions = ps.reduce((n, p) => n + p.actions, 0);
    const complaints = ps.reduce((n, p) => n + p.complaints, 0);
    return { from: ps[0]!.from, to: ps[ps.length - 1]!.to, actions, complaints, rate_per_1000_actions: rateInterval(complaints, actions) };
  };
  const before = side(points.slice(0, best.split));
  const after = side(points.slice(best.split));
  const ratio = rateRatioInterval(after.complaints, after.actions, before.complaints, before.actions, 1 - (1 - confidence) / candidates);
  const clear = (ratio.low !== null && ratio.low > 1) || (ratio.high !== null && ratio.high < 1);
  return clear ? { key: group.key, at: after.from, before, after, rate_ratio: ratio } : null;
}

/** The clear changes of a trend's groups, the largest (by the ratio's distance from 1, either way) first. */
export function changePoints(trend: TrendResult): ChangePoint[] {
  const size = (c: ChangePoint) => Math.abs(Math.log(c.rate_ratio.value ?? Number.MAX_VALUE));
  return trend.groups.flatMap((g) => changePointOf(g) ?? []).sort((a, b) => size(b) - size(a));
}
