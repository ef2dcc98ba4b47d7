import type { Interval } from '../../src/core/cases/rates.ts';
import { formatCount } from '../lib/format.ts';

// Rates with their 95 % intervals in words, and rate ratios on a log scale: shared by the Tactics page's table and trend chart.

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

// ---- the rate ratio on a log scale ----

/** Whether the interval lies wholly above 1 (1), wholly below (-1), or takes in 1 (0). */
export function ratioSide(i: Interval): 1 | -1 | 0 {
  if (i.low !== null && i.low > 1) return 1;
  if (i.high !== null && i.high < 1) return -1;
  return 0;
}

/** The half-width of the shared log scale, in powers of two around 1: enough for every finite end, 1/64 … 64 at most. */
export function ratioScale(intervals: Interval[]): number {
  let m = 1;
  for (const i of intervals) for (const v of [i.value, i.low, i.high]) if (v !== null && v > 0 && Number.isFinite(v)) m = Math.max(m, Math.abs(Math.log2(v)));
  return Math.min(6, Math.ceil(m));
}

/** Position on a log2 scale from 2^-span to 2^span, with 1 in the middle; 0 and beyond the ends stay at the edges. */
const logPct = (v: number, span: number) => `${Math.round(Math.min(100, Math.max(0, v > 0 ? ((Math.log2(v) + span) / (2 * span)) * 100 : 0)) * 100) / 100}%`;

/**
 * A rate ratio and its 95 % interval on a shared log scale, with a line at 1 (the rate of all other groups): a ratio
 * of 2 sits as far right of the line as 1/2 sits left. An interval clear of 1 is drawn in the colour of its side.
 */
export function RatioBar({ id, label, interval, span }: { id: string; label: string; interval: Interval; span: number }) {
  const H = 20;
  const side = ratioSide(interval);
  const verdict = side === 1 ? 'clearly higher than the other groups' : side === -1 ? 'clearly lower than the other groups' : 'not clearly different from the other groups';
  const desc = `${label}: ${intervalText(interval, formatRatio)} times the rate of the other groups, ${verdict}.`;
  // Red above, blue below: apart for every common colour blindness, and the words beside say it too.
  const color = side === 1 ? '#b3261e' : side === -1 ? '#2f6db5' : '#4b5059';
  return (
    <svg class={`chart chart-ratio${side ? ' clear' : ''}`} width="100%" height={H} role="img" aria-label={desc} aria-describedby={`${id}-desc`} xmlns="http://www.w3.org/2000/svg">
      <title>{desc}</title>
      <desc id={`${id}-desc`}>{`Log scale from 1/${2 ** span} to ${2 ** span}; the vertical line is 1, the rate of all other groups together.`}</desc>
      <line class="baseline" x1="0" x2="100%" y1={H / 2} y2={H / 2} stroke="#eceef1" />
      <line class="one" x1="50%" x2="50%" y1="0" y2={H} stroke="#8a8f98" stroke-width="1" />
      {interval.low !== null ? (
        <line
          class="whisker"
          x1={logPct(interval.low, span)}
          x2={interval.high === null ? '100%' : logPct(interval.high, span)}
          y1={H / 2}
          y2={H / 2}
          stroke={color}
          stroke-width="2"
        />
      ) : null}
      {interval.value !== null && interval.value > 0 ? <circle class="point" cx={logPct(interval.value, span)} cy={H / 2} r="4" fill={color} /> : null}
    </svg>
  );
}
