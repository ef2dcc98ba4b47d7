// When in the day and week complaints follow actions: one group's actions (or all) by the hour and weekday the
// debtor's clock showed — the case country's local time — with the complaints that followed them, per 1,000 actions.
// "Riga B's SMS late in the evening" is the 21:00–23:00 rows of Riga B · SMS.
import type { Days, LinkFilter } from '../../../db/queries/analytics.ts';
import { actionsByCountryAndHour, complaintsByCountryAndHour, HOUR, type HourRow, type StoredGroup } from '../../../db/queries/time-of-day.ts';
import type { Db } from '../../../db/client.ts';
import { zoneOfCountry } from '../time/country-zones.ts';
import { offsetAt } from '../time/zones.ts';
import { DAY_MS } from '../time/durations.ts';
import { daysOf, groupKey, SMALL_COMPLAINTS } from './analytics.ts';
import { type Interval, rateInterval, rateRatioInterval } from './rates.ts';

/**
 * Parts of the day, from..to hours on the case country's clock. Their bounds are the contact hours collection codes
 * commonly allow (08:00–21:00 on weekdays), split where office work changes: a single hour holds too few complaints
 * to stand out from its neighbours, a part of the day can.
 */
export const DAY_PARTS = [
  { id: 'night', from: 0, to: 8 },
  { id: 'morning', from: 8, to: 12 },
  { id: 'afternoon', from: 12, to: 17 },
  { id: 'evening', from: 17, to: 21 },
  { id: 'late_evening', from: 21, to: 24 },
] as const;
export type DayPart = (typeof DAY_PARTS)[number]['id'];

export interface ClockSlot {
  /** The hour (0–23), the ISO weekday (1 Monday … 7 Sunday) or the part of the day's first hour, on the case country's clock. */
  at: number;
  actions: number;
  complaints: number;
  rate_per_1000_actions: Interval;
  /** This slot's rate against the group's actions at every other hour (or on every other day). */
  rate_ratio: Interval;
  small: boolean;
}

export interface TimeOfDayResult {
  /** The group, as /tactics names it; absent for every action. */
  key?: string;
  parts?: [string, string];
  actions: number;
  complaints: number;
  /** 24 slots, 00:00 first. */
  hours: ClockSlot[];
  /** 7 slots, Monday first. */
  weekdays: ClockSlot[];
  /** One slot per part of the day (DAY_PARTS), night first. */
  day_parts: (ClockSlot & { part: DayPart; to: number })[];
  /** The zones the actions' clocks were read in (UTC for a country Earshot has no zone for). */
  zones: string[];
}

export interface TimeOfDayQuery {
  /** One group (its key as stored), or null for every action. */
  group: StoredGroup | null;
  from: number;
  to: number;
  windowDays: number;
  links: LinkFilter;
}

/** The hour and ISO weekday a clock in the zone showed at the start of a UTC hour (every zone served is whole hours). */
function localHour(hour: number, zone: string): { hour: number; weekday: number } {
  const wall = hour * HOUR + offsetAt(hour * HOUR, zone);
  const day = Math.floor(wall / DAY_MS);
  // 1 January 1970 was a Thursday (ISO 4).
  return { hour: Math.floor((wall - day * DAY_MS) / HOUR), weekday: ((((day + 3) % 7) + 7) % 7) + 1 };
}

function slots(count: number, first: number, actions: number[], complaints: number[], total: { actions: number; complaints: number }): ClockSlot[] {
  return Array.from({ length: count }, (_, i) => {
    const n = actions[i]!;
    const x = complaints[i]!;
    return {
      at: first + i,
      actions: n,
      complaints: x,
      rate_per_1000_actions: rateInterval(x, n),
      rate_ratio: rateRatioInterval(x, n, total.complaints - x, total.actions - n),
      small: x < SMALL_COMPLAINTS,
    };
  });
}

/** The slots from the per-country, per-UTC-hour counts. */
export function buildTimeOfDay(actionRows: HourRow[], complaintRows: HourRow[]): Omit<TimeOfDayResult, 'key' | 'parts'> {
  const counts = { actions: { hours: Array(24).fill(0), days: Array(7).fill(0) }, complaints: { hours: Array(24).fill(0), days: Array(7).fill(0) } };
  const zones = new Set<string>();
  const total = { actions: 0, complaints: 0 };
  const add = (rows: HourRow[], into: { hours: number[]; days: number[] }, what: 'actions' | 'complaints') => {
    for (const r of rows) {
      const zone = zoneOfCountry(r.country);
      const local = localHour(Number(r.hour), zone);
      const n = Number(r.n);
      into.hours[local.hour] += n;
      into.days[local.weekday - 1] += n;
      total[what] += n;
      if (what === 'actions') zones.add(zone);
    }
  };
  add(actionRows, counts.actions, 'actions');
  add(complaintRows, counts.complaints, 'complaints');
  const sum = (hours: number[], p: { from: number; to: number }) => hours.slice(p.from, p.to).reduce((n, x) => n + x, 0);
  const inParts = (hours: number[]) => DAY_PARTS.map((p) => sum(hours, p));
  const dayParts = slots(DAY_PARTS.length, 0, inParts(counts.actions.hours), inParts(counts.complaints.hours), total);
  return {
    ...total,
    hours: slots(24, 0, counts.actions.hours, counts.complaints.hours, total),
    day_parts: dayParts.map((s, i) => ({ ...s, at: DAY_PARTS[i]!.from, part: DAY_PARTS[i]!.id, to: DAY_PARTS[i]!.to })),
    weekdays: slots(7, 1, counts.actions.days, counts.complaints.days, total),
    zones: [...zones].sort(),
  };
}

export async function timeOfDayAnalytics(db: Db, q: TimeOfDayQuery): Promise<TimeOfDayResult> {
  const d: Days = daysOf(q);
  const [actions, complaints] = await Promise.all([actionsByCountryAndHour(db, q.group, d), complaintsByCountryAndHour(db, q.group, d, q.windowDays, q.links)]);
  return { ...(q.group && groupKey(q.group.key)), ...buildTimeOfDay(actions, complaints) };
}
