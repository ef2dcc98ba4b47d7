import type { HourlySeries } from './hourly-series.ts';
import { poissonUpperTail } from './tail-tests.ts';

/**
 * Volume anomalies in one key's hourly counts: is the count of the last 1, 3, 6 or 24 hours more than its
 * baseline explains? The method follows the surveillance practice collected in the design notes:
 * - the baseline is the 28 days that end 2 days before the window (a guard band, so a crisis does not leak
 *   into its own baseline), as in CDC ESSENCE;
 * - the expected count is weekday- and hour-of-day-aware, each factor shrunk towards 1 by a prior of a few
 *   counts, so a low-volume market's noise is not mistaken for seasonality;
 * - overdispersion is measured on the baseline's days (Pearson χ²/df) and the exact Poisson tail is taken
 *   quasi-Poisson style (counts divided by it);
 * - an alert needs a minimum count and a minimum ratio as well as the p-value (Farrington's "limit54" idea),
 *   and nothing fires until the key has `coldStartDays` of history (Huginn's `min_events`).
 */
export interface VolumeSettings {
  baselineDays: number;
  guardDays: number;
  windowsHours: readonly number[];
  /** Chance of a false finding per evaluation, shared out over the windows. */
  alpha: number;
  /** Below this p-value a finding is high severity. */
  alphaHigh: number;
  minCount: number;
  minRatio: number;
  coldStartDays: number;
  /** Pseudo-counts pulling each weekday and hour-of-day factor towards 1. */
  seasonalPrior: number;
}

export const VOLUME_DEFAULTS: VolumeSettings = {
  baselineDays: 28,
  guardDays: 2,
  windowsHours: [1, 3, 6, 24],
  alpha: 3e-4,
  alphaHigh: 1e-6,
  minCount: 5,
  minRatio: 2,
  coldStartDays: 14,
  seasonalPrior: 8,
};

const TRIMMED_DAYS = 4;
const TRIM_MEAN = 0.534;

export interface VolumeFinding {
  windowHours: number;
  observed: number;
  expected: number;
  /** observed ÷ expected. */
  ratio: number;
  p: number;
  severity: 'medium' | 'high';
}

export interface Baseline {
  /** Mean count per hour over the baseline. */
  rate: number;
  weekday: number[];
  hourOfDay: number[];
  dispersion: number;
}

/**
 * The baseline for windows ending at hour `t` (exclusive), or null while the key has less history than the
 * cold-start guard asks for. `historyStart` is the first hour the key could have had mentions (its source's
 * creation), which may be later than the series start.
 */
export function baselineAt(series: HourlySeries, t: number, historyStart: number, s: VolumeSettings = VOLUME_DEFAULTS): Baseline | null {
  const end = t - s.guardDays * 24;
  const start = Math.max(historyStart, end - s.baselineDays * 24);
  if (end - start < s.coldStartDays * 24 || start < 0) return null;
  const hours = end - start;
  const total = series.sum(start, end);
  // Half a mention of prior keeps a silent key's rate above zero, so its first burst has a finite p-value.
  const rate = (total + 0.5) / hours;
  const m = s.seasonalPrior;
  const weekday = Array.from({ length: 7 }, (_, d) => {
    const expected = rate * series.hoursOnDay(d, start, end);
    return (series.sumOnDay(d, start, end) + m) / (expected + m);
  });
  // Hour-of-day counts, smoothed over the neighbouring hours (1-2-1) before the factor is taken: a daily rhythm
  // is smooth, and the smoothing triples the counts each factor rests on.
  const hourSums: number[] = [];
  const hourN: number[] = [];
  for (let h = 0; h < 24; h++) {
    // Hours [start, end) with hour-of-day h: start at the first such hour, step 24.
    let n = 0;
    let sum = 0;
    for (let i = start + ((((h - ((series.startHour + start) % 24)) % 24) + 24) % 24); i < end; i += 24) {
      n++;
      sum += series.counts[i] ?? 0;
    }
    hourSums.push(sum);
    hourN.push(n);
  }
  const smooth = (v: number[], h: number) => (v[(h + 23) % 24]! + 2 * v[h]! + v[(h + 1) % 24]!) / 4;
  const hourOfDay = Array.from({ length: 24 }, (_, h) => (smooth(hourSums, h) + m) / (rate * smooth(hourN, h) + m));
  // Pearson χ²/df over whole days of the baseline, against the seasonal expectation, leaving out the most unusual
  // days (an earlier burst in the baseline must not make the detector deaf for four weeks) and correcting for
  // the trim: under Poisson, the mean of χ²₁ without its top 1/7 is 0.534.
  const chi: number[] = [];
  for (let d0 = start; d0 + 24 <= end; d0 += 24) {
    const e = expectedCount(series, d0, d0 + 24, { rate, weekday, hourOfDay, dispersion: 1 });
    const o = series.sum(d0, d0 + 24);
    if (e > 0) chi.push(((o - e) * (o - e)) / e);
  }
  chi.sort((a, b) => a - b);
  const kept = chi.slice(0, Math.max(0, chi.length - TRIMMED_DAYS));
  const df = kept.length - 1;
  // Only overdispersion clearly beyond the estimate's own noise (two standard errors of χ²/df) counts.
  const phi = df > 0 ? kept.reduce((a, c) => a + c, 0) / df / TRIM_MEAN - 2 * Math.sqrt(2 / df) : 1;
  const dispersion = Math.min(10, Math.max(1, phi));
  return { rate, weekday, hourOfDay, dispersion };
}

/** The count the baseline expects in hours [from, to). */
export function expectedCount(series: HourlySeries, from: number, to: number, b: Baseline): number {
  let e = 0;
  for (let i = from; i < to; i++) e += b.weekday[series.weekday(i)]! * b.hourOfDay[(series.startHour + i) % 24]!;
  return e * b.rate;
}

/** The strongest anomalous window ending at hour `t` (exclusive), or null. */
export function detectVolume(series: HourlySeries, t: number, historyStart: number, s: VolumeSettings = VOLUME_DEFAULTS): VolumeFinding | null {
  const b = baselineAt(series, t, historyStart, s);
  if (!b) return null;
  const alpha = s.alpha / s.windowsHours.length;
  let best: VolumeFinding | null = null;
  for (const w of s.windowsHours) {
    const observed = series.sum(t - w, t);
    if (observed < s.minCount) continue;
    const expected = expectedCount(series, t - w, t, b);
    if (observed < s.minRatio * expected) continue;
    const p = poissonUpperTail(observed / b.dispersion, expected / b.dispersion);
    if (p >= alpha || (best && best.p <= p)) continue;
    best = { windowHours: w, observed, expected, ratio: observed / expected, p, severity: p < s.alphaHigh ? 'high' : 'medium' };
  }
  return best;
}
