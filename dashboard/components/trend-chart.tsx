import type { Period } from '../../db/queries/analytics.ts';
import { SMALL_COMPLAINTS, type TrendGroup, type TrendPoint, type TrendResult } from '../../src/core/cases/analytics.ts';
import { DAY_MS } from '../../src/core/time/durations.ts';
import { formatCount, isoDay, mediumDay, shortDay } from '../lib/format.ts';
import { formatRate, intervalText } from './intervals.tsx';

/**
 * Complaint rates over time as small multiples: one chart per group, all on one y scale, each with the rate per
 * 1,000 actions as a line through the middle of every bucket and its 95 % interval as a shaded band. Buckets with
 * few complaints (wide intervals) are drawn faint: rings, dashed lines. Server-rendered SVG, no script, no inline styles:
 * colours come from the stylesheet's chart classes with presentation attributes as a fallback. Horizontal
 * positions are percentages (hence lines, rectangles and circles rather than paths), vertical ones pixels.
 */

/** At most this many groups get a chart: those with the most actions in the period. */
export const TREND_GROUPS = 8;
/** The dashboard aims for about this many buckets per chart, so each one stays wide enough to read. */
const TARGET_BUCKETS = 26;
const BUCKET_CHOICES = [7, 14, 28, 56, 91, 182, 364] as const;

/**
 * Bucket length for a period on the dashboard: days for a fortnight or less, else the shortest of 1, 2, 4 or 8
 * weeks, 13 weeks, half-years or years that makes at most 26 buckets (for the default 90 days: weeks, 13 buckets).
 */
export function trendBucketDaysFor(p: Period): number {
  const days = Math.floor((p.to - p.from) / DAY_MS) + 1;
  if (days <= 14) return 1;
  for (const b of BUCKET_CHOICES) if (Math.ceil(days / b) <= TARGET_BUCKETS) return b;
  return Math.ceil(days / TARGET_BUCKETS);
}

const totalActions = (g: TrendGroup) => g.points.reduce((n, p) => n + p.actions, 0);

/** The groups with the most actions, most first (ties by key), at most `limit`. */
export function topTrendGroups(groups: readonly TrendGroup[], limit = TREND_GROUPS): TrendGroup[] {
  return [...groups]
    .map((g) => ({ g, n: totalActions(g) }))
    .sort((a, b) => b.n - a.n || (a.g.key < b.g.key ? -1 : a.g.key > b.g.key ? 1 : 0))
    .slice(0, limit)
    .map((x) => x.g);
}

/** The smallest of 1, 2, 5 × 10^k that is ≥ n (fractions too: rates per 1,000 can be well under 1). */
export function niceMax(n: number): number {
  if (!(n > 0) || !Number.isFinite(n)) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 5, 10]) if (m * p >= n * (1 - 1e-9)) return Number((m * p).toPrecision(12));
  return 10 * p;
}

/**
 * The top of the shared y scale: every rate, and the upper interval ends of buckets with enough complaints. The
 * upper ends of buckets with few complaints can be many times the rate (one action and no complaint: 3,689 per
 * 1,000), so they are cut at the top rather than squashing every other chart flat.
 */
export function trendScale(groups: readonly TrendGroup[]): number {
  let max = 0;
  let highs = 0;
  for (const g of groups) {
    for (const p of g.points) {
      const { value, high } = p.rate_per_1000_actions;
      if (value !== null && value > max) max = value;
      if (high !== null && Number.isFinite(high)) {
        if (!p.small && high > max) max = high;
        if (high > highs) highs = high;
      }
    }
  }
  // Nothing but zeros: a scale that still shows how high the rate could plausibly be.
  return niceMax(max > 0 ? max : highs);
}

const round = (n: number) => Math.round(n * 10) / 10;
const pct = (n: number) => `${Math.round(Math.min(100, Math.max(0, n)) * 1000) / 1000}%`;

/** `1 Jan – 7 Jan 2026`, `29 Dec 2025 – 4 Jan 2026`, or one day. */
export function bucketWords(p: { from: number; to: number }): string {
  if (isoDay(p.from) === isoDay(p.to)) return mediumDay(p.from);
  const sameYear = new Date(p.from).getUTCFullYear() === new Date(p.to).getUTCFullYear();
  return `${sameYear ? shortDay(p.from) : mediumDay(p.from)} – ${mediumDay(p.to)}`;
}

function pointWords(p: TrendPoint): string {
  if (p.actions === 0) return `${bucketWords(p)}: no actions`;
  return `${bucketWords(p)}: ${intervalText(p.rate_per_1000_actions)} per 1,000 actions (${formatCount(p.complaints)} ${p.complaints === 1 ? 'complaint' : 'complaints'} after ${formatCount(p.actions)} ${p.actions === 1 ? 'action' : 'actions'})`;
}

/** What a screen reader hears for one group's chart: the range, the extremes and how many buckets are faint. */
export function trendDescription(g: TrendGroup, bucketDays: number): string {
  const pts = g.points;
  if (!pts.length) return `${g.key}: no buckets.`;
  const span = `${pts.length} ${pts.length === 1 ? 'bucket' : 'buckets'} of ${bucketDays} ${bucketDays === 1 ? 'day' : 'days'} from ${mediumDay(pts[0]!.from)} to ${mediumDay(pts[pts.length - 1]!.to)}`;
  const withActions = pts.filter((p) => p.actions > 0);
  if (!withActions.length) return `${g.key}: no actions in ${span}.`;
  const byRate = [...withActions].sort((a, b) => a.rate_per_1000_actions.value! - b.rate_per_1000_actions.value! || a.from - b.from);
  const lo = byRate[0]!;
  const hi = byRate[byRate.length - 1]!;
  const small = pts.filter((p) => p.actions > 0 && p.small).length;
  const empty = pts.length - withActions.length;
  const arriving = pts.filter((p) => !p.complete).length;
  return (
    `${g.key}: complaints per 1,000 actions in ${span}. ` +
    `Highest ${formatRate(hi.rate_per_1000_actions.value)} (${bucketWords(hi)}), lowest ${formatRate(lo.rate_per_1000_actions.value)} (${bucketWords(lo)}). ` +
    (small ? `${small} of ${withActions.length} buckets with actions have fewer than ${SMALL_COMPLAINTS} complaints and are drawn faint. ` : '') +
    (empty ? `${empty} ${empty === 1 ? 'bucket has' : 'buckets have'} no actions. ` : '') +
    (arriving ? `The last ${arriving === 1 ? 'bucket is' : `${arriving} buckets are`} still filling: complaints about them can still arrive. ` : '') +
    'The shaded band is the 95% interval.'
  );
}

/** One group's chart: its buckets across the full width, `max` the shared top of the y scale. */
export function TrendMultiple({ id, group, bucketDays, max }: { id: string; group: TrendGroup; bucketDays: number; max: number }) {
  const H = 150;
  const top = 18;
  const bottom = 22;
  const plotH = H - top - bottom;
  const pts = group.points;
  const start = pts[0]?.from ?? 0;
  const end = (pts[pts.length - 1]?.to ?? start) + 1;
  const x = (t: number) => ((t - start) / Math.max(1, end - start)) * 100;
  const mid = (p: TrendPoint) => (x(p.from) + x(p.to + 1)) / 2;
  // Clamped to the plot: an interval above the scale is cut at the top.
  const y = (v: number) => round(top + plotH - (Math.min(Math.max(v, 0), max) / max) * plotH);
  const ticks = [0, max / 2, max];
  const rate = (p: TrendPoint) => p.rate_per_1000_actions.value;
  const title = `${group.key}: complaints per 1,000 actions, ${bucketDays === 1 ? 'daily' : bucketDays === 7 ? 'weekly' : `every ${bucketDays} days`}`;
  const labels = pts.length <= 3 ? pts.map((_, i) => i) : [0, Math.floor((pts.length - 1) / 2), pts.length - 1];
  return (
    <svg
      class="chart chart-interval chart-trend"
      width="100%"
      height={H}
      role="img"
      aria-label={title}
      aria-describedby={`${id}-desc`}
      xmlns="http://www.w3.org/2000/svg"
      data-testid="trend-chart"
    >
      <title>{title}</title>
      <desc id={`${id}-desc`}>{trendDescription(group, bucketDays)}</desc>
      <g class="grid">
        {ticks.map((t) => (
          <line class={t === 0 ? 'baseline' : 'grid'} x1="0" x2="100%" y1={y(t)} y2={y(t)} stroke="#d5d8dd" />
        ))}
      </g>
      <g class="filling">
        {pts.map((p) =>
          p.complete ? null : (
            <rect class="filling" x={pct(x(p.from))} y="0" width={pct(x(p.to + 1) - x(p.from))} height="100%" fill="#8a8f98" fill-opacity="0.12">
              <title>{`${bucketWords(p)}: still filling, complaints about it can still arrive`}</title>
            </rect>
          ),
        )}
      </g>
      <g class="bands">
        {pts.map((p) => {
          const { low, high } = p.rate_per_1000_actions;
          if (low === null || high === null) return null;
          const y1 = y(high);
          return (
            <rect
              class={`band bar b-default${p.small ? ' few' : ''}`}
              x={pct(x(p.from))}
              y={y1}
              width={pct(x(p.to + 1) - x(p.from))}
              height={round(Math.max(1, y(low) - y1))}
              fill="#3d6fb6"
              fill-opacity={p.small ? '0.1' : '0.3'}
            >
              <title>{pointWords(p)}</title>
            </rect>
          );
        })}
      </g>
      <g class="rate-line">
        {pts.slice(1).map((p, i) => {
          const prev = pts[i]!;
          const a = rate(prev);
          const b = rate(p);
          if (a === null || b === null) return null;
          const faint = prev.small || p.small;
          return (
            <line
              class={`whisker${faint ? ' few' : ''}`}
              x1={pct(mid(prev))}
              x2={pct(mid(p))}
              y1={y(a)}
              y2={y(b)}
              stroke="#4b5059"
              stroke-width="2"
              stroke-opacity={faint ? '0.45' : '1'}
              stroke-dasharray={faint ? '4 3' : undefined}
            />
          );
        })}
        {pts.map((p) => {
          const v = rate(p);
          if (v === null) return null;
          // A bucket with few complaints is a ring, the others a filled dot.
          return p.small ? (
            <circle class="whisker few" cx={pct(mid(p))} cy={y(v)} r="3.5" fill="none" stroke="#4b5059" stroke-width="1.5" stroke-opacity="0.6">
              <title>{pointWords(p)}</title>
            </circle>
          ) : (
            <circle class="point" cx={pct(mid(p))} cy={y(v)} r="4" fill="#2458a6">
              <title>{pointWords(p)}</title>
            </circle>
          );
        })}
      </g>
      <g class="axis y-axis">
        {ticks.map((t) =>
          t === 0 ? null : (
            <text class="tick" x="0" y={y(t) - 4} fill="#4b5059">
              {formatRate(t)}
            </text>
          ),
        )}
      </g>
      <g class="axis x-axis">
        {labels.map((i) => {
          const p = pts[i]!;
          const first = i === 0;
          const last = i === pts.length - 1 && pts.length > 1;
          // The first label is the start of the period at the left edge, the last its end at the right edge.
          return (
            <text class="tick" x={first ? '0' : last ? '100%' : pct(x(p.from))} y={H - 6} text-anchor={first ? 'start' : last ? 'end' : 'middle'} fill="#4b5059">
              {shortDay(last ? p.to : p.from)}
            </text>
          );
        })}
      </g>
    </svg>
  );
}

export interface TrendChartProps {
  /** Unique on the page; prefixes the description ids. */
  id: string;
  trend: TrendResult;
  /** What the groups are, e.g. `Action type`. */
  byTitle: string;
  limit?: number;
}

/** The small multiples, the note on which groups are shown, and the numbers behind them in a table. */
export function TrendChart({ id, trend, byTitle, limit = TREND_GROUPS }: TrendChartProps) {
  const shown = topTrendGroups(trend.groups, limit);
  if (!shown.length) return <p class="empty-state">No actions in this period.</p>;
  const max = trendScale(shown);
  const what = byTitle.toLowerCase();
  const days = trend.bucket_days;
  const last = shown[0]!.points[shown[0]!.points.length - 1];
  const shorter = last && last.to - last.from + 1 < days * DAY_MS;
  return (
    <div class="trend" data-testid="trend">
      <p class="muted explain">
        Complaints per 1,000 actions in buckets of {days} {days === 1 ? 'day' : 'days'} from {mediumDay(shown[0]!.points[0]!.from)}
        {shorter ? ` (the last one is shorter: ${bucketWords(last)})` : ''}, every chart on the same scale from 0 to {formatRate(max)}.{' '}
        {trend.groups.length > shown.length
          ? `Showing the ${shown.length} of ${trend.groups.length} ${what} groups with the most actions in the period.`
          : `Every ${what} with actions in the period.`}
      </p>
      <p class="muted explain">
        Line and dots: the rate. Shaded band: its 95% interval, cut at the top of the scale. Rings, dashed lines and the faintest bands: buckets with fewer than {SMALL_COMPLAINTS}{' '}
        complaints, too few to read a change from.
      </p>
      <div class="grid-2 trend-multiples">
        {shown.map((g, i) => (
          <div class="trend-multiple" data-testid="trend-multiple">
            <h3>
              {g.key}
              <span class="sub">{formatCount(totalActions(g))} actions</span>
            </h3>
            <TrendMultiple id={`${id}-${i}`} group={g} bucketDays={days} max={max} />
          </div>
        ))}
      </div>
      <details class="data">
        <summary>Show the numbers</summary>
        <div class="table-wrap">
          <table data-testid="trend-table">
            <thead>
              <tr>
                <th scope="col">{byTitle}</th>
                <th scope="col">From</th>
                <th scope="col">To</th>
                <th scope="col" class="num">
                  Actions
                </th>
                <th scope="col" class="num">
                  Complaints
                </th>
                <th scope="col" class="num">
                  Per 1,000 actions (95% interval)
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.flatMap((g) =>
                g.points.map((p) => (
                  <tr data-testid="trend-row">
                    <th scope="row">{g.key}</th>
                    <td>{isoDay(p.from)}</td>
                    <td>{isoDay(p.to)}</td>
                    <td class="num">{formatCount(p.actions)}</td>
                    <td class="num">{formatCount(p.complaints)}</td>
                    <td class="num">
                      {intervalText(p.rate_per_1000_actions)}
                      {p.small && p.actions > 0 ? <span class="sub small-note">few complaints</span> : null}
                      {p.complete ? null : <span class="sub small-note">still filling</span>}
                    </td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
