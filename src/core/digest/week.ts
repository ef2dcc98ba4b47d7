// ISO 8601 weeks (Monday to Sunday; week 1 holds the year's first Thursday) and their bounds in a time zone.
// Only Intl: no Node APIs, so it runs the same on Workers. Calendar arithmetic is done on "civil days" (days
// since 1970-01-01 of a calendar date, whatever the zone); only weekRange turns a local midnight into an instant.

export interface IsoWeek {
  year: number;
  week: number;
}

const DAY = 86_400_000;

/** Days since 1970-01-01 of a calendar date. */
const civilDay = (y: number, m: number, d: number) => Math.floor(Date.UTC(y, m - 1, d) / DAY);
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
  const year = new Date(thursday * DAY).getUTCFullYear();
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
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock reading of an instant in a zone, as if it were UTC (ms, whole seconds). */
function wallClock(ms: number, timeZone: string): number {
  const p: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const year = p.year!;
  return Date.UTC(year, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!);
}

/** The zone's offset from UTC at an instant, in ms (Riga in winter: +2 h). */
function offsetAt(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return wallClock(whole, timeZone) - whole;
}

/**
 * The first instant of a local calendar day: local midnight, or, where a DST change skips midnight, the first
 * moment of the day that exists.
 */
function startOfLocalDay(day: number, timeZone: string): number {
  const wall = day * DAY;
  let t = wall - offsetAt(wall, timeZone);
  t = wall - offsetAt(t, timeZone); // the offset that holds at that instant (differs only around a DST change)
  const shown = wallClock(t, timeZone);
  if (shown < wall) t += wall - shown; // midnight does not exist that day: move to the first instant that does
  if (shown > wall) {
    // Midnight exists twice or we landed late: step back while the earlier instant is still that day.
    const earlier = wall - offsetAt(t - DAY / 2, timeZone);
    if (wallClock(earlier, timeZone) === wall) t = earlier;
  }
  return t;
}

/** The ISO week containing the instant, as a calendar in that zone shows it. */
export function isoWeekOf(ms: number, timeZone: string): IsoWeek {
  return weekOfCivilDay(Math.floor(wallClock(ms, timeZone) / DAY));
}

/** [Monday 00:00, next Monday 00:00) local time, as UTC ms: 167, 168 or 169 hours long around DST changes. */
export function weekRange(w: IsoWeek, timeZone: string): { from: number; to: number } {
  const monday = mondayOf(w);
  return { from: startOfLocalDay(monday, timeZone), to: startOfLocalDay(monday + 7, timeZone) };
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

/** The civil day (days since 1970-01-01) on which an instant falls in a zone. */
export function localDayOf(ms: number, timeZone: string): number {
  return Math.floor(wallClock(ms, timeZone) / DAY);
}
