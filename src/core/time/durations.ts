// Lengths of time in milliseconds, the unit of every timestamp in Earshot. A day here is 24 hours of UTC, not a
// calendar day somewhere: for local days (DST makes them 23 or 25 hours long) see zones.ts.
// No imports, so any layer may use it (db/ included).

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
