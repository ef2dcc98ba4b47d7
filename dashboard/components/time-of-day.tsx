import type { ClockSlot, DayPart, TimeOfDayResult } from '../../src/core/cases/time-of-day.ts';
import { formatCount } from '../lib/format.ts';
import { ChartSvg } from './charts.tsx';
import { formatRate, formatRatio, intervalText, RatioBar, ratioScale, ratioSide } from './intervals.tsx';

// When in the day and week one group's actions went out, on the debtor's clock, and the complaints that followed:
// the parts of the day in a table with their rate ratios, the hours as bars, the weekdays in a table. On a phone
// the tables become cards, the rate and its ratio first.

export const DAY_PART_WORDS: Record<DayPart, string> = {
  night: 'Night',
  morning: 'Morning',
  afternoon: 'Afternoon',
  evening: 'Evening',
  late_evening: 'Late evening',
};

const WEEKDAY_WORDS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
const partWords = (p: { part: DayPart; at: number; to: number }) => `${DAY_PART_WORDS[p.part]} (${hh(p.at)}–${hh(p.to)})`;

/** "Riga time", "Riga and Vilnius time", or UTC where a case's country has no zone Earshot knows. */
export function clockWords(zones: string[]): string {
  const cities = zones.filter((z) => z !== 'UTC').map((z) => (z.split('/').pop() ?? z).replaceAll('_', ' '));
  const local = cities.length ? `${cities.length > 1 ? `${cities.slice(0, -1).join(', ')} and ${cities.at(-1)}` : cities[0]} time` : '';
  if (!zones.includes('UTC')) return local || 'local time';
  return local ? `${local}; UTC for countries with no zone known` : 'UTC';
}

/**
 * The parts of the day that stand out, in one sentence: "Late evening (21:00–24:00): 28.5 complaints per 1,000
 * actions (18.1–42.7), 5.2 times the rest of the day — clearly higher." Nothing clear is said so.
 */
export function timeOfDayVerdict(what: string, r: TimeOfDayResult): string {
  if (!r.actions) return `No actions of ${what} in this period.`;
  const clear = r.day_parts.filter((p) => ratioSide(p.rate_ratio) === 1);
  if (!clear.length) return `No part of the day stands out for ${what}: every part's rate ratio against the rest of the day includes 1.`;
  return clear
    .map(
      (p) =>
        `${partWords(p)}: ${formatRate(p.rate_per_1000_actions.value)} complaints per 1,000 actions of ${what} (${formatRate(p.rate_per_1000_actions.low)}–${formatRate(p.rate_per_1000_actions.high)}), ${formatRatio(p.rate_ratio.value)} times the rest of the day — clearly higher.`,
    )
    .join(' ');
}

/**
 * The contact-window step for a whole group, when a part of its day is clearly worse than the rest: what the
 * next-step rules propose case by case ("move contact into daytime hours"), suggested for everyone the group
 * contacts. A person decides; nothing is sent to the collection system from here.
 */
export function groupWindowSuggestion(what: string, r: TimeOfDayResult): string | null {
  const clear = r.day_parts.filter((p) => ratioSide(p.rate_ratio) === 1);
  if (!clear.length) return null;
  const parts = clear.map((p) => partWords(p).replace(/^./, (c) => c.toLowerCase()));
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0];
  return `Suggested for all of ${what}: move its contact out of ${list} on the debtor's clock, as the next-step rules do case by case for complaints about contact at bad times.`;
}

function SlotTable({ id, caption, slots, label, rest }: { id: string; caption: string; slots: ClockSlot[]; label: (s: ClockSlot, i: number) => string; rest: string }) {
  const span = ratioScale(slots.map((s) => s.rate_ratio));
  return (
    <div class="table-wrap">
      <table class="tactics cards" data-testid={id}>
        <caption class="muted">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col" class="num">
              Per 1,000 actions
            </th>
            <th scope="col" class="num">
              Rate ratio vs {rest}
            </th>
            <th scope="col" class="interval-col">
              Rate ratio, 95% interval (log scale; the line is 1)
            </th>
            <th scope="col" class="num">
              Actions
            </th>
            <th scope="col" class="num">
              Complaints
            </th>
          </tr>
        </thead>
        <tbody>
          {slots.map((s, i) => {
            const side = ratioSide(s.rate_ratio);
            return (
              <tr data-testid={`${id}-row`} class={side === 1 ? 'clear-higher' : undefined}>
                <th scope="row">
                  {label(s, i)}
                  {s.actions && s.small ? <span class="sub small-note">few complaints — wide interval</span> : null}
                </th>
                <td class="num" data-label="Per 1,000 actions">
                  {intervalText(s.rate_per_1000_actions)}
                </td>
                <td class="num" data-label={`Rate ratio vs ${rest}`}>
                  {intervalText(s.rate_ratio, formatRatio)}
                  {side ? <span class="sub clear-note">{side === 1 ? '▲ clearly higher' : '▼ clearly lower'}</span> : null}
                </td>
                <td class="interval-col">
                  <RatioBar id={`${id}-${i}`} label={label(s, i)} interval={s.rate_ratio} span={span} />
                </td>
                <td class="num" data-label="Actions">
                  {formatCount(s.actions)}
                </td>
                <td class="num" data-label="Complaints">
                  {formatCount(s.complaints)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Complaints per 1,000 actions by hour: a bar per hour with its interval as a line, the parts of the day marked below. */
export function HourBars({ id, what, hours }: { id: string; what: string; hours: ClockSlot[] }) {
  const H = 180;
  const top = 10;
  const bottom = 34;
  const max = Math.max(1, ...hours.map((h) => h.rate_per_1000_actions.high ?? h.rate_per_1000_actions.value ?? 0).filter(Number.isFinite));
  const y = (v: number) => top + (H - top - bottom) * (1 - Math.min(v, max) / max);
  const w = 100 / 24;
  const desc = hours
    .filter((h) => h.actions > 0)
    .map((h) => `${hh(h.at)}: ${formatRate(h.rate_per_1000_actions.value)} per 1,000 actions (${formatCount(h.complaints)} of ${formatCount(h.actions)})`)
    .join('; ');
  return (
    <ChartSvg kind="hours" id={id} height={H} title={`Complaints per 1,000 actions of ${what} by hour of the day`} desc={desc ? `${desc}.` : 'No actions.'}>
      <line x1="0" x2="100%" y1={H - bottom} y2={H - bottom} stroke="#8a8f98" />
      {hours.map((h, i) => {
        const x = i * w;
        const r = h.rate_per_1000_actions;
        const side = ratioSide(h.rate_ratio);
        return (
          <g class={`hour${side === 1 ? ' clear' : ''}`}>
            {r.value !== null ? (
              <rect class="bar" x={`${x + w * 0.15}%`} y={y(r.value)} width={`${w * 0.7}%`} height={H - bottom - y(r.value)} fill="#3d6fb6">
                <title>{`${hh(h.at)}–${hh(h.at + 1)}: ${intervalText(r)} per 1,000 actions, ${formatCount(h.complaints)} complaints after ${formatCount(h.actions)} actions`}</title>
              </rect>
            ) : null}
            {r.low !== null && r.high !== null ? <line class="whisker" x1={`${x + w / 2}%`} x2={`${x + w / 2}%`} y1={y(r.low)} y2={y(r.high)} stroke="#1f2329" /> : null}
            {i % 3 === 0 ? (
              <text x={`${x}%`} y={H - bottom + 14} fill="#1f2329" font-size="11">
                {hh(h.at).slice(0, 2)}
              </text>
            ) : null}
          </g>
        );
      })}
      <text x="100%" y={H - 4} text-anchor="end" fill="#545a63" font-size="11">
        hour of the day; bars: rate, lines: 95% interval
      </text>
    </ChartSvg>
  );
}

/** The whole view for one group (or every action): what stands out, then the parts of the day, the hours and the weekdays. */
export function TimeOfDay({ what, result }: { what: string; result: TimeOfDayResult }) {
  const clock = clockWords(result.zones);
  return (
    <div class="time-of-day" data-testid="time-of-day">
      <p class="time-of-day-verdict" data-testid="time-of-day-verdict">
        <strong>{timeOfDayVerdict(what, result)}</strong>
      </p>
      {groupWindowSuggestion(what, result) ? (
        <p class="notice" data-testid="group-suggestion">
          {groupWindowSuggestion(what, result)} A team lead decides; nothing is sent to the collection system from here.
        </p>
      ) : null}
      <p class="muted">
        On the debtor's clock ({clock}), summer time included. A complaint counts against the latest action it followed, as in the table above: the counts here add up to its row (
        {formatCount(result.complaints)} complaints after {formatCount(result.actions)} actions).
      </p>
      {result.actions ? (
        <>
          <SlotTable id="day-parts" caption="By part of the day" slots={result.day_parts} label={(_, i) => partWords(result.day_parts[i]!)} rest="the rest of the day" />
          <HourBars id="hour-bars" what={what} hours={result.hours} />
          <SlotTable id="weekdays" caption="By day of the week" slots={result.weekdays} label={(_, i) => WEEKDAY_WORDS[i]!} rest="the other days" />
        </>
      ) : null}
    </div>
  );
}
