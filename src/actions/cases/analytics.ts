// The complaint analytics as people ask for them, from the API or the Tactics page: one schema per query, read
// with the defaults and limits of GET /api/analytics/*. Aggregates only, and reading them is not audited: no case
// reference, identifier or mention text is in them.
import { type ChangeResult, isoBoundMs, NO_KEY, PAIR_JOINER, resolvePeriod, type TacticGroup, type TopicGroup, type TrendResult } from '../../core/cases/analytics.ts';
import { type GroupBy, type Grouping, groupingOf, PAIR_FIRSTS, PAIR_SECONDS, PAIR_SEPARATOR } from '../../../db/queries/analytics.ts';
import type { Deps } from '../../core/deps.ts';
import { badRequest } from '../../core/errors.ts';
import { type Actor, authorize, readInput } from '../actor.ts';
import type { TimeOfDayResult } from '../../core/cases/time-of-day.ts';
import {
  ChangeQuery,
  type ChangeQueryInput,
  GroupQuery,
  type GroupQueryInput,
  TacticsQuery,
  type TacticsQueryInput,
  TimeOfDayQuery,
  type TimeOfDayQueryInput,
  TrendQuery,
  type TrendQueryInput,
} from './schemas.ts';

/** The period asked for, both ends inclusive; `to` defaults to now. */
function period(q: { from?: string; to?: string }, now: number): { from: number; to: number } {
  const p = resolvePeriod(q, now);
  if (!p) throw badRequest('from: must not be after to');
  return p;
}

/** The rollups' grouping for `by` split by `split_by`; a pair they do not keep is refused in words. */
function grouping(q: { by: GroupBy; split_by?: GroupBy | undefined }): Grouping {
  const g = groupingOf(q.by, q.split_by);
  if (!g) throw badRequest(`split_by: ${PAIR_FIRSTS.join(', ')} can be split by ${PAIR_SECONDS.join(' or ')}, not ${q.by} by ${q.split_by}`);
  return g;
}

/**
 * A group's key as /tactics shows it ("Riga B", "(none)", "Riga B · sms") as the rollups store it. A pair's
 * second value is an action type or channel, which never holds the joiner, so the last one splits it.
 */
function storedKey(shown: string | undefined, splitBy: GroupBy | undefined): string {
  if (shown === undefined) throw badRequest('key: name the group to compare (or give action_type)');
  const stored = (value: string) => (value === NO_KEY ? '' : value);
  if (!splitBy) return stored(shown);
  const at = shown.lastIndexOf(PAIR_JOINER);
  if (at < 0) throw badRequest(`key: a group of a pair is written "first${PAIR_JOINER}second"`);
  return `${stored(shown.slice(0, at))}${PAIR_SEPARATOR}${stored(shown.slice(at + PAIR_JOINER.length))}`;
}

/** Linked complaints per 1,000 cases and per 1,000 actions by group, with exact 95 % intervals. */
export async function readTactics(deps: Deps, actor: Actor, input: TacticsQueryInput): Promise<{ groups: TacticGroup[] }> {
  authorize(actor, 'analytics:read');
  const q = readInput(TacticsQuery, input);
  return deps.reads.tacticsAnalytics({ by: grouping(q), ...period(q, deps.clock.now()), windowDays: q.window_days, links: q.links, sort: q.sort });
}

/** Linked complaints per analyser tactic label, by group of what was done. */
export async function readTopics(deps: Deps, actor: Actor, input: GroupQueryInput): Promise<{ groups: TopicGroup[] }> {
  authorize(actor, 'analytics:read');
  const q = readInput(GroupQuery, input);
  return deps.reads.topicsAnalytics({ by: grouping(q), ...period(q, deps.clock.now()), windowDays: q.window_days, links: q.links });
}

/** Complaints per 1,000 actions of one type before and after a date, and the ratio after/before. */
export async function readChange(deps: Deps, actor: Actor, input: ChangeQueryInput): Promise<ChangeResult> {
  authorize(actor, 'analytics:read');
  const q = readInput(ChangeQuery, input);
  const by = grouping(q);
  return deps.reads.changeAnalytics({
    by,
    key: storedKey(q.key ?? (by === 'action_type' ? q.action_type : undefined), q.split_by),
    at: isoBoundMs(q.at, false),
    spanDays: q.span_days,
    windowDays: q.window_days,
    links: q.links,
  });
}

/** Complaint rates over time per group, in buckets of `bucket_days` from `from` (at most MAX_TREND_BUCKETS of them). */
export async function readTrend(deps: Deps, actor: Actor, input: TrendQueryInput): Promise<TrendResult> {
  authorize(actor, 'analytics:read');
  const q = readInput(TrendQuery, input);
  const now = deps.clock.now();
  return deps.reads.trendAnalytics({ by: grouping(q), ...period(q, now), windowDays: q.window_days, links: q.links, bucketDays: q.bucket_days, asOf: now });
}

/** One group's actions (or all) by hour of day and weekday on the case country's clock, with the complaints that followed. */
export async function readTimeOfDay(deps: Deps, actor: Actor, input: TimeOfDayQueryInput): Promise<TimeOfDayResult> {
  authorize(actor, 'analytics:read');
  const q = readInput(TimeOfDayQuery, input);
  if (q.key !== undefined && !q.by) throw badRequest('by: name the grouping of the group in `key` (as /tactics)');
  const group = q.key !== undefined && q.by ? { by: grouping({ by: q.by, split_by: q.split_by }), key: storedKey(q.key, q.split_by) } : null;
  return deps.reads.timeOfDayAnalytics({ group, ...period(q, deps.clock.now()), windowDays: q.window_days, links: q.links });
}
