// The digest's topics section: the tactics negative mentions talk about most this week, and the ones that moved.
import type { WeekFigureRows } from '../../../db/queries/digest.ts';
import { clopperPearson } from '../stats.ts';
import { share } from './numbers.ts';

export const TOP_TOPICS = 6;
export const MAX_MOVERS = 3;
/** A topic moved when its count changed by at least this much… */
const MIN_MOVE = 2;
/** …and it is "few mentions" when neither week has this many. */
export const FEW_MENTIONS = 5;

export interface TopicFigures {
  tactic: string;
  current: number;
  previous: number;
  change: number;
  /** current ÷ this week's relevant negative mentions. */
  share: number | null;
  /** Neither week reached FEW_MENTIONS. */
  few: boolean;
  /** An exact test says the two weeks differ (0.5 lies outside the 95 % interval of current ÷ (current + previous)). */
  clear: boolean;
}

export interface TopicsSection {
  /** Relevant negative mentions this week and the week before (a mention can carry several topics or none). */
  negative: { current: number; previous: number };
  top: TopicFigures[];
  /** Largest changes (at least MIN_MOVE), clear ones first. */
  movers: TopicFigures[];
}

/** Whether `current` of `current + previous` differs from an even split by the exact (Clopper–Pearson) 95 % interval. */
export function clearlyDifferent(current: number, previous: number): boolean {
  const n = current + previous;
  if (n === 0) return false;
  const { low, high } = clopperPearson(current, n);
  return low > 0.5 || high < 0.5;
}

/** Topics of this week and last: the TOP_TOPICS most frequent this week, and the movers. */
export function buildTopics(current: Map<string, number>, previous: Map<string, number>, negative: { current: number; previous: number }): TopicsSection | undefined {
  const keys = new Set([...current.keys(), ...previous.keys()]);
  if (keys.size === 0) return undefined;
  const all = [...keys].map((tactic): TopicFigures => {
    const c = current.get(tactic) ?? 0;
    const p = previous.get(tactic) ?? 0;
    return { tactic, current: c, previous: p, change: c - p, share: share(c, negative.current), few: Math.max(c, p) < FEW_MENTIONS, clear: clearlyDifferent(c, p) };
  });
  const byName = (a: TopicFigures, b: TopicFigures) => (a.tactic < b.tactic ? -1 : a.tactic > b.tactic ? 1 : 0);
  const top = all
    .filter((t) => t.current > 0)
    .sort((a, b) => b.current - a.current || byName(a, b))
    .slice(0, TOP_TOPICS);
  const movers = all
    .filter((t) => Math.abs(t.change) >= MIN_MOVE)
    .sort((a, b) => Number(b.clear) - Number(a.clear) || Math.abs(b.change) - Math.abs(a.change) || byName(a, b))
    .slice(0, MAX_MOVERS);
  return { negative, top, movers };
}

export function topicsSection(rows: WeekFigureRows, negative: { current: number; previous: number }): TopicsSection | undefined {
  const current = new Map<string, number>();
  const previous = new Map<string, number>();
  for (const r of rows.topics) (r.i === 0 ? current : previous).set(r.tactic, r.mentions);
  return buildTopics(current, previous, negative);
}
