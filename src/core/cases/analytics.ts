import {
  DAY,
  type Days,
  complaintsByGroup,
  complaintsByGroupAndBucket,
  exposureByGroup,
  exposureByGroupAndBucket,
  type ComplaintRow,
  type ExposureRow,
  type Grouping,
  type KeyFilter,
  type LinkFilter,
  PAIR_SEPARATOR,
  type Period,
  topicsByGroup,
  type TopicRow,
  type TrendComplaintRow,
  type TrendExposureRow,
} from '../../../db/queries/analytics.ts';
import type { Db } from '../../../db/client.ts';
import { badRequest } from '../errors.ts';
import { poissonInterval } from '../stats.ts';
import { type Interval, rateInterval, rateRatioInterval } from './rates.ts';
import { DAY_MS } from '../time/durations.ts';

/** Fewer linked complaints than this and a group is flagged `small`: its interval is too wide to rank on. */
export const SMALL_COMPLAINTS = 5;

/** Rows with no value for the grouping column (e.g. no team) are reported under this key. */
export const NO_KEY = '(none)';

/** Between the two values of a pair's key as shown ("Riga B · sms"). */
export const PAIR_JOINER = ' · ';

/** A group's key as shown (a missing value as NO_KEY), and a pair's two values apart. */
export function groupKey(raw: string | null): { key: string; parts?: [string, string] } {
  if (!raw?.includes(PAIR_SEPARATOR)) return { key: raw || NO_KEY };
  const [first = '', second = ''] = raw.split(PAIR_SEPARATOR);
  const parts: [string, string] = [first || NO_KEY, second || NO_KEY];
  return { key: parts.join(PAIR_JOINER), parts };
}

// ---- the period and window every analytics view shares (GET /api/analytics/* and the dashboard) ----

/** When `from` is left out, a view covers this many days up to `to`. */
export const DEFAULT_PERIOD_DAYS = 90;
/** A complaint counts against the actions on its case in this many days before it was published, unless told. */
export const DEFAULT_WINDOW_DAYS = 14;

/**
 * A period bound from ISO 8601 text already checked to be a date or a date-time: a date-time is that instant; a
 * date is the start of that UTC day, or as an end bound its last millisecond (so `to=2026-10-31` takes in the day).
 */
export function isoBoundMs(text: string, end: boolean): number {
  return Date.parse(text) + (end && text.length === 10 ? DAY_MS - 1 : 0);
}

/**
 * The whole UTC days a period touches: the Tactics views count in days (their rollups hold days), so a bound inside
 * a day takes in that whole day.
 */
export function daysOf(p: Period): Days {
  return { first: Math.floor(p.from / DAY), last: Math.floor(p.to / DAY) };
}

/** The first and last millisecond of a run of days. */
const periodOf = (d: Days): Period => ({ from: d.first * DAY, to: (d.last + 1) * DAY - 1 });

/**
 * The period of an analytics view from its optional bounds (ISO 8601, already validated), both ends inclusive:
 * `to` is `now` when left out, `from` is DEFAULT_PERIOD_DAYS before `to`. Null when `from` is after `to`.
 */
export function resolvePeriod(bounds: { from?: string | undefined; to?: string | undefined }, now: number): Period | null {
  const to = bounds.to ? isoBoundMs(bounds.to, true) : now;
  const from = bounds.from ? isoBoundMs(bounds.from, false) : to - DEFAULT_PERIOD_DAYS * DAY_MS;
  return from > to ? null : { from, to };
}

export interface TacticsQuery extends Period {
  by: Grouping;
  windowDays: number;
  links: LinkFilter;
  sort: 'key' | 'low';
}

export interface TacticGroup {
  key: string;
  /** A pair's two values (the key joins them). */
  parts?: [string, string];
  cases: number;
  actions: number;
  complaints: number;
  rate_per_1000_cases: Interval;
  rate_per_1000_actions: Interval;
  rate_ratio: Interval;
  small: boolean;
}

/**
 * The groups of the tactics view from the query rows. The rate ratio compares a group's complaints per case
 * with all other groups together: their complaints and exposed cases summed (where a case can be in several
 * groups — action type, channel, team — it counts in each, as it does in those groups' own rows).
 */
export function buildTacticGroups(exposure: ExposureRow[], complaints: ComplaintRow[], sort: 'key' | 'low' = 'key'): TacticGroup[] {
  const byKey = new Map<string, { parts?: [string, string]; cases: number; actions: number; complaints: number }>();
  const slot = (k: string | null) => {
    const { key, parts } = groupKey(k);
    let g = byKey.get(key);
    if (!g) byKey.set(key, (g = { ...(parts && { parts }), cases: 0, actions: 0, complaints: 0 }));
    return g;
  };
  for (const r of exposure) {
    const g = slot(r.key);
    g.cases += Number(r.cases);
    g.actions += Number(r.actions);
  }
  // A complaint always follows an action in the period, so its group has exposure; ignore any that does not.
  for (const r of complaints) if (byKey.has(groupKey(r.key).key)) slot(r.key).complaints += Number(r.complaints);

  let totalCases = 0;
  let totalComplaints = 0;
  for (const g of byKey.values()) {
    totalCases += g.cases;
    totalComplaints += g.complaints;
  }
  const groups = [...byKey].map(
    ([key, g]): TacticGroup => ({
      key,
      ...(g.parts && { parts: g.parts }),
      cases: g.cases,
      actions: g.actions,
      complaints: g.complaints,
      rate_per_1000_cases: rateInterval(g.complaints, g.cases),
      rate_per_1000_actions: rateInterval(g.complaints, g.actions),
      rate_ratio: rateRatioInterval(g.complaints, g.cases, totalComplaints - g.complaints, totalCases - g.cases),
      small: g.complaints < SMALL_COMPLAINTS,
    }),
  );
  return sortGroups(groups, sort);
}

/** By key, or by the lower bound of the rate per 1,000 cases (highest first) — never by the point estimate. */
function sortGroups<T extends { key: string; rate_per_1000_cases: Interval }>(groups: T[], sort: 'key' | 'low'): T[] {
  const byKey = (a: T, b: T) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  if (sort === 'key') return groups.sort(byKey);
  return groups.sort((a, b) => (b.rate_per_1000_cases.low ?? -1) - (a.rate_per_1000_cases.low ?? -1) || byKey(a, b));
}

export async function tacticsAnalytics(db: Db, q: TacticsQuery): Promise<{ groups: TacticGroup[] }> {
  const d = daysOf(q);
  const [exposure, complaints] = await Promise.all([exposureByGroup(db, q.by, d), complaintsByGroup(db, q.by, d, q.windowDays, q.links)]);
  return { groups: buildTacticGroups(exposure, complaints, q.sort) };
}

export interface TopicGroup {
  key: string;
  parts?: [string, string];
  complaints: number;
  /** Linked complaints per analyser tactic label, most first; a complaint with several labels counts under each. */
  topics: { tactic: string; complaints: number }[];
}

/** What people complain about (the analyser's tactic labels) per group of what was done. */
export function buildTopicGroups(complaints: ComplaintRow[], topics: TopicRow[]): TopicGroup[] {
  const groups = new Map<string, TopicGroup>();
  for (const r of complaints) {
    const { key, parts } = groupKey(r.key);
    groups.set(key, { key, ...(parts && { parts }), complaints: Number(r.complaints), topics: [] });
  }
  for (const r of topics) {
    const g = groups.get(groupKey(r.key).key);
    if (g) g.topics.push({ tactic: r.tactic ?? 'unlabelled', complaints: Number(r.complaints) });
  }
  for (const g of groups.values()) {
    g.topics.sort((a, b) => b.complaints - a.complaints || (a.tactic < b.tactic ? -1 : 1));
  }
  return [...groups.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export async function topicsAnalytics(db: Db, q: Omit<TacticsQuery, 'sort'>): Promise<{ groups: TopicGroup[] }> {
  const d = daysOf(q);
  const [complaints, topics] = await Promise.all([complaintsByGroup(db, q.by, d, q.windowDays, q.links), topicsByGroup(db, q.by, d, q.windowDays, q.links)]);
  return { groups: buildTopicGroups(complaints, topics) };
}

export interface ChangeQuery {
  by: Grouping;
  /** The group's key as stored (a pair's two values with PAIR_SEPARATOR between them; '' for none). */
  key: string;
  at: number;
  /** Length of the periods compared: [at − span, at) and [at, at + span). */
  spanDays: number;
  windowDays: number;
  links: LinkFilter;
}

export interface ChangePeriod {
  from: number;
  to: number;
  actions: number;
  complaints: number;
  rate_per_1000_actions: Interval;
  small: boolean;
}

export interface ChangeResult {
  /** The grouping and the group compared, its key as shown (and a pair's two values apart). */
  by: Grouping;
  key: string;
  parts?: [string, string];
  /** The key again when the group is an action type (what this view compared before it took any group). */
  action_type?: string;
  before: ChangePeriod;
  after: ChangePeriod;
  /** Rate per action after ÷ before, with the exact conditional (Clopper–Pearson) interval. */
  rate_ratio: Interval;
}

export function buildChange(by: Grouping, key: string, before: ChangePeriod, after: ChangePeriod): ChangeResult {
  const shown = groupKey(key);
  return {
    by,
    ...shown,
    ...(by === 'action_type' && { action_type: key }),
    before,
    after,
    rate_ratio: rateRatioInterval(after.complaints, after.actions, before.complaints, before.actions),
  };
}

export async function changeAnalytics(db: Db, q: ChangeQuery): Promise<ChangeResult> {
  const period = async (d: Days): Promise<ChangePeriod> => {
    const [exposure, complaints] = await Promise.all([exposureByGroup(db, q.by, d, q.key), complaintsByGroup(db, q.by, d, q.windowDays, q.links, q.key)]);
    const actions = exposure.reduce((n, r) => n + Number(r.actions), 0);
    const count = complaints.reduce((n, r) => n + Number(r.complaints), 0);
    return { ...periodOf(d), actions, complaints: count, rate_per_1000_actions: rateInterval(count, actions), small: count < SMALL_COMPLAINTS };
  };
  // Whole days: the day of `at` opens the after period.
  const day = Math.floor(q.at / DAY);
  const [before, after] = await Promise.all([period({ first: day - q.spanDays, last: day - 1 }), period({ first: day, last: day + q.spanDays - 1 })]);
  return buildChange(q.by, q.key, before, after);
}

// ---- over time ----

/** Buckets of this many days unless told. */
export const DEFAULT_BUCKET_DAYS = 7;
/** At most this many buckets in one trend (a year of days): more is a request for too fine a grain. */
export const MAX_TREND_BUCKETS = 366;

export interface TrendQuery extends Period {
  by: Grouping;
  windowDays: number;
  links: LinkFilter;
  bucketDays: number;
  /** Now: a bucket whose complaints can still arrive (it ended less than the window before) is not `complete`. */
  asOf?: number;
  /** Only these groups (one, or one creditor's pairs). */
  key?: KeyFilter;
}

export interface TrendPoint {
  /** First and last millisecond of the bucket (inclusive, like the period). */
  from: number;
  to: number;
  cases: number;
  actions: number;
  complaints: number;
  /** Null throughout when the bucket has no actions of the group. */
  rate_per_1000_actions: Interval;
  small: boolean;
  /** False while complaints about the bucket's actions may still be published: its count can only grow. */
  complete: boolean;
}

export interface TrendGroup {
  key: string;
  parts?: [string, string];
  /** One per bucket, oldest first, zeros included. */
  points: TrendPoint[];
}

export interface TrendResult {
  bucket_days: number;
  groups: TrendGroup[];
}

/** How many buckets of `bucketDays` cover the period: aligned to `from`, the last one possibly shorter. */
export function trendBucketCount(p: Period, bucketDays: number): number {
  return p.to < p.from ? 0 : Math.floor((p.to - p.from) / (bucketDays * DAY_MS)) + 1;
}

/**
 * The buckets of the period: [from + i·size, from + (i+1)·size − 1], the last one cut at `to`. An action at `at`
 * falls in bucket ⌊(at − from) / size⌋, as the SQL computes it.
 */
export function trendBuckets(p: Period, bucketDays: number): Period[] {
  const size = bucketDays * DAY_MS;
  return Array.from({ length: trendBucketCount(p, bucketDays) }, (_, i) => ({
    from: p.from + i * size,
    to: Math.min(p.to, p.from + (i + 1) * size - 1),
  }));
}

/**
 * Every group with actions in the period, with every bucket (zeros included), by key. Rates per 1,000 actions
 * with the Garwood interval of the bucket's complaints (a bucket with actions and no complaint gets [0, 3.689 ×
 * 1000/actions]); the Poisson limits depend only on the count, so they are computed once per count.
 */
export function buildTrend(
  buckets: Period[],
  bucketDays: number,
  exposure: TrendExposureRow[],
  complaints: TrendComplaintRow[],
  /** Buckets ending after this are not complete yet. */
  completeUpTo = Number.POSITIVE_INFINITY,
): TrendResult {
  const byKey = new Map<string, { cases: number; actions: number; complaints: number }[]>();
  const partsOf = new Map<string, [string, string]>();
  const cells = (k: string | null) => {
    const { key, parts } = groupKey(k);
    let row = byKey.get(key);
    if (!row) byKey.set(key, (row = buckets.map(() => ({ cases: 0, actions: 0, complaints: 0 }))));
    if (parts) partsOf.set(key, parts);
    return row;
  };
  for (const r of exposure) {
    const cell = cells(r.key)[Number(r.bucket)];
    if (!cell) continue;
    cell.cases += Number(r.cases);
    cell.actions += Number(r.actions);
  }
  // A complaint always follows an action of its group in its bucket; ignore any that does not.
  for (const r of complaints) {
    const cell = byKey.get(groupKey(r.key).key)?.[Number(r.bucket)];
    if (cell) cell.complaints += Number(r.complaints);
  }
  const limits = new Map<number, { low: number; high: number }>();
  const rate = (count: number, actions: number): Interval => {
    if (actions <= 0) return rateInterval(count, actions);
    let l = limits.get(count);
    if (!l) limits.set(count, (l = poissonInterval(count)));
    const k = 1000 / actions;
    return { value: count * k, low: l.low * k, high: l.high * k };
  };
  const groups = [...byKey].map(
    ([key, row]): TrendGroup => ({
      key,
      ...(partsOf.has(key) && { parts: partsOf.get(key) }),
      points: row.map((c, i) => ({
        from: buckets[i]!.from,
        to: buckets[i]!.to,
        cases: c.cases,
        actions: c.actions,
        complaints: c.complaints,
        rate_per_1000_actions: rate(c.complaints, c.actions),
        small: c.complaints < SMALL_COMPLAINTS,
        complete: buckets[i]!.to <= completeUpTo,
      })),
    }),
  );
  groups.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { bucket_days: bucketDays, groups };
}

/**
 * Complaint rates over time per group: tacticsAnalytics' counts per bucket of `bucketDays` from `from`. A
 * complaint belongs to the bucket of the latest action of the group it follows, so a group's buckets add up to its
 * complaints over the period. Whole days, as every Tactics view. Two grouped queries, whatever the number of buckets.
 */
export async function trendAnalytics(db: Db, q: TrendQuery): Promise<TrendResult> {
  const d = daysOf(q);
  const period = periodOf(d);
  const count = trendBucketCount(period, q.bucketDays);
  if (count > MAX_TREND_BUCKETS) {
    const size = `${q.bucketDays} ${q.bucketDays === 1 ? 'day' : 'days'}`;
    throw badRequest(`bucket_days: the period makes ${count} buckets of ${size}, at most ${MAX_TREND_BUCKETS} are allowed; choose longer buckets or a shorter period`);
  }
  const exposure = await exposureByGroupAndBucket(db, q.by, d, q.bucketDays, q.key);
  // No action in the period: no group, and no complaint can follow one.
  const complaints = exposure.length ? await complaintsByGroupAndBucket(db, q.by, d, q.bucketDays, q.windowDays, q.links, q.key) : [];
  // A complaint may come on the day of its action's bucket end and the window's days after it.
  const completeUpTo = q.asOf === undefined ? Number.POSITIVE_INFINITY : q.asOf - q.windowDays * DAY - 1;
  return buildTrend(trendBuckets(period, q.bucketDays), q.bucketDays, exposure, complaints, completeUpTo);
}
