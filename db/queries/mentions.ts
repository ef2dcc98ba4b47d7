import { eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { mentionAnalysis, mentionCorrections, mentions, sources } from '../schema/index.ts';
import type { SentimentLabel } from '../schema/constants.ts';
import { chunks, jsonChunks, jsonRows } from './bulk.ts';
import { DAY_MS } from '../../src/core/time/durations.ts';

/** A mention ready to store, with the analyser's reading of it. */
export interface MentionWrite {
  externalKey: string;
  url: string | null;
  author: string | null;
  /** The author as erasure compares it (src/core/ingest/author-key.ts). */
  authorKey: string | null;
  title: string | null;
  text: string;
  languageHint: string | null;
  authorReach: number | null;
  engagement: number | null;
  rating: number | null;
  publishedAt: number;
  contentHash: string;
  urlKey: string | null;
  titleKey: string | null;
  /** The analyser's reading of it, as `analysisRow` writes it. */
  analysis: string;
}

export interface AnalysisWrite {
  analyserVersion: string;
  language: string;
  relevant: boolean;
  sentiment: { label: SentimentLabel; score: number };
  tactics: string[];
  channel: string[];
  vulnerability: string[];
  payer_stance: string;
  escalation: string[];
  case_refs: string[];
  confidence: unknown[];
  evidence: unknown[];
}

// `json_each(...) CROSS JOIN mentions` fixes the loop order: one index lookup per JSON row, never a scan of
// mentions per row (SQLite may otherwise pick mentions as the outer loop).

/** The mentions a source already holds under these keys: id and content hash (to skip unchanged entries). */
export async function storedByKey(db: Db, sourceId: number, keys: string[]): Promise<Map<string, { id: number; contentHash: string }>> {
  const found = new Map<string, { id: number; contentHash: string }>();
  for (const part of chunks(keys, 500)) {
    const rows = await db.all<{ id: number; external_key: string; content_hash: string }>(sql`
      SELECT m.id, m.external_key, m.content_hash FROM json_each(${JSON.stringify(part)}) j
      CROSS JOIN mentions m ON m.source_id = ${sourceId} AND m.external_key = j.value`);
    for (const r of rows) found.set(r.external_key, { id: r.id, contentHash: r.content_hash });
  }
  return found;
}

/** Stored mentions that share a normalised URL or title with the candidates (for cross-source dedupe). */
export async function mentionsWithKeys(db: Db, urlKeys: string[], titleKeys: string[]) {
  const rows: { id: number; source_id: number; external_key: string; url_key: string | null; title_key: string | null; published_at: number }[] = [];
  for (const [keys, column] of [
    [urlKeys, sql`url_key`],
    [titleKeys, sql`title_key`],
  ] as const) {
    for (const part of chunks(keys, 500)) {
      rows.push(
        ...(await db.all<(typeof rows)[number]>(sql`
          SELECT m.id, m.source_id, m.external_key, m.url_key, m.title_key, m.published_at FROM json_each(${JSON.stringify(part)}) j
          CROSS JOIN mentions m ON m.${column} = j.value`)),
      );
    }
  }
  return rows;
}

/**
 * An analysis as the writes below take it: one JSON object, made once per analysis (on Node, on the analysis
 * threads) and spliced into the statements' parameters as it is.
 */
export const analysisRow = (a: AnalysisWrite): string => JSON.stringify(analysisJson(a));

// One JSON shape and one column list for analyses, shared by ingest and re-analysis.
const analysisJson = (a: AnalysisWrite) => ({
  v: a.analyserVersion,
  lang: a.language,
  rel: a.relevant ? 1 : 0,
  sl: a.sentiment.label,
  ss: a.sentiment.score,
  tac: a.tactics,
  ch: a.channel,
  vul: a.vulnerability,
  ps: a.payer_stance,
  esc: a.escalation,
  cr: a.case_refs,
  ev: a.evidence,
  cf: a.confidence,
});
const ANALYSIS_COLUMNS = sql.raw(`analyser_version, content_hash, language, is_relevant, sentiment_label, sentiment_score,
  tactics, channels, vulnerability, payer_stance, escalation, case_refs, evidence, confidence`);
const ANALYSIS_VALUES = sql.raw(
  ['a.v', 'h', ...['lang', 'rel', 'sl', 'ss', 'tac', 'ch', 'vul', 'ps', 'esc', 'cr', 'ev', 'cf'].map((k) => `a.${k}`)]
    .map((path) => `json_extract(j.value, '$.${path}')`)
    .join(', '),
);
const ANALYSIS_UPSERT = sql.raw(`ON CONFLICT (mention_id) DO UPDATE SET
  analyser_version = excluded.analyser_version, content_hash = excluded.content_hash, language = excluded.language,
  is_relevant = excluded.is_relevant, sentiment_label = excluded.sentiment_label, sentiment_score = excluded.sentiment_score,
  tactics = excluded.tactics, channels = excluded.channels, vulnerability = excluded.vulnerability,
  payer_stance = excluded.payer_stance, escalation = excluded.escalation, case_refs = excluded.case_refs,
  evidence = excluded.evidence, confidence = excluded.confidence, analysed_at = excluded.analysed_at`);

/**
 * Lays people's corrections over the analyses in `scope` (a condition on mention_analysis): a corrected field
 * replaces the analyser's; a mention corrected to "not relevant" carries no collection labels. Runs after every
 * analysis write, so a correction survives re-analysis.
 */
export function applyCorrectionsStatement(db: Db, scope: SQL) {
  return db.run(sql`
    UPDATE mention_analysis SET
      is_relevant = coalesce(c.relevant, mention_analysis.is_relevant),
      sentiment_label = coalesce(c.sentiment, mention_analysis.sentiment_label),
      sentiment_score = CASE c.sentiment WHEN 'negative' THEN -1 WHEN 'neutral' THEN 0 WHEN 'positive' THEN 1 ELSE mention_analysis.sentiment_score END,
      tactics = CASE WHEN c.relevant = 0 THEN '[]' ELSE coalesce(c.tactics, mention_analysis.tactics) END,
      channels = CASE WHEN c.relevant = 0 THEN '[]' ELSE mention_analysis.channels END,
      vulnerability = CASE WHEN c.relevant = 0 THEN '[]' ELSE coalesce(c.vulnerability, mention_analysis.vulnerability) END,
      escalation = CASE WHEN c.relevant = 0 THEN '[]' ELSE coalesce(c.escalation, mention_analysis.escalation) END,
      payer_stance = CASE WHEN c.relevant = 0 THEN 'unknown' ELSE mention_analysis.payer_stance END
    FROM mention_corrections c
    WHERE c.mention_id = mention_analysis.mention_id AND ${scope}`);
}

/**
 * Statements that upsert mentions and their analyses through one JSON parameter per chunk (`json_each`),
 * so a thousand entries cost a handful of statements and never more than a few bound parameters.
 * Run them first inside one `db.batch` with the source's state update: a poll commits whole or not at all.
 * `written` reads from the batch's results the keys it inserted or changed, with their ids: a concurrent push of the
 * same entries may have written them first, and then they count as unchanged.
 */
export function upsertMentionStatements(db: Db, sourceId: number, rows: MentionWrite[], now: number) {
  // Each statement gets only the fields it reads: the mention upsert never parses the analyses and their evidence.
  const mentionJson = jsonChunks(
    rows.map((r) =>
      JSON.stringify({
        k: r.externalKey,
        u: r.url,
        a: r.author,
        ak: r.authorKey,
        t: r.title,
        x: r.text,
        l: r.languageHint,
        r: r.authorReach,
        e: r.engagement,
        s: r.rating,
        uk: r.urlKey,
        tk: r.titleKey,
        p: r.publishedAt,
        h: r.contentHash,
      }),
    ),
  );
  const analysisJsonChunks = jsonChunks(rows.map((r) => `{"k":${JSON.stringify(r.externalKey)},"h":${JSON.stringify(r.contentHash)},"a":${r.analysis}}`));
  const upserts = mentionJson.map((json) =>
    db.all<{ k: string; id: number }>(sql`
        WITH ${jsonRows(json)}
        INSERT INTO mentions (source_id, external_key, url, author, author_key, title, text, language_hint, author_reach, engagement,
                              rating, url_key, title_key, published_at, first_seen_at, updated_at, content_hash)
        SELECT ${sourceId}, json_extract(j.value, '$.k'), json_extract(j.value, '$.u'), json_extract(j.value, '$.a'),
               json_extract(j.value, '$.ak'), json_extract(j.value, '$.t'), json_extract(j.value, '$.x'), json_extract(j.value, '$.l'),
               json_extract(j.value, '$.r'), json_extract(j.value, '$.e'), json_extract(j.value, '$.s'),
               json_extract(j.value, '$.uk'), json_extract(j.value, '$.tk'),
               json_extract(j.value, '$.p'), ${now}, ${now}, json_extract(j.value, '$.h')
        FROM j WHERE true
        ON CONFLICT (source_id, external_key) DO UPDATE SET
          url = excluded.url, author = excluded.author, author_key = excluded.author_key, title = excluded.title, text = excluded.text,
          language_hint = excluded.language_hint, author_reach = excluded.author_reach, engagement = excluded.engagement,
          rating = excluded.rating, url_key = excluded.url_key, title_key = excluded.title_key,
          published_at = excluded.published_at,
          updated_at = excluded.updated_at, content_hash = excluded.content_hash
        WHERE mentions.content_hash <> excluded.content_hash
        RETURNING external_key AS k, id`),
  );
  const analyses = analysisJsonChunks.map((json) =>
    db.run(sql`
        WITH ${jsonRows(json)}
        INSERT INTO mention_analysis (mention_id, ${ANALYSIS_COLUMNS}, analysed_at)
        SELECT m.id, ${ANALYSIS_VALUES}, ${now}
        FROM j
        CROSS JOIN mentions m ON m.source_id = ${sourceId} AND m.external_key = json_extract(j.value, '$.k')
        WHERE true
        ${ANALYSIS_UPSERT}`),
  );
  // Few and large: preparing an update of mention_analysis compiles its rollup triggers. (Keys are ≤ 512 characters.)
  const corrections = chunks(rows, 1000).map((part) =>
    applyCorrectionsStatement(
      db,
      sql`mention_analysis.mention_id IN (SELECT m.id FROM json_each(${JSON.stringify(part.map((r) => r.externalKey))}) j
            CROSS JOIN mentions m ON m.source_id = ${sourceId} AND m.external_key = j.value)`,
    ),
  );
  return {
    statements: [...upserts, ...analyses, ...corrections],
    written: (results: readonly unknown[]) => new Map((results.slice(0, upserts.length) as { k: string; id: number }[][]).flat().map((r) => [r.k, r.id])),
  };
}

/** Mentions whose analysis is missing or from another analyser version (all of them with `all`), by id. */
export async function mentionsToReanalyse(db: Db, o: { version: string; all: boolean; afterId: number; limit: number }) {
  const stale = o.all ? sql`1` : sql`(a.mention_id IS NULL OR a.analyser_version <> ${o.version})`;
  return db.all<{ id: number; title: string | null; text: string; language_hint: string | null; content_hash: string }>(sql`
    SELECT m.id, m.title, m.text, m.language_hint, m.content_hash FROM mentions m
    LEFT JOIN mention_analysis a ON a.mention_id = m.id
    WHERE m.id > ${o.afterId} AND ${stale} ORDER BY m.id LIMIT ${o.limit}`);
}

export async function countToReanalyse(db: Db, o: { version: string; all: boolean }): Promise<number> {
  const stale = o.all ? sql`1` : sql`(a.mention_id IS NULL OR a.analyser_version <> ${o.version})`;
  const rows = await db.all<{ n: number }>(sql`
    SELECT count(*) AS n FROM mentions m LEFT JOIN mention_analysis a ON a.mention_id = m.id WHERE ${stale}`);
  return Number(rows[0]?.n ?? 0);
}

/** Replaces the analyses of existing mentions (one JSON parameter per chunk), e.g. after the analyser changed. */
export function replaceAnalysesStatements(db: Db, rows: { mentionId: number; contentHash: string; analysis: string }[], now: number) {
  const analyses = jsonChunks(rows.map((r) => `{"id":${r.mentionId},"h":${JSON.stringify(r.contentHash)},"a":${r.analysis}}`)).map((json) =>
    db.run(sql`
      WITH ${jsonRows(json)}
      INSERT INTO mention_analysis (mention_id, ${ANALYSIS_COLUMNS}, analysed_at)
      SELECT json_extract(j.value, '$.id'), ${ANALYSIS_VALUES}, ${now}
      FROM j
      WHERE true
      ${ANALYSIS_UPSERT}`),
  );
  const corrections = chunks(rows, 5000).map((part) =>
    applyCorrectionsStatement(db, sql`mention_analysis.mention_id IN (SELECT value FROM json_each(${JSON.stringify(part.map((r) => r.mentionId))}))`),
  );
  return [...analyses, ...corrections];
}

const mentionColumns = {
  id: mentions.id,
  sourceId: mentions.sourceId,
  sourceName: sources.name,
  externalKey: mentions.externalKey,
  url: mentions.url,
  author: mentions.author,
  title: mentions.title,
  text: mentions.text,
  languageHint: mentions.languageHint,
  publishedAt: mentions.publishedAt,
  firstSeenAt: mentions.firstSeenAt,
  updatedAt: mentions.updatedAt,
  contentHash: mentions.contentHash,
  analyserVersion: mentionAnalysis.analyserVersion,
  language: mentionAnalysis.language,
  isRelevant: mentionAnalysis.isRelevant,
  sentimentLabel: mentionAnalysis.sentimentLabel,
  sentimentScore: mentionAnalysis.sentimentScore,
  tactics: mentionAnalysis.tactics,
  channels: mentionAnalysis.channels,
  vulnerability: mentionAnalysis.vulnerability,
  payerStance: mentionAnalysis.payerStance,
  escalation: mentionAnalysis.escalation,
  caseRefs: mentionAnalysis.caseRefs,
  evidence: mentionAnalysis.evidence,
  confidence: mentionAnalysis.confidence,
  correctedAt: mentionCorrections.correctedAt,
};

/** What a list shows of a mention: everything but the evidence and the confidences, which only its own page reads. */
const { evidence: _evidence, confidence: _confidence, ...listColumns } = mentionColumns;

/** The mention with its source name and analysis (analysis fields are null until analysed). */
export function selectMentions(db: Db) {
  return db
    .select(mentionColumns)
    .from(mentions)
    .innerJoin(sources, eq(sources.id, mentions.sourceId))
    .leftJoin(mentionAnalysis, eq(mentionAnalysis.mentionId, mentions.id))
    .leftJoin(mentionCorrections, eq(mentionCorrections.mentionId, mentions.id));
}

/** The same for a list: a page of 50 need not carry every mention's evidence. */
export function selectMentionList(db: Db) {
  return db
    .select(listColumns)
    .from(mentions)
    .innerJoin(sources, eq(sources.id, mentions.sourceId))
    .leftJoin(mentionAnalysis, eq(mentionAnalysis.mentionId, mentions.id))
    .leftJoin(mentionCorrections, eq(mentionCorrections.mentionId, mentions.id));
}

export type MentionListRow = Awaited<ReturnType<typeof selectMentionList>>[number];

export type MentionRow = Awaited<ReturnType<typeof selectMentions>>[number];

export async function getMention(db: Db, id: number): Promise<MentionRow | null> {
  const rows = await selectMentions(db).where(eq(mentions.id, id)).limit(1);
  return rows[0] ?? null;
}

export interface OverviewStats {
  total: number;
  relevant: number;
  bySentiment: Record<string, number>;
  byLanguage: { language: string; count: number }[];
  byDay: { day: number; negative: number; neutral: number; positive: number }[];
  topTactics: { tactic: string; count: number }[];
}

/** Figures for the overview page over [from, to). Days are UTC midnights. */
export async function overviewStats(db: Db, from: number, to: number): Promise<OverviewStats> {
  const inRange = sql`m.published_at >= ${from} AND m.published_at < ${to}`;
  const [totals, byLanguage, byDay, topTactics] = await Promise.all([
    db.all<{ total: number; relevant: number; negative: number; neutral: number; positive: number }>(sql`
      SELECT count(*) AS total, coalesce(sum(a.is_relevant), 0) AS relevant,
             coalesce(sum(a.sentiment_label = 'negative'), 0) AS negative,
             coalesce(sum(a.sentiment_label = 'neutral'), 0) AS neutral,
             coalesce(sum(a.sentiment_label = 'positive'), 0) AS positive
      FROM mentions m LEFT JOIN mention_analysis a ON a.mention_id = m.id WHERE ${inRange}`),
    db.all<{ language: string; count: number }>(sql`
      SELECT coalesce(a.language, 'unknown') AS language, count(*) AS count
      FROM mentions m LEFT JOIN mention_analysis a ON a.mention_id = m.id WHERE ${inRange}
      GROUP BY 1 ORDER BY 2 DESC`),
    db.all<{ day: number; negative: number; neutral: number; positive: number }>(sql`
      SELECT CAST(m.published_at / ${DAY_MS} AS INTEGER) * ${DAY_MS} AS day,
             sum(a.sentiment_label = 'negative') AS negative, sum(a.sentiment_label = 'neutral') AS neutral,
             sum(a.sentiment_label = 'positive') AS positive
      FROM mentions m JOIN mention_analysis a ON a.mention_id = m.id WHERE ${inRange}
      GROUP BY 1 ORDER BY 1`),
    db.all<{ tactic: string; count: number }>(sql`
      SELECT t.value AS tactic, count(*) AS count
      FROM mentions m JOIN mention_analysis a ON a.mention_id = m.id, json_each(a.tactics) t
      WHERE ${inRange} AND a.is_relevant = 1 GROUP BY 1 ORDER BY 2 DESC LIMIT 8`),
  ]);
  const t = totals[0] ?? { total: 0, relevant: 0, negative: 0, neutral: 0, positive: 0 };
  return {
    total: Number(t.total),
    relevant: Number(t.relevant),
    bySentiment: { negative: Number(t.negative), neutral: Number(t.neutral), positive: Number(t.positive) },
    byLanguage: byLanguage.map((r) => ({ language: r.language, count: Number(r.count) })),
    byDay: byDay.map((r) => ({
      day: Number(r.day),
      negative: Number(r.negative),
      neutral: Number(r.neutral),
      positive: Number(r.positive),
    })),
    topTactics: topTactics.map((r) => ({ tactic: r.tactic, count: Number(r.count) })),
  };
}
