/**
 * Retry-After (RFC 9110 §10.2.3): delta-seconds or an HTTP-date. Parsed by hand rather than with
 * Date.parse, which happily turns garbage like "5 apples" into a date.
 */
import { DAY_MS } from '../time/durations.ts';

export const MAX_RETRY_AFTER_MS = DAY_MS;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MON = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)';
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';
// "Sun, 06 Nov 1994 08:49:37 GMT" (IMF-fixdate; the only one senders may produce)
const IMF = new RegExp(`^[a-z]{3}, (\\d{1,2}) ${MON} (\\d{4}) ${TIME} (?:gmt|utc)$`, 'i');
// "Sunday, 06-Nov-94 08:49:37 GMT" (obsolete RFC 850)
const RFC850 = new RegExp(`^[a-z]{6,9}, (\\d{1,2})-${MON}-(\\d{2}) ${TIME} (?:gmt|utc)$`, 'i');
// "Sun Nov  6 08:49:37 1994" (obsolete asctime)
const ASCTIME = new RegExp(`^[a-z]{3} ${MON} +(\\d{1,2}) ${TIME} (\\d{4})$`, 'i');

/** Milliseconds to wait, clamped to [0, 24 h]; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (header == null) return undefined;
  const value = header.trim();
  if (value === '') return undefined;

  if (/^\d+$/.test(value)) return clamp(Number(value) * 1000);

  const at = parseHttpDate(value, now);
  return at === undefined ? undefined : clamp(at - now);
}

function clamp(ms: number): number {
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

/** Epoch ms of an HTTP-date in any of the three allowed forms, or undefined. */
export function parseHttpDate(value: string, now: number): number | undefined {
  let m = IMF.exec(value);
  if (m) return utc(+m[3], m[2], +m[1], +m[4], +m[5], +m[6]);
  m = RFC850.exec(value);
  if (m) return utc(fullYear(+m[3], now), m[2], +m[1], +m[4], +m[5], +m[6]);
  m = ASCTIME.exec(value);
  if (m) return utc(+m[6], m[1], +m[2], +m[3], +m[4], +m[5]);
  return undefined;
}

/** RFC 9110: a two-digit year more than 50 years in the future means the previous century. */
function fullYear(yy: number, now: number): number {
  const current = new Date(now).getUTCFullYear();
  let year = Math.floor(current / 100) * 100 + yy;
  if (year > current + 50) year -= 100;
  return year;
}

function utc(year: number, mon: string, day: number, h: number, min: number, s: number): number | undefined {
  const month = MONTHS.indexOf(mon.toLowerCase());
  if (h > 23 || min > 59 || s > 60 || day < 1) return undefined;
  const t = Date.UTC(year, month, day, h, min, Math.min(s, 59));
  // Date.UTC rolls "31 Feb" into March; a date that does not round-trip is not a date.
  return new Date(t).getUTCDate() === day ? t : undefined;
}
