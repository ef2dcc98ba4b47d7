// Where a case's country keeps its clocks: what "21:41" means to the debtor who got the text. One zone per country
// of the markets Earshot serves (each has one); any other country is shown in UTC, and says so.
import { offsetAt } from './zones.ts';

const COUNTRY_ZONES: Record<string, string> = {
  LV: 'Europe/Riga',
  LT: 'Europe/Vilnius',
  EE: 'Europe/Tallinn',
  FI: 'Europe/Helsinki',
  SE: 'Europe/Stockholm',
  NO: 'Europe/Oslo',
  DK: 'Europe/Copenhagen',
  PL: 'Europe/Warsaw',
  DE: 'Europe/Berlin',
  GB: 'Europe/London',
  IE: 'Europe/Dublin',
};

/** The IANA zone of a country (ISO 3166 alpha-2, any case); UTC for a country not listed. */
export function zoneOfCountry(country: string | null | undefined): string {
  return COUNTRY_ZONES[(country ?? '').toUpperCase()] ?? 'UTC';
}

/** `UTC+2`, `UTC+5:30`, `UTC`: the zone's offset at an instant, as a clock shows it. */
export function offsetName(ms: number, timeZone: string): string {
  const minutes = Math.round(offsetAt(ms, timeZone) / 60_000);
  if (minutes === 0) return 'UTC';
  const abs = Math.abs(minutes);
  return `UTC${minutes < 0 ? '−' : '+'}${Math.floor(abs / 60)}${abs % 60 ? `:${String(abs % 60).padStart(2, '0')}` : ''}`;
}
