// The digest's complaint-rates section: complaints per 1,000 cases by action type and channel, and the clear changes.
import { hasCases } from '../../../db/queries/digest.ts';
import { DEFAULT_WINDOW_DAYS, tacticsAnalytics, type TacticGroup } from '../cases/analytics.ts';
import { type Interval, rateRatioInterval } from '../cases/rates.ts';
import type { Deps } from '../deps.ts';
import { DAY_MS } from '../time/durations.ts';

/** Complaint rates cover this many days up to the end of the week, against as many days before. */
export const RATE_DAYS = 28;
export const MAX_RATE_CHANGES = 5;

export interface RateFigures {
  cases: number;
  complaints: number;
  /** Complaints per 1,000 cases with the 95 % Garwood interval. */
  rate: Interval;
  /** Fewer than SMALL_COMPLAINTS: too few to rank on. */
  small: boolean;
}

export interface RateGroup {
  key: string;
  current: RateFigures;
  previous: RateFigures | null;
}

export interface RateChange {
  dimension: 'action_type' | 'channel' | 'team';
  key: string;
  current: RateFigures;
  previous: RateFigures;
  direction: 'up' | 'down';
}

export interface RatesSection {
  /** Both inclusive, UTC ms: the RATE_DAYS days up to the end of the week, and the RATE_DAYS days before. */
  period: { from: number; to: number };
  previousPeriod: { from: number; to: number };
  windowDays: number;
  /** Ordered by the lower end of the interval, highest first (never by the point estimate). */
  byActionType: RateGroup[];
  byChannel: RateGroup[];
  byTeam: RateGroup[];
  /** Clear changes first (largest first), then changes among groups with few complaints, flagged. */
  changes: RateChange[];
}

const rateFigures = (g: TacticGroup): RateFigures => ({ cases: g.cases, complaints: g.complaints, rate: g.rate_per_1000_cases, small: g.small });

/** This period's groups (in the order given) with last period's figures for the same key. */
export function pairGroups(current: TacticGroup[], previous: TacticGroup[]): RateGroup[] {
  const before = new Map(previous.map((g) => [g.key, g]));
  return current.map((g) => {
    const p = before.get(g.key);
    return { key: g.key, current: rateFigures(g), previous: p ? rateFigures(p) : null };
  });
}

/** Fewer complaints than this in the two periods together, and a change is not worth a line, clear or not. */
export const MIN_CHANGE_COMPLAINTS = 10;

/**
 * The changes worth a line: groups whose rate per case moved clearly — the exact interval of the ratio of this
 * period's rate to the last one's is clear of 1 — with at least MIN_CHANGE_COMPLAINTS complaints between the two
 * periods; the largest ratio first (either way).
 */
export function rateChanges(groups: { dimension: RateChange['dimension']; group: RateGroup }[]): RateChange[] {
  const out: (RateChange & { ratio: number })[] = [];
  for (const { dimension, group } of groups) {
    const c = group.current;
    const p = group.previous;
    if (!p || c.rate.value === null || p.rate.value === null || c.complaints + p.complaints < MIN_CHANGE_COMPLAINTS) continue;
    const ratio = rateRatioInterval(c.complaints, c.cases, p.complaints, p.cases);
    const up = ratio.low !== null && ratio.low > 1;
    const down = ratio.high !== null && ratio.high < 1;
    if (!up && !down) continue;
    const r = ratio.value ?? Number.POSITIVE_INFINITY;
    out.push({ dimension, key: group.key, current: c, previous: p, direction: up ? 'up' : 'down', ratio: r > 0 ? Math.abs(Math.log(r)) : Number.POSITIVE_INFINITY });
  }
  const name = (x: RateChange) => `${x.key}\u0000${x.dimension}`;
  out.sort((a, b) => b.ratio - a.ratio || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
  return out.slice(0, MAX_RATE_CHANGES).map(({ ratio: _, ...change }) => change);
}

export async function ratesSection(db: Deps['db'], end: number): Promise<RatesSection | undefined> {
  if (!(await hasCases(db))) return undefined;
  const period = { from: end - RATE_DAYS * DAY_MS, to: end - 1 };
  const previousPeriod = { from: period.from - RATE_DAYS * DAY_MS, to: period.from - 1 };
  const q = { windowDays: DEFAULT_WINDOW_DAYS, links: 'any' as const, sort: 'low' as const };
  const [typeNow, typeBefore, channelNow, channelBefore, teamNow, teamBefore] = await Promise.all([
    tacticsAnalytics(db, { ...period, ...q, by: 'action_type' }),
    tacticsAnalytics(db, { ...previousPeriod, ...q, by: 'action_type' }),
    tacticsAnalytics(db, { ...period, ...q, by: 'channel' }),
    tacticsAnalytics(db, { ...previousPeriod, ...q, by: 'channel' }),
    tacticsAnalytics(db, { ...period, ...q, by: 'team' }),
    tacticsAnalytics(db, { ...previousPeriod, ...q, by: 'team' }),
  ]);
  if (typeNow.groups.length === 0 && channelNow.groups.length === 0) return undefined;
  const byActionType = pairGroups(typeNow.groups, typeBefore.groups);
  const byChannel = pairGroups(channelNow.groups, channelBefore.groups);
  const byTeam = pairGroups(teamNow.groups, teamBefore.groups);
  return {
    period,
    previousPeriod,
    windowDays: DEFAULT_WINDOW_DAYS,
    byActionType,
    byChannel,
    byTeam,
    changes: rateChanges([
      ...byActionType.map((group) => ({ dimension: 'action_type' as const, group })),
      ...byChannel.map((group) => ({ dimension: 'channel' as const, group })),
      ...byTeam.map((group) => ({ dimension: 'team' as const, group })),
    ]),
  };
}
