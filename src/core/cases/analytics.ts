import {
  complaintsByGroup,
  exposureByGroup,
  type ComplaintRow,
  type ExposureRow,
  type GroupBy,
  type LinkFilter,
  type Period,
  topicsByGroup,
  type TopicRow,
} from '../../../db/queries/analytics.ts';
import type { Db } from '../../../db/client.ts';
import { type Interval, rateInterval, rateRatioInterval } from './rates.ts';

/** Fewer linked complaints than this and a group is flagged `small`: its interval is too wide to rank on. */
export const SMALL_COMPLAINTS = 5;
const DAY = 86_400_000;

/** Rows with no value for the grouping column (e.g. no team) are reported under this key. */
export const NO_KEY = '(none)';

export interface TacticsQuery extends Period {
  by: GroupBy;
  windowDays: number;
  links: LinkFilter;
  sort: 'key' | 'low';
}

export interface TacticGroup {
  key: string;
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
  const byKey = new Map<string, { cases: number; actions: number; complaints: number }>();
  const slot = (k: string | null) => {
    const key = k ?? NO_KEY;
    let g = byKey.get(key);
    if (!g) byKey.set(key, (g = { cases: 0, actions: 0, complaints: 0 }));
    return g;
  };
  for (const r of exposure) {
    const g = slot(r.key);
    g.cases += Number(r.cases);
    g.actions += Number(r.actions);
  }
  // A complaint always follows an action in the period, so its group has exposure; ignore any that does not.
  for (const r of complaints) if (byKey.has(r.key ?? NO_KEY)) slot(r.key).complaints += Number(r.complaints);

  let totalCases = 0;
  let totalComplaints = 0;
  for (const g of byKey.values()) {
    totalCases += g.cases;
    totalComplaints += g.complaints;
  }
  const groups = [...byKey].map(([key, g]): TacticGroup => ({
    key,
    cases: g.cases,
    actions: g.actions,
    complaints: g.complaints,
    rate_per_1000_cases: rateInterval(g.complaints, g.cases),
    rate_per_1000_actions: rateInterval(g.complaints, g.actions),
    rate_ratio: rateRatioInterval(g.complaints, g.cases, totalComplaints - g.complaints, totalCases - g.cases),
    small: g.complaints < SMALL_COMPLAINTS,
  }));
  return sortGroups(groups, sort);
}

/** By key, or by the lower bound of the rate per 1,000 cases (highest first) — never by the point estimate. */
function sortGroups<T extends { key: string; rate_per_1000_cases: Interval }>(groups: T[], sort: 'key' | 'low'): T[] {
  const byKey = (a: T, b: T) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  if (sort === 'key') return groups.sort(byKey);
  return groups.sort((a, b) => (b.rate_per_1000_cases.low ?? -1) - (a.rate_per_1000_cases.low ?? -1) || byKey(a, b));
}

export async function tacticsAnalytics(db: Db, q: TacticsQuery): Promise<{ groups: TacticGroup[] }> {
  const windowMs = q.windowDays * DAY;
  const [exposure, complaints] = await Promise.all([
    exposureByGroup(db, q.by, q),
    complaintsByGroup(db, q.by, q, windowMs, q.links),
  ]);
  return { groups: buildTacticGroups(exposure, complaints, q.sort) };
}

export interface TopicGroup {
  key: string;
  complaints: number;
  /** Linked complaints per analyser tactic label, most first; a complaint with several labels counts under each. */
  topics: { tactic: string; complaints: number }[];
}

/** What people complain about (the analyser's tactic labels) per group of what was done. */
export function buildTopicGroups(complaints: ComplaintRow[], topics: TopicRow[]): TopicGroup[] {
  const groups = new Map<string, TopicGroup>();
  for (const r of complaints) {
    const key = r.key ?? NO_KEY;
    groups.set(key, { key, complaints: Number(r.complaints), topics: [] });
  }
  for (const r of topics) {
    const g = groups.get(r.key ?? NO_KEY);
    if (g) g.topics.push({ tactic: r.tactic ?? 'unlabelled', complaints: Number(r.complaints) });
  }
  for (const g of groups.values()) {
    g.topics.sort((a, b) => b.complaints - a.complaints || (a.tactic < b.tactic ? -1 : 1));
  }
  return [...groups.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export async function topicsAnalytics(db: Db, q: Omit<TacticsQuery, 'sort'>): Promise<{ groups: TopicGroup[] }> {
  const windowMs = q.windowDays * DAY;
  const [complaints, topics] = await Promise.all([
    complaintsByGroup(db, q.by, q, windowMs, q.links),
    topicsByGroup(db, q.by, q, windowMs, q.links),
  ]);
  return { groups: buildTopicGroups(complaints, topics) };
}

export interface ChangeQuery {
  actionType: string;
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
  action_type: string;
  before: ChangePeriod;
  after: ChangePeriod;
  /** Rate per action after ÷ before, with the exact conditional (Clopper–Pearson) interval. */
  rate_ratio: Interval;
}

export function buildChange(actionType: string, before: ChangePeriod, after: ChangePeriod): ChangeResult {
  return {
    action_type: actionType,
    before,
    after,
    rate_ratio: rateRatioInterval(after.complaints, after.actions, before.complaints, before.actions),
  };
}

export async function changeAnalytics(db: Db, q: ChangeQuery): Promise<ChangeResult> {
  const span = q.spanDays * DAY;
  const windowMs = q.windowDays * DAY;
  const period = async (p: Period): Promise<ChangePeriod> => {
    const [exposure, complaints] = await Promise.all([
      exposureByGroup(db, 'action_type', p, q.actionType),
      complaintsByGroup(db, 'action_type', p, windowMs, q.links, q.actionType),
    ]);
    const actions = exposure.reduce((n, r) => n + Number(r.actions), 0);
    const count = complaints.reduce((n, r) => n + Number(r.complaints), 0);
    return { from: p.from, to: p.to, actions, complaints: count, rate_per_1000_actions: rateInterval(count, actions), small: count < SMALL_COMPLAINTS };
  };
  // Periods are inclusive at both ends in SQL; the before period stops 1 ms short of `at`.
  const [before, after] = await Promise.all([period({ from: q.at - span, to: q.at - 1 }), period({ from: q.at, to: q.at + span - 1 })]);
  return buildChange(q.actionType, before, after);
}
