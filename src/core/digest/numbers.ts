// The digest's numbers section: mentions and relevant and negative shares against past weeks, and the busiest markets.
import type { WeekFigureRows } from '../../../db/queries/digest.ts';

/** Markets listed by name; the rest are summed as "other markets". */
export const TOP_MARKETS = 5;

export interface WeekFigures {
  mentions: number;
  relevant: number;
  /** Relevant and negative. */
  negative: number;
  /** relevant ÷ mentions; null with no mentions. */
  relevantShare: number | null;
  /** negative ÷ relevant; null with no relevant mentions. */
  negativeShare: number | null;
}

export interface MarketFigures {
  /** The language the analyser found. */
  market: string;
  relevant: number;
  negative: number;
  previousRelevant: number;
  /** relevant − previousRelevant. */
  change: number;
}

export interface NumbersSection {
  current: WeekFigures;
  previous: WeekFigures;
  /** The four weeks before this one: counts are the mean per week, shares are pooled over the four weeks. */
  average4: WeekFigures;
  /** The busiest markets this week (then last week), at most TOP_MARKETS. */
  markets: MarketFigures[];
  /** Everything else, summed; null when all markets are listed. */
  otherMarkets: { relevant: number; previousRelevant: number; change: number } | null;
}

/** part ÷ whole; null when the whole is nothing. */
export const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

function figures(mentions: number, relevant: number, negative: number): WeekFigures {
  return { mentions, relevant, negative, relevantShare: share(relevant, mentions), negativeShare: share(negative, relevant) };
}

export function numbersSection(rows: WeekFigureRows): NumbersSection | undefined {
  const at = (i: number) => rows.weeks.find((r) => r.i === i) ?? { i, mentions: 0, relevant: 0, negative: 0 };
  if (rows.weeks.every((r) => r.mentions === 0)) return undefined;
  const cur = at(0);
  const prev = at(1);
  const four = [1, 2, 3, 4].map(at);
  const sum = (k: 'mentions' | 'relevant' | 'negative') => four.reduce((n, r) => n + r[k], 0);
  const average4: WeekFigures = {
    mentions: sum('mentions') / 4,
    relevant: sum('relevant') / 4,
    negative: sum('negative') / 4,
    relevantShare: share(sum('relevant'), sum('mentions')),
    negativeShare: share(sum('negative'), sum('relevant')),
  };

  const markets = new Map<string, MarketFigures>();
  for (const r of rows.markets) {
    let m = markets.get(r.market);
    if (!m) markets.set(r.market, (m = { market: r.market, relevant: 0, negative: 0, previousRelevant: 0, change: 0 }));
    if (r.i === 0) {
      m.relevant = r.relevant;
      m.negative = r.negative;
    } else m.previousRelevant = r.relevant;
  }
  const all = [...markets.values()]
    .map((m) => ({ ...m, change: m.relevant - m.previousRelevant }))
    .sort((a, b) => b.relevant - a.relevant || b.previousRelevant - a.previousRelevant || (a.market < b.market ? -1 : 1));
  const rest = all.slice(TOP_MARKETS);
  const restSum = (k: 'relevant' | 'previousRelevant') => rest.reduce((n, m) => n + m[k], 0);
  return {
    current: figures(cur.mentions, cur.relevant, cur.negative),
    previous: figures(prev.mentions, prev.relevant, prev.negative),
    average4,
    markets: all.slice(0, TOP_MARKETS),
    otherMarkets: rest.length ? { relevant: restSum('relevant'), previousRelevant: restSum('previousRelevant'), change: restSum('relevant') - restSum('previousRelevant') } : null,
  };
}
