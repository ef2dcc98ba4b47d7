// Wall-clock arithmetic in IANA time zones (`Europe/Riga`), with Intl only: no Node APIs and no zone tables of our
// own, so it runs the same on Workers. A "wall" time is a zone's clock reading written as if it were UTC (ms); a
// "civil day" is the number of days since 1970-01-01 of a calendar date, whatever the zone.
import { DAY_MS } from './durations.ts';

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Sunday 0 … Saturday 6, as cron counts. */
  weekday: number;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
// Building a formatter costs far more than using one: one per zone, kept.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The calendar date, clock time and weekday of an instant as a clock in the zone shows it. */
export function zonedParts(ms: number, timeZone: string): ZonedParts {
  const p: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) p[part.type] = part.value;
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour) % 24, // some engines say 24 for midnight even with h23
    minute: Number(p.minute),
    second: Number(p.second),
    weekday: WEEKDAYS.indexOf(p.weekday!),
  };
}

/** The wall-clock reading of an instant in a zone, as if it were UTC (ms, whole seconds). */
export function wallClock(ms: number, timeZone: string): number {
  const p = zonedParts(ms, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}

/** The offset as Intl reports it: one formatToParts call (about 12 µs). */
function measuredOffset(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return wallClock(whole, timeZone) - whole;
}

// The demo asks for tens of thousands of offsets, so they are kept per zone and UTC day: a day that starts and
// ends on the same offset has it throughout (no zone changes its offset twice within one day); NaN marks a day
// with a change, whose instants are measured one by one.
const dayOffsets = new Map<string, number>();
const MAX_KEPT_DAYS = 10_000;

/** The zone's offset from UTC at an instant, in ms (Riga in winter: +2 h). */
export function offsetAt(ms: number, timeZone: string): number {
  const day = Math.floor(ms / DAY_MS);
  const key = `${timeZone} ${day}`;
  let offset = dayOffsets.get(key);
  if (offset === undefined) {
    const first = measuredOffset(day * DAY_MS, timeZone);
    offset = first === measuredOffset((day + 1) * DAY_MS - 1000, timeZone) ? first : NaN;
    if (dayOffsets.size >= MAX_KEPT_DAYS) dayOffsets.clear();
    dayOffsets.set(key, offset);
  }
  return Number.isNaN(offset) ? measuredOffset(ms, timeZone) : offset;
}

/** The civil day (days since 1970-01-01) on which an instant falls in a zone. */
export function localDayOf(ms: number, timeZone: string): number {
  return Math.floor(wallClock(ms, timeZone) / DAY_MS);
}

/**
 * The instant a wall-clock reading names. The second pass takes the offset that holds at that instant (it differs
 * from the first guess only around a DST change); in a gap the clocks skip, the answer is an hour later.
 */
function instantOfWall(wall: number, timeZone: string): number {
  const first = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(first, timeZone);
}

/** The instant a wall-clock time in `timeZone` names (in a DST gap, the instant an hour later). */
export function zonedTimeToUtc(y: number, mo: number, d: number, h: number, mi: number, timeZone: string): number {
  return instantOfWall(Date.UTC(y, mo - 1, d, h, mi), timeZone);
}

/**
 * The first instant of a local calendar day: local midnight, or, where a DST change skips midnight, the first
 * moment of the day that exists.
 */
export function startOfLocalDay(day: number, timeZone: string): number {
  const wall = day * DAY_MS;
  let t = instantOfWall(wall, timeZone);
  const shown = wallClock(t, timeZone);
  if (shown < wall) t += wall - shown; // midnight does not exist that day: move to the first instant that does
  if (shown > wall) {
    // Midnight exists twice or we landed late: step back while the earlier instant is still that day.
    const earlier = wall - offsetAt(t - DAY_MS / 2, timeZone);
    if (wallClock(earlier, timeZone) === wall) t = earlier;
  }
  return t;
}

/** Whether Intl knows the zone (`Europe/Riga`, `UTC`); offsets like `+02:00` are not zones people live in. */
export function isValidTimeZone(tz: string): boolean {
  if (typeof tz !== 'string' || tz.length === 0 || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return !/^[+-]/.test(tz);
  } catch {
    return false;
  }
}
