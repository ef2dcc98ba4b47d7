// What the weekly digest reads: mention counts per week, by market and by the analyser's tactic labels, the alerts
// that needed attention in a week, and candidate mentions to quote. Weeks are given as [from, to) ranges in UTC ms
// (local weeks are 167–169 hours long), passed as one JSON parameter and joined, so one statement covers them all.
import { sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import type { AlertStatus, RuleKind, Severity } from '../schema/constants.ts';
import { stringList } from '../schema/json-lists.ts';

export interface Range {
  from: number;
  to: number;
}

const rangesCte = (ranges: Range[]) => sql`
  r AS (SELECT CAST(key AS INTEGER) AS i, json_extract(value, '$[0]') AS f, json_extract(value, '$[1]') AS t
        FROM json_each(${JSON.stringify(ranges.map((x) => [x.from, x.to]))}))`;

export interface WeekCountRow {
  /** Index of the range. */
  i: number;
  mentions: number;
  relevant: number;
  /** Relevant and negative. */
  negative: number;
}

export interface MarketCountRow {
  i: number;
  market: string;
  relevant: number;
  negative: number;
}

export interface TopicCountRow {
  i: number;
  tactic: string;
  mentions: number;
}

export interface WeekFigureRows {
  /** Per range: every mention published in it, the relevant ones (analysed as such), and the relevant negative ones. */
  weeks: WeekCountRow[];
  /** Relevant mentions per range and market (the language the analyser found), with the negative ones among them. */
  markets: MarketCountRow[];
  /** Relevant negative mentions per range and analyser tactic label (a mention with several labels counts under each). */
  topics: TopicCountRow[];
}

/**
 * The week's figures in one pass over the ranges' mentions: counts per range, analysis language, relevance,
 * sentiment and tactic list (a few thousand groups at most), summed here into weeks, markets and topics.
 * Markets and topics are kept for the ranges with index below `detailed` only.
 */
export async function weekFigures(db: Db, ranges: Range[], detailed: number): Promise<WeekFigureRows> {
  const rows = await db.all<{ i: number; language: string | null; relevant: number | null; negative: number; tactics: string | null; n: number }>(sql`
    WITH ${rangesCte(ranges)}
    SELECT r.i AS i, ma.language AS language, ma.is_relevant AS relevant, ma.sentiment_label = 'negative' AS negative,
           CASE WHEN r.i < ${detailed} AND ma.is_relevant = 1 AND ma.sentiment_label = 'negative' THEN ma.tactics END AS tactics,
           COUNT(m.id) AS n
    FROM r
    LEFT JOIN mentions m ON m.published_at >= r.f AND m.published_at < r.t
    LEFT JOIN mention_analysis ma ON ma.mention_id = m.id
    GROUP BY 1, 2, 3, 4, 5`);
  const weeks = new Map<number, WeekCountRow>(ranges.map((_, i) => [i, { i, mentions: 0, relevant: 0, negative: 0 }]));
  const markets = new Map<string, MarketCountRow>();
  const topics = new Map<string, TopicCountRow>();
  for (const x of rows) {
    const i = Number(x.i);
    const n = Number(x.n);
    const w = weeks.get(i)!;
    w.mentions += n;
    if (Number(x.relevant) !== 1) continue;
    const negative = Number(x.negative) === 1;
    w.relevant += n;
    if (negative) w.negative += n;
    if (i >= detailed) continue;
    const market = String(x.language);
    let m = markets.get(`${i}\u0000${market}`);
    if (!m) markets.set(`${i}\u0000${market}`, (m = { i, market, relevant: 0, negative: 0 }));
    m.relevant += n;
    if (negative) m.negative += n;
    if (!negative) continue;
    for (const tactic of new Set(stringList(x.tactics))) {
      let t = topics.get(`${i}\u0000${tactic}`);
      if (!t) topics.set(`${i}\u0000${tactic}`, (t = { i, tactic, mentions: 0 }));
      t.mentions += n;
    }
  }
  return { weeks: [...weeks.values()], markets: [...markets.values()], topics: [...topics.values()] };
}

export interface SourceActivity {
  count: number;
  first: number;
  last: number;
}

/** Per source: mentions published since `since`, the first and the last (what sourceHealth judges silence on). */
export async function sourceActivity(db: Db, since: number): Promise<Map<number, SourceActivity>> {
  const rows = await db.all<{ source_id: number; n: number; first: number; last: number }>(sql`
    SELECT source_id, COUNT(*) AS n, MIN(published_at) AS first, MAX(published_at) AS last
    FROM mentions WHERE published_at >= ${since} GROUP BY source_id`);
  return new Map(rows.map((r) => [Number(r.source_id), { count: Number(r.n), first: Number(r.first), last: Number(r.last) }]));
}

export interface WeekAlertRow {
  id: number;
  title: string;
  severity: Severity;
  rule_kind: RuleKind;
  market: string | null;
  reasons: string;
  mention_count: number;
  opened_at: number;
  /** The alert's state at the end of the week, from its history. */
  status_at_end: AlertStatus;
  /** How many alerts qualify in all (the rows are cut at `limit`), and how many of those were not resolved at `to`. */
  total: number;
  unresolved: number;
}

const SEVERITY_ORDER = sql.raw(`CASE a.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END`);

/**
 * The alerts a week's digest lists: those not resolved at the end of the week (`to`), and those opened during it
 * (even if resolved since). The state at `to` comes from the alert's events (opened, acknowledged, resolved,
 * reopened) before `to`; an alert with no such event falls back on its resolution time. Highest severity first,
 * then those opened during the week, then the most recently active.
 */
export async function weekAlerts(db: Db, range: Range, limit: number): Promise<WeekAlertRow[]> {
  const rows = await db.all<Omit<WeekAlertRow, 'status_at_end'> & { state: AlertStatus }>(sql`
    WITH x AS (
      SELECT a.*, (SELECT e.type FROM alert_events e
                    WHERE e.alert_id = a.id AND e.at < ${range.to} AND e.type IN ('opened', 'acknowledged', 'resolved', 'reopened')
                    ORDER BY e.at DESC, e.id DESC LIMIT 1) AS last_event
      FROM alerts a
      WHERE a.opened_at < ${range.to}),
    y AS (
      SELECT x.*, CASE
               WHEN x.last_event IS NULL THEN CASE WHEN x.resolved_at IS NOT NULL AND x.resolved_at < ${range.to} THEN 'resolved' ELSE 'open' END
               WHEN x.last_event = 'resolved' THEN 'resolved'
               WHEN x.last_event = 'acknowledged' THEN 'acknowledged'
               ELSE 'open' END AS state
      FROM x)
    SELECT a.id, a.title, a.severity, a.rule_kind, a.market, a.reasons, a.mention_count, a.opened_at, a.state,
           COUNT(*) OVER () AS total, SUM(a.state <> 'resolved') OVER () AS unresolved
    FROM y a
    WHERE a.opened_at >= ${range.from} OR a.state <> 'resolved'
    ORDER BY ${SEVERITY_ORDER}, (a.opened_at >= ${range.from}) DESC, a.last_seen_at DESC, a.id DESC
    LIMIT ${limit}`);
  return rows.map((x) => ({
    id: Number(x.id),
    title: String(x.title),
    severity: x.severity,
    rule_kind: x.rule_kind,
    market: x.market,
    reasons: String(x.reasons),
    mention_count: Number(x.mention_count),
    opened_at: Number(x.opened_at),
    status_at_end: x.state,
    total: Number(x.total),
    unresolved: Number(x.unresolved),
  }));
}

export interface QuotableMentionRow {
  id: number;
  source_id: number;
  source_name: string;
  published_at: number;
  title: string | null;
  text: string;
  author_reach: number | null;
  engagement: number | null;
  sentiment_score: number;
  case_refs: string;
}

/**
 * Relevant negative mentions of the range, the most seen first (engagement weighs ten followers), then the most
 * negative. No author: the digest never quotes who wrote it.
 */
export async function quotableMentions(db: Db, range: Range, limit: number): Promise<QuotableMentionRow[]> {
  const rows = await db.all<QuotableMentionRow>(sql`
    SELECT m.id, m.source_id, s.name AS source_name, m.published_at, m.title, m.text, m.author_reach, m.engagement,
           ma.sentiment_score, ma.case_refs
    FROM mentions m
    CROSS JOIN mention_analysis ma ON ma.mention_id = m.id
    CROSS JOIN sources s ON s.id = m.source_id
    WHERE m.published_at >= ${range.from} AND m.published_at < ${range.to}
      AND ma.is_relevant = 1 AND ma.sentiment_label = 'negative'
    ORDER BY COALESCE(m.author_reach, 0) + 10 * COALESCE(m.engagement, 0) DESC, ma.sentiment_score ASC, m.id DESC
    LIMIT ${limit}`);
  return rows.map((x) => ({
    ...x,
    id: Number(x.id),
    source_id: Number(x.source_id),
    published_at: Number(x.published_at),
    author_reach: x.author_reach === null ? null : Number(x.author_reach),
    engagement: x.engagement === null ? null : Number(x.engagement),
    sentiment_score: Number(x.sentiment_score),
  }));
}

/** Whether any collection case has been imported. */
export async function hasCases(db: Db): Promise<boolean> {
  const [row] = await db.all<{ n: number }>(sql`SELECT EXISTS (SELECT 1 FROM cases) AS n`);
  return Number(row?.n ?? 0) === 1;
}
