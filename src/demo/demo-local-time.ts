// Clock times in the demo countries: UTC days, each country's offset, and local times of day.
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../core/time/durations.ts';
import { zoneOfCountry } from '../core/time/country-zones.ts';
import { offsetAt } from '../core/time/zones.ts';
import type { Country } from './demo-case-model.ts';

/** Start of the UTC day of a time. */
export const utcDayStart = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

/** Offset of local time from UTC in the country at a moment. */
export const utcOffset = (country: Country, at: number): number => offsetAt(at, zoneOfCountry(country));

/** The UTC time of a local clock time (minutes after local midnight) on the local day containing `day`. */
export function localTime(country: Country, day: number, minutes: number): number {
  const off = utcOffset(country, day + 12 * HOUR_MS);
  const localMidnight = utcDayStart(day + off) - off;
  return localMidnight + minutes * MINUTE_MS;
}

/** 21:00–06:59 local time. */
export const isLateEvening = (country: Country, at: number) => {
  const h = new Date(at + utcOffset(country, at)).getUTCHours();
  return h >= 21 || h < 7;
};
export const localWeekday = (country: Country, at: number) => new Date(at + utcOffset(country, at)).getUTCDay();
export const localClock = (country: Country, at: number) => {
  const d = new Date(at + utcOffset(country, at));
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
};
