import type { SentimentLabel } from '../../db/schema/constants.ts';
import { DAY_MS } from '../../src/core/time/durations.ts';
import { formatCount, isoDay, mediumDay, shortDay } from '../lib/format.ts';

/**
 * Server-rendered SVG charts. No script, no inline styles: colours come from CSS classes
 * (with `fill` presentation attributes as a fallback), sizes from the viewBox.
 */

export interface DayCounts {
  day: number;
  negative: number;
  neutral: number;
  positive: number;
}

/** Bottom to top. */
const STACK: readonly SentimentLabel[] = ['negative', 'neutral', 'positive'];

/** Fallback fills when the stylesheet is missing; the CSS classes win when it is there. */
export const SENTIMENT_FILL: Record<SentimentLabel, string> = {
  negative: '#c2413b',
  neutral: '#8a8f98',
  positive: '#2f6db5',
};

/** The smallest of 1, 2, 5 × 10^k that is ≥ n (at least 1). */
export function niceCeil(n: number): number {
  if (!(n > 1)) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 5, 10]) if (m * p >= n) return m * p;
  return 10 * p;
}

const round = (n: number) => Math.round(n * 10) / 10;
/** A percentage attribute value: horizontal positions are relative so text never scales with the chart. */
const pct = (n: number) => `${Math.round(n * 1000) / 1000}%`;

/**
 * Which days get an axis label: all of up to 8 days, else 5 evenly spaced ones including the first and
 * last (few enough not to collide on a phone).
 */
export function axisLabelIndexes(n: number): number[] {
  if (n <= 8) return Array.from({ length: n }, (_, i) => i);
  const L = 5;
  return Array.from({ length: L }, (_, j) => Math.round((j * (n - 1)) / (L - 1)));
}

export interface StackedBarsProps {
  /** Unique on the page; used for the description id. */
  id: string;
  title: string;
  /** One entry per day, oldest first (days without mentions as zeros). */
  days: DayCounts[];
  /** Link for a day's bar segment (sentiment given) or its axis label (no sentiment). */
  href?: (day: number, sentiment?: SentimentLabel) => string;
}

/** The accessible frame every chart shares: an inline SVG image with a title and a text description. */
export function ChartSvg(props: { kind: string; id: string; height: number; title: string; desc: string; children?: unknown }) {
  return (
    <svg
      class={`chart chart-${props.kind}`}
      width="100%"
      height={props.height}
      role="img"
      aria-label={props.title}
      aria-describedby={`${props.id}-desc`}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title>{props.title}</title>
      <desc id={`${props.id}-desc`}>{props.desc}</desc>
      {props.children}
    </svg>
  );
}

/**
 * Mentions per day, stacked by sentiment. The SVG is as wide as its container and a fixed height:
 * horizontal positions are percentages and vertical ones pixels, so labels stay readable from phone to desktop.
 */
export function StackedBars({ id, title, days, href }: StackedBarsProps) {
  const H = 240;
  const top = 18;
  const bottom = 26;
  const plotH = H - top - bottom;
  const totals = days.map((d) => d.negative + d.neutral + d.positive);
  const sum = totals.reduce((a, b) => a + b, 0);
  const max = niceCeil(Math.max(0, ...totals));
  const n = days.length;
  const slot = n ? 100 / n : 100;
  const barW = slot * (n > 45 ? 0.7 : 0.78);
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const ticks = max >= 2 ? [0, max / 2, max] : [0, max];
  const range = n ? `${mediumDay(days[0]!.day)} to ${mediumDay(days[n - 1]!.day)}` : 'no days';
  const peakIndex = totals.indexOf(Math.max(0, ...totals));
  const desc =
    sum === 0
      ? `No mentions, ${range}.`
      : `${formatCount(sum)} mentions, ${range}. Busiest day ${mediumDay(days[peakIndex]!.day)} with ${formatCount(totals[peakIndex]!)}. ` +
        STACK.map((s) => `${s}: ${formatCount(days.reduce((a, d) => a + d[s], 0))}`).join(', ') +
        '.';

  return (
    <ChartSvg kind="stacked" id={id} height={H} title={title} desc={desc}>
      <g class="grid">
        {ticks.map((t) => (
          <line class="grid" x1="0" x2="100%" y1={round(y(t))} y2={round(y(t))} stroke="#d5d8dd" />
        ))}
      </g>
      <g class="bars">
        {days.map((d, i) => {
          const x = pct(i * slot + (slot - barW) / 2);
          let base = 0;
          return STACK.map((s) => {
            const v = d[s];
            if (v <= 0) return null;
            const y1 = y(base + v);
            const y0 = y(base);
            base += v;
            const rect = (
              <rect class={`bar s-${s}`} x={x} y={round(y1)} width={pct(barW)} height={round(Math.max(0.5, y0 - y1))} fill={SENTIMENT_FILL[s]}>
                <title>{`${mediumDay(d.day)}: ${formatCount(v)} ${s}`}</title>
              </rect>
            );
            return href ? <a href={href(d.day, s)}>{rect}</a> : rect;
          });
        })}
      </g>
      <g class="axis y-axis">
        {ticks.map((t) =>
          t === 0 ? null : (
            <text class="tick" x="0" y={round(y(t)) - 4} fill="#4b5059">
              {formatCount(t)}
            </text>
          ),
        )}
      </g>
      {n === 0 || sum === 0 ? (
        <text class="empty" x="50%" y={top + plotH / 2} text-anchor="middle" fill="#4b5059">
          No mentions in this period
        </text>
      ) : null}
      <g class="axis x-axis">
        {axisLabelIndexes(n).map((i) => {
          const d = days[i]!;
          // With many days, the first and last labels hug the edges so they are never cut off.
          const anchor = n > 8 && i === 0 ? 'start' : n > 8 && i === n - 1 ? 'end' : 'middle';
          const x = anchor === 'start' ? pct(i * slot) : anchor === 'end' ? '100%' : pct(i * slot + slot / 2);
          const label = (
            <text class="tick" x={x} y={H - 8} text-anchor={anchor} fill="#4b5059">
              {shortDay(d.day)}
            </text>
          );
          return href ? (
            <a href={href(d.day)} aria-label={`Mentions on ${isoDay(d.day)}`}>
              {label}
            </a>
          ) : (
            label
          );
        })}
      </g>
    </ChartSvg>
  );
}

export interface HBarItem {
  label: string;
  value: number;
  href?: string;
}

export interface HBarsProps {
  id: string;
  title: string;
  items: HBarItem[];
  /** CSS class for the bars (e.g. `b-language`, `b-tactic`). */
  barClass?: string;
  /** Text when `items` is empty. */
  empty?: string;
}

/**
 * Horizontal bars, one row per item: the label on the left and the value on the right of a text line,
 * the bar (percentage width) under it. Full container width, fixed row height.
 */
export function HBars({ id, title, items, barClass = 'b-default', empty = 'Nothing to show' }: HBarsProps) {
  const rowH = 40;
  const rows = Math.max(1, items.length);
  const H = rows * rowH;
  const max = Math.max(1, ...items.map((i) => i.value));
  const cleanClass = /^[a-z][a-z0-9-]*$/.test(barClass) ? barClass : 'b-default';
  const desc = items.length ? items.map((i) => `${i.label}: ${formatCount(i.value)}`).join(', ') + '.' : `${empty}.`;

  return (
    <ChartSvg kind="hbars" id={id} height={H} title={title} desc={desc}>
      {items.length === 0 ? (
        <text class="empty" x="50%" y={rowH / 2 + 5} text-anchor="middle" fill="#4b5059">
          {empty}
        </text>
      ) : null}
      {items.map((item, i) => {
        const y0 = i * rowH;
        const w = item.value > 0 ? Math.max(0.5, (item.value / max) * 100) : 0;
        const row = (
          <g class="hbar">
            <text class="label" x="0" y={y0 + 15} fill="#1f2329">
              {item.label}
            </text>
            <text class="value" x="100%" y={y0 + 15} text-anchor="end" fill="#1f2329">
              {formatCount(item.value)}
            </text>
            <rect class="track" x="0" y={y0 + 21} width="100%" height={10} rx={3} fill="#eceef1" />
            <rect class={`bar ${cleanClass}`} x="0" y={y0 + 21} width={pct(w)} height={10} rx={3} fill="#3d6fb6">
              <title>{`${item.label}: ${formatCount(item.value)}`}</title>
            </rect>
          </g>
        );
        return item.href ? <a href={item.href}>{row}</a> : row;
      })}
    </ChartSvg>
  );
}

/**
 * One entry per UTC day in [from, from + count days), oldest first: `byDay` summed into its UTC day
 * (whatever instant within the day it carries), days without mentions as zeros.
 */
export function fillDays(byDay: readonly DayCounts[], from: number, count: number): DayCounts[] {
  const out: DayCounts[] = [];
  for (let i = 0; i < count; i++) out.push({ day: from + i * DAY_MS, negative: 0, neutral: 0, positive: 0 });
  for (const d of byDay) {
    const slot = out[Math.floor((d.day - from) / DAY_MS)];
    if (!slot || d.day < from) continue;
    for (const s of STACK) slot[s] += Number.isFinite(d[s]) ? d[s] : 0;
  }
  return out;
}

export interface SparklineProps {
  /** Unique on the page; used for the description id. */
  id: string;
  /** Says what the line shows, with its total: read by screen readers and shown as a tooltip. */
  title: string;
  /** One value per day, oldest first. */
  values: readonly number[];
}

/**
 * A small volume sparkline for a table cell: one bar per day, oldest first, on a baseline. Bars rather than a
 * line because bar positions can be percentages (a polyline's points cannot), so it fits any cell width.
 */
export function Sparkline({ id, title, values }: SparklineProps) {
  const H = 28;
  const n = values.length;
  const max = Math.max(1, ...values);
  const slot = n ? 100 / n : 100;
  const barW = slot * 0.7;
  const desc = n ? `Per day, oldest first: ${values.map(formatCount).join(', ')}.` : 'No days to show.';
  return (
    <ChartSvg kind="spark" id={id} height={H} title={title} desc={desc}>
      <line class="baseline" x1="0" x2="100%" y1={H - 0.5} y2={H - 0.5} stroke="#d5d8dd" />
      {values.map((v, i) => {
        if (!(v > 0)) return null;
        const h = Math.max(2, (v / max) * (H - 2));
        return <rect class="bar b-default" x={pct(i * slot + (slot - barW) / 2)} y={round(H - h)} width={pct(barW)} height={round(h)} fill="#3d6fb6" />;
      })}
    </ChartSvg>
  );
}
