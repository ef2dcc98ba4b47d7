import type { Interval } from '../../src/core/cases/rates.ts';
import { ChartSvg } from './charts.tsx';
import { formatRate, intervalText } from './intervals.tsx';

/**
 * The two rates of a before/after, complaints per 1,000 actions, as bars on one linear scale from 0 with their 95 %
 * intervals as whiskers: how far apart they are, and how sure. Each bar is named in text beside it.
 */
export function BeforeAfterChart({ id, what, before, after }: { id: string; what: string; before: Interval; after: Interval }) {
  const rows = [
    { label: 'Before', i: before },
    { label: 'After', i: after },
  ];
  const max = Math.max(1e-9, ...rows.map((r) => r.i.high ?? r.i.value ?? 0).filter(Number.isFinite));
  // Bars from 15 % of the width (after the label) over 70 % of it; the value is written at the right end.
  const share = (v: number) => Math.round((Math.min(v, max) / max) * 7000) / 100;
  const at = (v: number) => `${15 + share(v)}%`;
  const rowH = 28;
  const desc = rows.map((r) => `${r.label}: ${intervalText(r.i)} complaints per 1,000 actions`).join('; ');
  return (
    <ChartSvg kind="before-after" id={id} height={rowH * 2 + 4} title={`Complaints per 1,000 actions of ${what}, before and after`} desc={`${desc}.`}>
      {rows.map((r, n) => {
        const y = n * rowH + 4;
        return (
          <g class={`ba-row ba-${r.label.toLowerCase()}`}>
            <text x="0" y={y + 14} fill="#1f2329" font-size="12">
              {r.label}
            </text>
            {r.i.value !== null ? <rect class="bar" x="15%" y={y + 3} width={`${share(r.i.value)}%`} height="14" fill={n === 0 ? '#8a8f98' : '#3d6fb6'} /> : null}
            {r.i.low !== null ? <line class="whisker" x1={at(r.i.low)} x2={at(r.i.high ?? max)} y1={y + 10} y2={y + 10} stroke="#1f2329" stroke-width="1.5" /> : null}
            <text x="100%" y={y + 14} text-anchor="end" fill="#1f2329" font-size="12">
              {r.i.value === null ? 'no actions' : formatRate(r.i.value)}
            </text>
          </g>
        );
      })}
    </ChartSvg>
  );
}
