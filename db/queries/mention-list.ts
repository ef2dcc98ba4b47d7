// The mention list (GET /api/mentions, the Mentions page): filters, full-text search and keyset pages, newest first.
//
// A page is read in two steps: the ids of the page first, through as little as the filters need, then the columns
// of those ids only. How the ids are found depends on how many mentions match. When many do (a language, a common
// word), walking the date index and testing each mention finds a page after a few hundred rows; collecting every
// match and sorting it would read them all. When few do (a rare word, a small language), the index or the
// full-text search finds them all at once and sorting them is cheap, where a walk might read the whole table.
import { and, desc, eq, gte, inArray, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import type { Language, SentimentLabel, Tactic } from '../schema/constants.ts';
import { mentionAnalysis, mentions } from '../schema/index.ts';
import { type MentionListRow, selectMentionList } from './mentions.ts';

export interface MentionFilters {
  sourceId?: number;
  language?: Language;
  sentiment?: SentimentLabel;
  tactic?: Tactic;
  from?: number;
  to?: number;
  q?: string;
  relevant?: boolean;
}

export interface Cursor {
  publishedAt: number;
  id: number;
}

/** Turns free text into a safe FTS5 query: every word quoted (so `"`, `-`, `:` or `NEAR` are just text), ANDed. */
export function toFtsQuery(q: string): string | null {
  const words = q.match(/[\p{L}\p{N}_]+\*?/gu) ?? [];
  if (words.length === 0) return null;
  return words
    .slice(0, 16)
    .map((w) => (w.endsWith('*') ? `"${w.slice(0, -1)}"*` : `"${w}"`))
    .join(' ');
}

/**
 * Up to these many matches, collecting them and sorting is cheaper than walking: a full-text match costs about a
 * twentieth of a walked row that must be tested against the search, an analysis row about as much as a walked one.
 * Counting stops at the limit, so it costs at most that many index entries.
 */
export const COLLECT_UP_TO = { search: 50_000, analysis: 5_000 };

/** Where the plans switch: COLLECT_UP_TO, and WALK_UP_TO (tests make them small to try every plan on a small table). */
export interface PlanLimits {
  search: number;
  analysis: number;
  walk?: number;
}

/**
 * A walk tests at most this many candidates (the newest meeting the filters on the mention itself) and then collects
 * the rest: filters that each match many mentions may together match few, and a walk would then read the whole table.
 */
export const WALK_UP_TO = 2_000;

/**
 * How a page is found: walking the date index, through the search's matches, among the analysis matches found, or
 * collecting every match of search and analysis filters together (what a walk falls back to).
 */
type Plan = { kind: 'walk' } | { kind: 'search' } | { kind: 'analysis'; ids: number[] } | { kind: 'collect' };

/**
 * The search's matches, counted up to the limit past which walking wins; then the analysis filters' matches, counted
 * up to theirs: when they are few, their ids are read once and are the ones to sort, so they are not looked for twice.
 */
async function choosePlan(db: Db, f: MentionFilters, fts: string | null, collectUpTo: PlanLimits): Promise<Plan> {
  if (fts) {
    const [row] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM (SELECT 1 FROM mentions_fts WHERE mentions_fts MATCH ${fts} LIMIT ${collectUpTo.search + 1})`);
    if (Number(row?.n ?? 0) <= collectUpTo.search) return { kind: 'search' };
  }
  const analysis = analysisConditions(f, '');
  if (analysis.length) {
    // Counted in the index first: when they are many, reading thousands of ids into JavaScript costs more than the walk.
    const [row] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM (SELECT 1 FROM mention_analysis WHERE ${and(...analysis)} LIMIT ${collectUpTo.analysis + 1})`);
    if (Number(row?.n ?? 0) <= collectUpTo.analysis) {
      const rows = await db.all<{ id: number }>(sql`SELECT mention_id AS id FROM mention_analysis WHERE ${and(...analysis)}`);
      return { kind: 'analysis', ids: rows.map((r) => Number(r.id)) };
    }
  }
  return { kind: 'walk' };
}

/**
 * The filters on the analysis table. `prefix` '+' keeps SQLite from using their indexes (a unary plus makes the
 * column an expression), so a walk stays on the date index; '' lets them find the matches.
 */
function analysisConditions(f: MentionFilters, prefix: '' | '+'): SQL[] {
  const column = (name: string) => sql.raw(`${prefix}mention_analysis.${name}`);
  const where: SQL[] = [];
  if (f.language) where.push(sql`${column('language')} = ${f.language}`);
  if (f.sentiment) where.push(sql`${column('sentiment_label')} = ${f.sentiment}`);
  if (f.relevant !== undefined) where.push(sql`${column('is_relevant')} = ${f.relevant ? 1 : 0}`);
  return where;
}

function conditions(f: MentionFilters, fts: string | null, plan: Plan, cursor: Cursor | null | undefined): SQL[] {
  // Among the analysis matches already found, their filters hold; elsewhere they are tested row by row.
  const where =
    plan.kind === 'analysis' ? [sql`${mentions.id} IN (SELECT value FROM json_each(${JSON.stringify(plan.ids)}))`] : analysisConditions(f, plan.kind === 'collect' ? '' : '+');
  if (f.sourceId !== undefined) where.push(eq(mentions.sourceId, f.sourceId));
  if (f.tactic) where.push(sql`EXISTS (SELECT 1 FROM json_each(${mentionAnalysis.tactics}) t WHERE t.value = ${f.tactic})`);
  if (f.from !== undefined) where.push(gte(mentions.publishedAt, f.from));
  if (f.to !== undefined) where.push(lte(mentions.publishedAt, f.to));
  if (fts) {
    where.push(
      plan.kind === 'search' || plan.kind === 'collect'
        ? sql`${mentions.id} IN (SELECT rowid FROM mentions_fts WHERE mentions_fts MATCH ${fts})`
        : // Tied to the analysis row when its filters apply, so they are tested first and the search only for what passes.
          sql`EXISTS (SELECT 1 FROM mentions_fts f WHERE f.rowid = ${analysisConditions(f, '').length ? mentionAnalysis.mentionId : mentions.id} AND mentions_fts MATCH ${fts})`,
    );
  }
  if (cursor) where.push(before(cursor));
  return where;
}

/** Mentions after `c` in the list's order (older, or as old with a lower id). */
const before = (c: Cursor) => or(lt(mentions.publishedAt, c.publishedAt), and(eq(mentions.publishedAt, c.publishedAt), lt(mentions.id, c.id)))!;

/** The WALK_UP_TO-th candidate of a walk from `cursor`: the filters on the mention itself only. Null when there are fewer. */
async function walkEdge(db: Db, f: MentionFilters, cursor: Cursor | null | undefined, walkUpTo: number): Promise<Cursor | null> {
  const where = conditions({ sourceId: f.sourceId, from: f.from, to: f.to }, null, { kind: 'walk' }, cursor);
  const [edge] = await db
    .select({ id: mentions.id, publishedAt: mentions.publishedAt })
    .from(mentions)
    .where(and(...where))
    .orderBy(desc(mentions.publishedAt), desc(mentions.id))
    .limit(1)
    .offset(walkUpTo - 1);
  return edge ?? null;
}

/** The newest mentions meeting `where`, by (published_at, id). */
const newest = (db: Db, where: SQL[], limit: number) =>
  db
    .select({ id: mentions.id, publishedAt: mentions.publishedAt })
    .from(mentions)
    .leftJoin(mentionAnalysis, eq(mentionAnalysis.mentionId, mentions.id))
    .where(and(...where))
    .orderBy(desc(mentions.publishedAt), desc(mentions.id))
    .limit(limit);

/**
 * A page by walking the date index, up to WALK_UP_TO candidates; when they hold too few matches and more candidates
 * remain, the rest of the page is collected from the matches of every filter at once, past the last candidate.
 */
async function walk(db: Db, f: MentionFilters, fts: string | null, page: { limit: number; cursor?: Cursor | null }, walkUpTo: number) {
  const walked = conditions(f, fts, { kind: 'walk' }, page.cursor);
  // With filters on the mention itself only, every candidate matches: the page is its first candidates.
  if (!fts && !f.tactic && analysisConditions(f, '').length === 0) return newest(db, walked, page.limit + 1);
  const edge = await walkEdge(db, f, page.cursor, walkUpTo);
  if (edge) walked.push(sql`NOT (${before(edge)})`);
  const found = await newest(db, walked, page.limit + 1);
  if (found.length > page.limit || !edge) return found;
  return [...found, ...(await newest(db, conditions(f, fts, { kind: 'collect' }, edge), page.limit + 1 - found.length))];
}

/**
 * Newest first, keyset-paginated on (published_at, id) so pages stay stable while mentions arrive. `collectUpTo`
 * moves the point where walking takes over (tests use it to try every plan on a small table).
 */
export async function listMentions(
  db: Db,
  filters: MentionFilters,
  page: { limit: number; cursor?: Cursor | null },
  collectUpTo: PlanLimits = COLLECT_UP_TO,
): Promise<{ items: MentionListRow[]; nextCursor: Cursor | null }> {
  const fts = filters.q === undefined ? null : toFtsQuery(filters.q);
  // A search with no searchable words matches nothing rather than everything.
  if (filters.q !== undefined && !fts) return { items: [], nextCursor: null };
  const plan = await choosePlan(db, filters, fts, collectUpTo);
  const ids =
    plan.kind === 'walk' ? await walk(db, filters, fts, page, collectUpTo.walk ?? WALK_UP_TO) : await newest(db, conditions(filters, fts, plan, page.cursor), page.limit + 1);
  const wanted = ids.slice(0, page.limit).map((r) => r.id);
  const rows = wanted.length ? await selectMentionList(db).where(inArray(mentions.id, wanted)) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const items = wanted.map((id) => byId.get(id)).filter((r): r is MentionListRow => r !== undefined);
  const last = items[items.length - 1];
  const nextCursor = ids.length > page.limit && last ? { publishedAt: last.publishedAt, id: last.id } : null;
  return { items, nextCursor };
}
