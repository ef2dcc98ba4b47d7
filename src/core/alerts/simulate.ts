// Calibration of the volume detector on synthetic traffic (`earshot bench alerts`): steady Poisson mentions with
// weekday and time-of-day seasonality, with and without injected bursts. Reports false alerts per simulated year
// and how long bursts take to be found. Deterministic for a given seed.
import { HourlySeries } from './hourly-series.ts';
import { COOLDOWN_HOURS } from './grouping.ts';
import { detectVolume, VOLUME_DEFAULTS, type VolumeSettings } from './volume-detector.ts';
import { mulberry32 } from '../random.ts';

/** Monday … Sunday: collectors write and call on weekdays, and people answer then. Mean 1. */
const WEEKDAY = [1.15, 1.15, 1.1, 1.1, 1.05, 0.75, 0.7];
/** Hour of day (UTC): a daytime peak at 13:00, quiet nights. Mean 1. */
const HOUR_OF_DAY = Array.from({ length: 24 }, (_, h) => 1 + 0.6 * Math.cos(((h - 13) / 24) * 2 * Math.PI));

/** Knuth's method; hourly means here stay far below where it gets slow. */
export function poissonSample(lambda: number, rand: () => number): number {
  if (lambda <= 0) return 0;
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rand();
  while (p > limit) {
    k++;
    p *= rand();
  }
  return k;
}

/** Starts on a Monday 00:00 UTC (1970-01-05), so the weekday pattern lines up with the detector's calendar. */
const START_HOUR = 96;

/** Expected mentions in hour i of a series that averages `perDay`. */
const hourlyMean = (perDay: number, i: number) => (perDay / 24) * WEEKDAY[Math.floor(i / 24) % 7]! * HOUR_OF_DAY[(START_HOUR + i) % 24]!;

function steadyCounts(perDay: number, hours: number, rand: () => number): Uint32Array {
  const counts = new Uint32Array(hours);
  for (let i = 0; i < hours; i++) counts[i] = poissonSample(hourlyMean(perDay, i), rand);
  return counts;
}

const WARM_UP_DAYS = 31;
const YEAR_HOURS = 365 * 24;

/**
 * False alerts per simulated year: every hour of `years` years of steady traffic is evaluated, and a finding
 * counts as a new alert unless it falls within the cool-down of the key's previous finding (the lifecycle's rule).
 */
export function falseAlertsPerYear(perDay: number, years: number, seed: number, s: VolumeSettings = VOLUME_DEFAULTS): number {
  const rand = mulberry32(seed);
  let alerts = 0;
  for (let y = 0; y < years; y++) {
    const hours = WARM_UP_DAYS * 24 + YEAR_HOURS;
    const series = new HourlySeries(START_HOUR, steadyCounts(perDay, hours, rand));
    let last = -Infinity;
    for (let t = WARM_UP_DAYS * 24; t <= hours; t++) {
      if (!detectVolume(series, t, 0, s)) continue;
      if (t - last > COOLDOWN_HOURS) alerts++;
      last = t;
    }
  }
  return alerts / years;
}

export interface BurstResult {
  factor: number;
  hours: number;
  bursts: number;
  /** Share of bursts found while they lasted or up to 6 hours after. */
  detected: number;
  /** Share found within 2 hours of their start. */
  within2h: number;
  /** Hours from a burst's start to its first finding, over the bursts found. */
  medianDelay: number | null;
  p90Delay: number | null;
}

/**
 * Bursts of `factor` × the usual rate for `hours` hours, one every 14 days at a random hour, in `years` years of
 * steady traffic (earlier bursts stay in the baseline, as they would). Hour t's evaluation sees the hours before t.
 */
export function burstDetection(perDay: number, factor: number, hours: number, years: number, seed: number, s: VolumeSettings = VOLUME_DEFAULTS): BurstResult {
  const rand = mulberry32(seed);
  const delays: number[] = [];
  let bursts = 0;
  for (let y = 0; y < years; y++) {
    const total = WARM_UP_DAYS * 24 + YEAR_HOURS;
    const counts = steadyCounts(perDay, total, rand);
    const starts: number[] = [];
    for (let day = WARM_UP_DAYS + 1; day + 2 < WARM_UP_DAYS + 365; day += 14) {
      const b = day * 24 + Math.floor(rand() * 24);
      starts.push(b);
      for (let i = b; i < b + hours; i++) counts[i]! += poissonSample(hourlyMean(perDay, i) * (factor - 1), rand);
    }
    const series = new HourlySeries(START_HOUR, counts);
    for (const b of starts) {
      bursts++;
      for (let t = b + 1; t <= b + hours + 6; t++) {
        if (detectVolume(series, t, 0, s)) {
          delays.push(t - b);
          break;
        }
      }
    }
  }
  delays.sort((a, b) => a - b);
  const q = (p: number) => (delays.length ? delays[Math.min(delays.length - 1, Math.floor(p * delays.length))]! : null);
  return {
    factor,
    hours,
    bursts,
    detected: delays.length / bursts,
    within2h: delays.filter((d) => d <= 2).length / bursts,
    medianDelay: q(0.5),
    p90Delay: q(0.9),
  };
}
