/** Small, pure formatting helpers for the dashboard (no locale or time zone from the host: UTC unless a zone is given). */
import { offsetName } from '../../src/core/time/country-zones.ts';
import { DAY_MS } from '../../src/core/time/durations.ts';
import { wallClock } from '../../src/core/time/zones.ts';

/** UTC midnight of the day that contains `ms`. */
export function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** `2026-11-18` (UTC). */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `2026-11-18T08:00:00Z` (UTC, no milliseconds unless there are some). */
export function isoInstant(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `18 Nov` (UTC). */
export function shortDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}

/** `18 Nov 2026` (UTC). */
export function mediumDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** `Wed 18 Nov 2026, 08:00 UTC`. */
export function friendlyTime(ms: number): string {
  const d = new Date(ms);
  const wd = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${wd} ${mediumDay(ms)}, ${hh}:${mm} UTC`;
}

/**
 * `23 Nov 2026, 21:41 Riga time (UTC+2)`: an instant on the clocks of a zone, the zone named (its city) with its
 * offset then; in UTC, `23 Nov 2026, 19:41 UTC`.
 */
export function zonedTime(ms: number, timeZone: string): string {
  const wall = wallClock(ms, timeZone);
  const clock = `${mediumDay(wall)}, ${isoInstant(wall).slice(11, 16)}`;
  if (timeZone === 'UTC') return `${clock} UTC`;
  const city = (timeZone.split('/').pop() ?? timeZone).replaceAll('_', ' ');
  return `${clock} ${city} time (${offsetName(ms, timeZone)})`;
}

/** Parses `YYYY-MM-DD` as a real UTC calendar day; null for anything else (including `2026-02-30`). */
export function parseIsoDay(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms;
}

/** A signed number with a real minus sign: `−0.6`, `+1`, `0`. At most two decimals. */
export function formatSigned(n: number): string {
  const r = Math.round(n * 100) / 100;
  if (r === 0) return '0';
  return `${r < 0 ? '−' : '+'}${Math.abs(r)}`;
}

/** `42%`, or an em dash when there is nothing to divide by. */
export function percent(part: number, whole: number): string {
  if (!whole) return '—';
  return `${Math.round((part / whole) * 100)}%`;
}

/** `1 234` style grouping without depending on the host locale. */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** Up to `max` code points, cut at a word boundary when one is near, with an ellipsis when cut. */
export function excerpt(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  if (chars.length <= max) return flat;
  let cut = chars.slice(0, max).join('');
  const space = cut.lastIndexOf(' ');
  if (space > max * 0.6) cut = cut.slice(0, space);
  return `${cut.replace(/[\s.,;:!?-]+$/u, '')}…`;
}

/** `contact_frequency` → `contact frequency`. */
export function humanize(label: string): string {
  return label.replace(/_/g, ' ');
}

const LANGUAGE_NAMES: Record<string, string> = {
  en: 'English',
  sv: 'Swedish',
  fi: 'Finnish',
  nb: 'Norwegian',
  da: 'Danish',
  lv: 'Latvian',
  lt: 'Lithuanian',
  et: 'Estonian',
  ru: 'Russian',
  pl: 'Polish',
  unknown: 'Unknown',
};

/** `lv` → `Latvian`; unknown codes are shown as they are. */
export function languageName(code: string): string {
  return LANGUAGE_NAMES[code] ?? code;
}

/** Is this a link we are willing to put in an `href`? Only absolute http(s) URLs. */
export function isHttpUrl(url: string | null | undefined): url is string {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** A query string from key/value pairs, skipping empty values; `''` when nothing is left. */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `?${s}` : '';
}
