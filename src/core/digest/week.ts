// ISO 8601 weeks (Monday to Sunday; week 1 holds the year's first Thursday) and their bounds in a time zone.
// Calendar arithmetic is done on "civil days" (days since 1970-01-01 of a calendar date, whatever the zone); the
// zone arithmetic (which day an instant falls on, when a local day starts) is ../time/zones.ts.
import { DAY_MS } from '../time/durations.ts';
import { localDayOf, startOfLocalDay } from '../time/zones.ts';

export interface IsoWeek {
  year: number;
  week: number;
}

/** Days since 1970-01-01 of a calendar date. */
const civilDay = (y: number, m: number, d: number) => Math.floor(Date.UTC(y, m - 1, d) / DAY_MS);
/** ISO weekday of a civil day: Monday 1 … Sunday 7 (1970-01-01 was a Thursday). */
const isoWeekday = (day: number) => ((((day + 3) % 7) + 7) % 7) + 1;

/** The civil day of the Monday of week 1: the Monday of the week that holds 4 January. */
function week1Monday(year: number): number {
  const jan4 = civilDay(year, 1, 4);
  return jan4 - (isoWeekday(jan4) - 1);
}

/** 52 or 53: a year has 53 ISO weeks when it starts on a Thursday, or is a leap year starting on a Wednesday. */
export function weeksInYear(year: number): number {
  return Math.round((week1Monday(year + 1) - week1Monday(year)) / 7);
}

/** The ISO week of a civil day. */
function weekOfCivilDay(day: number): IsoWeek {
  const thursday = day - isoWeekday(day) + 4; // the week belongs to the year of its Thursday
  const year = new Date(thursday * DAY_MS).getUTCFullYear();
  return { year, week: Math.floor((thursday - week1Monday(year)) / 7) + 1 };
}

/** Civil day of the week's Monday. */
const mondayOf = (w: IsoWeek) => week1Monday(w.year) + (w.week - 1) * 7;

/** `2026-W47` or `2026-w47` (two-digit week); null when malformed or when the year has no such week. */
export function parseIsoWeek(s: string): IsoWeek | null {
  const m = /^(\d{4})-[Ww](\d{2})$/.exec(s.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const week = Number(m[2]);
  if (year < 1 || week < 1 || week > weeksInYear(year)) return null;
  return { year, week };
}

export function formatIsoWeek(w: IsoWeek): string {
  return `${String(w.year).padStart(4, '0')}-W${String(w.week).padStart(2, '0')}`;
}

/** The week `n` weeks before (default 1); a negative `n` goes forward. */
export function previousWeek(w: IsoWeek, n = 1): IsoWeek {
  return weekOfCivilDay(mondayOf(w) - 7 * n);
}

/** The ISO week containing the instant, as a calendar in that zone shows it. */
export function isoWeekOf(ms: number, timeZone: string): IsoWeek {
  return weekOfCivilDay(localDayOf(ms, timeZone));
}

/** [Monday 00:00, next Monday 00:00) local time, as UTC ms: 167, 168 or 169 hours long around DST changes. */
export function weekRange(w: IsoWeek, timeZone: string): { from: number; to: number } {
  const monday = mondayOf(w);
  return { from: startOfLocalDay(monday, timeZone), to: startOfLocalDay(monday + 7, timeZone) };
}
