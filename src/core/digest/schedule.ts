// When the weekly digest is due: a five-field cron expression (minute hour day-of-month month day-of-week) read
// in a time zone, runtime-neutral (Intl only). The job asks for the latest scheduled moment up to now.
import { DAY_MS } from '../time/durations.ts';
import { zonedParts, zonedTimeToUtc } from '../time/zones.ts';

type Field = { values: Set<number>; any: boolean };
const RANGES: [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];
const NAMES = ['minute', 'hour', 'day of month', 'month', 'day of week'];

function parseField(text: string, [lo, hi]: [number, number], name: string): Field | string {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m) return `${name}: "${part}" is not a number, range, list or step`;
    const from = m[1] === '*' ? lo : Number(m[2]);
    const to = m[1] === '*' ? hi : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? hi : from;
    const step = m[4] !== undefined ? Number(m[4]) : 1;
    if (from < lo || to > hi || from > to || step < 1) return `${name}: "${part}" is outside ${lo}–${hi}`;
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return { values, any: text === '*' };
}

export interface Cron {
  fields: Field[];
}

/** The parsed expression, or why it cannot be read. Day of week: 0 or 7 is Sunday. */
export function parseCron(expr: string): Cron | string {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5) return 'cron: five fields, "minute hour day-of-month month day-of-week" (e.g. "0 7 * * 1")';
  const fields: Field[] = [];
  for (let i = 0; i < 5; i++) {
    const f = parseField(parts[i]!, RANGES[i]!, NAMES[i]!);
    if (typeof f === 'string') return `cron: ${f}`;
    fields.push(f);
  }
  if (fields[4]!.values.has(7)) fields[4]!.values.add(0);
  return { fields };
}

/**
 * The latest moment at or before `now` that the expression names in `timeZone`, looking back at most
 * `lookbackDays`; null when there is none (a weekly schedule always has one within 8 days).
 */
export function lastOccurrence(cron: Cron, timeZone: string, now: number, lookbackDays = 8): number | null {
  const [minutes, hours, dom, months, dow] = cron.fields as [Field, Field, Field, Field, Field];
  const desc = (s: Set<number>) => [...s].sort((a, b) => b - a);
  for (let back = 0; back <= lookbackDays; back++) {
    const day = zonedParts(now - back * DAY_MS, timeZone);
    if (!months.values.has(day.month)) continue;
    // Standard cron: with both day fields restricted, either may match.
    const dayOk = dom.any || dow.any ? dom.values.has(day.day) && dow.values.has(day.weekday) : dom.values.has(day.day) || dow.values.has(day.weekday);
    if (!dayOk) continue;
    for (const h of desc(hours.values)) {
      for (const mi of desc(minutes.values)) {
        const at = zonedTimeToUtc(day.year, day.month, day.day, h, mi, timeZone);
        if (at <= now) return at;
      }
    }
  }
  return null;
}
