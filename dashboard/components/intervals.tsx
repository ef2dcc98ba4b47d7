import type { Interval } from '../../src/core/cases/rates.ts';
import { formatCount } from '../lib/format.ts';

// Rates with their 95 % intervals, in words and as a bar: shared by the Tactics page's table and trend chart.

/** A rate: one decimal under 100, whole numbers above; `—` when there is nothing to divide by. */
export function formatRate(n: number | null): string {
  if (n === null || !Number.isFinite(n)) return '—';
  return n >= 100 ? formatCount(n) : (Math.round(n * 10) / 10).toFixed(1);
}

/** A ratio: two decimals under 10, one under 100, whole numbers above. */
export function formatRatio(n: number | null): string {
  if (n === null || !Number.isFinite(n)) return '—';
  if (n >= 100) return formatCount(n);
  return n >= 10 ? (Math.round(n * 10) / 10).toFixed(1) : (Math.round(n * 100) / 100).toFixed(2);
}

/** `3.1 (2.0–4.6)`; an unbounded end is `∞`, an undefined value `—`. */
export function intervalText(i: Interval, fmt: (n: number | null) => string = formatRate): string {
  if (i.value === null && i.low === null && i.high === null) return '—';
  return `${fmt(i.value)} (${fmt(i.low)}–${i.high === null ? '∞' : fmt(i.high)})`;
}

// ---- the interval bar ----

/** The right end of the shared scale: the largest finite upper bound (or value), rounded up. */
export function intervalScale(intervals: Interval[]): number {
  let max = 0;
  for (const i of intervals) for (const v of [i.value, i.low, i.high]) if (v !== null && Number.isFinite(v) && v > max) max = v;
  return max > 0 ? max * 1.05 : 1;
}

const pct = (v: number, max: number) => `${Math.round(Math.min(100, Math.max(0, (v / max) * 100)) * 100) / 100}%`;

/** A point and its whisker on a shared scale, so a reader sees which intervals overlap. */
export function IntervalBar({ id, label, interval, max }: { id: string; label: string; interval: Interval; max: number }) {
  const H = 20;
  const desc = `${label}: ${intervalText(interval)} per 1,000 cases.`;
  return (
    <svg class="chart chart-interval" width="100%" height={H} role="img" aria-label={desc} aria-describedby={`${id}-desc`} xmlns="http://www.w3.org/2000/svg">
      <title>{desc}</title>
      <desc
        id={`${id}-desc`}
      >{`The line runs from the lower to the upper end of the 95% interval; the dot is the estimate. All rows share one scale from 0 to ${formatRate(max)}.`}</desc>
      <line class="baseline" x1="0" x2="100%" y1={H / 2} y2={H / 2} stroke="#eceef1" />
      {interval.low !== null ? (
        <line class="whisker" x1={pct(interval.low, max)} x2={interval.high === null ? '100%' : pct(interval.high, max)} y1={H / 2} y2={H / 2} stroke="#4b5059" stroke-width="2" />
      ) : null}
      {interval.low !== null ? (
        <line class="whisker-end" x1={pct(interval.low, max)} x2={pct(interval.low, max)} y1={H / 2 - 5} y2={H / 2 + 5} stroke="#4b5059" stroke-width="2" />
      ) : null}
      {interval.high !== null ? (
        <line class="whisker-end" x1={pct(interval.high, max)} x2={pct(interval.high, max)} y1={H / 2 - 5} y2={H / 2 + 5} stroke="#4b5059" stroke-width="2" />
      ) : null}
      {interval.value !== null ? <circle class="point" cx={pct(interval.value, max)} cy={H / 2} r="4" fill="#2458a6" /> : null}
    </svg>
  );
}
