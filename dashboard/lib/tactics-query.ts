// The Tactics page's GET forms: what they said as typed, read with the same limits as GET /api/analytics/{tactics,change},
// and the trend query that goes with them.
import { GROUP_BYS, type GroupBy, groupingOf, type LinkFilter, PAIR_FIRSTS, PAIR_SECONDS } from '../../db/queries/analytics.ts';
import { ACTION_TYPES } from '../../db/schema/constants.ts';
import { DEFAULT_WINDOW_DAYS, resolvePeriod, type TacticsQuery, type TrendQuery } from '../../src/core/cases/analytics.ts';
import { trendBucketDaysFor } from '../components/trend-chart.tsx';
import { parseIsoDay } from './format.ts';

export const DEFAULT_WINDOW = DEFAULT_WINDOW_DAYS;
/** Days either side of a change date, when the form leaves it empty. */
export const DEFAULT_SPAN = 28;

/** What the form showed, as typed (empty when left to the default). */
export interface TacticsValues {
  by: GroupBy;
  /** Each group split by this too ('' for none): team, creditor or segment by action type or channel. */
  split_by: GroupBy | '';
  from: string;
  to: string;
  window_days: string;
  links: LinkFilter;
  sort: 'key' | 'low';
  /** The group compared before and after a date, as the table names it ("Riga B · sms"). */
  key: string;
  /** An action type to compare (links made before any group could be compared); `key` wins. */
  action_type: string;
  at: string;
  span_days: string;
}

/** One group asked for, in its grouping, as the table names it ("Riga B · sms"). */
export interface GroupAsked {
  by: GroupBy;
  split_by?: GroupBy;
  key: string;
}

/** A before/after asked for: the group, the date and the days either side. */
export interface ChangeAsked extends GroupAsked {
  at: number;
  spanDays: number;
}

export interface ParsedTactics {
  values: TacticsValues;
  problems: string[];
  /** Null when the form had a problem: nothing is computed then. */
  tactics: TacticsQuery | null;
  /** The group looked at closely; null when none was named, or the form had a problem. */
  focus: GroupAsked | null;
  /** Null when no before/after change was asked for, or it had a problem. */
  change: ChangeAsked | null;
}

function intIn(text: string | undefined, min: number, max: number): number | null {
  if (!text || !/^\d{1,4}$/.test(text)) return null;
  const n = Number(text);
  return n >= min && n <= max ? n : null;
}

/** Reads the page's GET forms with the same limits as GET /api/analytics/{tactics,change}. */
export function parseTacticsQuery(q: Record<string, string | undefined>, now: number): ParsedTactics {
  const problems: string[] = [];
  const by = (GROUP_BYS as readonly string[]).includes(q.by ?? '') ? (q.by as GroupBy) : 'action_type';
  const splitBy = (GROUP_BYS as readonly string[]).includes(q.split_by ?? '') ? (q.split_by as GroupBy) : '';
  const values: TacticsValues = {
    by,
    split_by: splitBy,
    from: (q.from ?? '').slice(0, 10),
    to: (q.to ?? '').slice(0, 10),
    window_days: (q.window_days ?? '').slice(0, 4),
    links: q.links === 'confirmed' ? 'confirmed' : 'any',
    // By the lower bound unless asked: the groups most surely above the rest first.
    sort: q.sort === 'key' ? 'key' : 'low',
    key: (q.key ?? '').slice(0, 300),
    action_type: (ACTION_TYPES as readonly string[]).includes(q.action_type ?? '') ? q.action_type! : '',
    at: (q.at ?? '').slice(0, 10),
    span_days: (q.span_days ?? '').slice(0, 4),
  };
  const day = (text: string, label: string) => {
    if (!text) return null;
    const ms = parseIsoDay(text);
    if (ms === null) problems.push(`${label}: give a date as YYYY-MM-DD.`);
    return ms;
  };
  const toDay = day(values.to, 'To');
  const fromDay = day(values.from, 'From');
  // The defaults of GET /api/analytics; a date that did not parse is reported above and left to its default.
  const period = resolvePeriod({ from: fromDay === null ? undefined : values.from, to: toDay === null ? undefined : values.to }, now);
  if (!period) problems.push('From must not be after To.');
  const grouping = groupingOf(by, splitBy || undefined);
  if (!grouping) problems.push(`Split by: only ${PAIR_FIRSTS.join(', ')} can be split, by ${PAIR_SECONDS.join(' or ')}.`.replaceAll('_', ' '));
  const windowDays = values.window_days ? intIn(values.window_days, 1, 365) : DEFAULT_WINDOW;
  if (windowDays === null) problems.push('Window: give a whole number of days from 1 to 365.');

  // A group named alone is looked at closely (when in the day, a proposed change); with a date, compared before and after.
  const focus: GroupAsked | null = values.key
    ? { by, ...(splitBy && { split_by: splitBy }), key: values.key }
    : values.action_type
      ? { by: 'action_type', key: values.action_type }
      : null;
  let change: ChangeAsked | null = null;
  if (values.at) {
    const at = day(values.at, 'Change date');
    if (!focus) problems.push('Group: choose the group whose rate changed.');
    const spanDays = values.span_days ? intIn(values.span_days, 1, 730) : DEFAULT_SPAN;
    if (spanDays === null) problems.push('Days before and after: give a whole number of days from 1 to 730.');
    if (at !== null && focus && spanDays !== null) change = { ...focus, at, spanDays };
  }
  const tactics = problems.length || windowDays === null || !period || !grouping ? null : { by: grouping, ...period, windowDays, links: values.links, sort: values.sort };
  return { values, problems, tactics, focus: problems.length ? null : focus, change: problems.length ? null : change };
}

/**
 * The form's grouping, period, window and links as GET /api/analytics/* takes them; one instant for `to` when it is
 * left out, so every figure on the page covers the same period.
 */
export function groupInput(v: TacticsValues, now: number) {
  return {
    by: v.by,
    split_by: v.split_by || undefined,
    from: v.from || undefined,
    to: v.to || new Date(now).toISOString(),
    window_days: v.window_days || undefined,
    links: v.links,
  };
}

/** The trend chart's query for the page's figures: same groups, period, window and links, buckets sized to the period. */
export function trendQueryFor(q: TacticsQuery): TrendQuery {
  return { by: q.by, from: q.from, to: q.to, windowDays: q.windowDays, links: q.links, bucketDays: trendBucketDaysFor(q) };
}
