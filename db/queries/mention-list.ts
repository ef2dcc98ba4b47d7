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
 * What each way of meeting a search costs, in µs per mention it touches (measured at a million mentions): testing a
 * walked mention against the search (one full-text lookup), reading one match in a single pass over them all,
 * joining a walked mention with that pass, and looking a match up to sort it by date.
 */
const COST_US = { probe: 4.4, match: 0.023, joined: 0.5, sorted: 0.69 };

/**
 * Up to this many analysis matches (counted in their index), collecting them and sorting is cheaper than walking:
 * an analysis row costs about as much as a walked one.
 */
export const ANALYSIS_COLLECT_UP_TO = 5_000;

/**
 * A walk tests at most this many candidates (the newest meeting the filters on the mention itself) and then collects
 * the rest: filters that each match many mentions may together match few, and a walk would then read the whole table.
 */
export const WALK_UP_TO = 2_000;

/** How a search is met: its matches collected and sorted, or a walk that tests each candidate or joins a window of them with the matches. */
type SearchWay = 'collect' | 'probe' | 'join';

/** Plans forced, for tests to try every one on a small table: the search's way, the analysis limit, the walk's length. */
export interface PlanLimits {
  search?: SearchWay;
  analysis?: number;
  walk?: number;
}

/**
 * How a page is found: walking the date index (testing the search on each candidate or joining the candidates
 * with its matches), through the search's matches, among the analysis matches found, or collecting every match of
 * search and analysis filters together (what a walk falls back to).
 */
type Plan = { kind: 'walk'; search: 'probe' | 'join'; candidates: number; hits: number } | { kind: 'search' } | { kind: 'analysis'; ids: number[] } | { kind: 'collect' };

/**
 * The cheapest way to meet a search that `hits` of `total` mentions match, for a page of `size`: matches spread
 * evenly, a walk reads size × total / hits candidates to fill it (a window joined with the matches, half as many
 * again, for those that cluster). Counting the hits costs a pass over them, so it stops where probing certainly wins
 * (`countUpTo`): past the point where probe and join cost the same, twice over.
 */
export function searchWay(hits: number, total: number, size: number): { way: SearchWay; candidates: number } {
  const walked = (size * total) / Math.max(hits, 1);
  const window = Math.ceil(1.5 * walked);
  const costs: [SearchWay, number][] = [
    ['collect', COST_US.sorted * hits],
    ['probe', COST_US.probe * walked],
    ['join', COST_US.match * hits + COST_US.joined * window],
  ];
  const [way] = costs.reduce((best, c) => (c[1] < best[1] ? c : best));
  return { way, candidates: way === 'join' ? window : WALK_UP_TO };
}

const countUpTo = (total: number, size: number) => Math.ceil(2 * Math.sqrt(((COST_US.probe - 1.5 * COST_US.joined) * size * total) / COST_US.match));

/**
 * How many mentions a search matches, against how many there are (the highest id: close enough to choose a plan).
 * The count is a pass over the matches, so it is remembered per database and recounted once the table has grown or
 * shrunk by a tenth: it only picks the plan, never the answer.
 */
const counted = new WeakMap<Db, Map<string, { hits: number; total: number }>>();
async function searchHits(db: Db, fts: string, size: number): Promise<{ hits: number; total: number }> {
  const [row] = await db.all<{ total: number | null }>(sql`SELECT max(id) AS total FROM mentions`);
  const total = Number(row?.total ?? 0);
  let memo = counted.get(db);
  if (!memo) counted.set(db, (memo = new Map()));
  const known = memo.get(fts);
  if (known && Math.abs(total - known.total) <= known.total / 10) return known;
  const upTo = countUpTo(total, size);
  const [n] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM (SELECT 1 FROM mentions_fts WHERE mentions_fts MATCH ${fts} LIMIT ${upTo})`);
  const found = { hits: Number(n?.n ?? 0), total };
  memo.delete(fts);
  memo.set(fts, found);
  // The oldest count goes first: a Map keeps its insertion order.
  if (memo.size > 500) memo.delete(memo.keys().next().value!);
  return found;
}

/**
 * A search's way comes from its count (or is forced); without a collected search, the analysis filters' matches
 * are counted up to their limit: when they are few, their ids are read once and are the ones to sort.
 */
async function choosePlan(db: Db, f: MentionFilters, fts: string | null, size: number, limits: PlanLimits): Promise<Plan> {
  let walk: Plan = { kind: 'walk', search: 'probe', candidates: limits.walk ?? WALK_UP_TO, hits: Number.POSITIVE_INFINITY };
  if (fts) {
    // A forced plan knows no count: as if the matches were endless.
    let chosen = { way: limits.search ?? 'collect', candidates: WALK_UP_TO, hits: Number.POSITIVE_INFINITY };
    if (!limits.search) {
      const { hits, total } = await searchHits(db, fts, size);
      chosen = { ...searchWay(hits, total, size), hits };
    }
    if (chosen.way === 'collect') return { kind: 'search' };
    walk = { kind: 'walk', search: chosen.way, candidates: limits.walk ?? chosen.candidates, hits: chosen.hits };
  }
  const analysis = analysisConditions(f, '');
  if (analysis.length) {
    // Counted in the index first: when they are many, reading thousands of ids into JavaScript costs more than the walk.
    const upTo = limits.analysis ?? ANALYSIS_COLLECT_UP_TO;
    const [row] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM (SELECT 1 FROM mention_analysis WHERE ${and(...analysis)} LIMIT ${upTo + 1})`);
    if (Number(row?.n ?? 0) <= upTo) {
      const rows = await db.all<{ id: number }>(sql`SELECT mention_id AS id FROM mention_analysis WHERE ${and(...analysis)}`);
      return { kind: 'analysis', ids: rows.map((r) => Number(r.id)) };
    }
  }
  return walk;
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
  if (f.tactic) where.push(tacticCondition(f.tactic));
  if (f.from !== undefined) where.push(gte(mentions.publishedAt, f.from));
  if (f.to !== undefined) where.push(lte(mentions.publishedAt, f.to));
  if (fts && !(plan.kind === 'walk' && plan.search === 'join')) {
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

/** The tactic filter: tested on each analysis row (its tactics are a JSON list). */
const tacticCondition = (tactic: Tactic) => sql`EXISTS (SELECT 1 FROM json_each(${mentionAnalysis.tactics}) t WHERE t.value = ${tactic})`;

/** Mentions after `c` in the list's order (older, or as old with a lower id). */
const before = (c: Cursor) => or(lt(mentions.publishedAt, c.publishedAt), and(eq(mentions.publishedAt, c.publishedAt), lt(mentions.id, c.id)))!;

/** The filters on the mention itself: what a walk's candidates meet. */
const onMention = (f: MentionFilters): MentionFilters => ({ sourceId: f.sourceId, from: f.from, to: f.to });

/** The `n`-th candidate of a walk from `cursor`. Null when there are fewer. */
async function walkEdge(db: Db, f: MentionFilters, cursor: Cursor | null | undefined, n: number): Promise<Cursor | null> {
  const [edge] = await db
    .select({ id: mentions.id, publishedAt: mentions.publishedAt })
    .from(mentions)
    .where(and(...conditions(onMention(f), null, { kind: 'collect' }, cursor)))
    .orderBy(desc(mentions.publishedAt), desc(mentions.id))
    .limit(1)
    .offset(n - 1);
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
 * The newest of a walk's first `n` candidates that match the search, found by one pass over its matches against
 * the candidates (SQLite indexes them on the fly) instead of a full-text lookup per candidate. The candidates are
 * a subquery with its own limit, so the search cannot become the outer loop (`1`: true when no filter is on the
 * mention itself).
 */
const newestJoined = (db: Db, f: MentionFilters, fts: string, cursor: Cursor | null | undefined, n: number, limit: number) =>
  db.all<{ id: number; publishedAt: number }>(sql`
    SELECT w.id AS id, w.published_at AS publishedAt
    FROM (SELECT ${mentions.id}, ${mentions.publishedAt} FROM ${mentions} WHERE ${and(sql`1`, ...conditions(onMention(f), null, { kind: 'collect' }, cursor))}
          ORDER BY ${mentions.publishedAt} DESC, ${mentions.id} DESC LIMIT ${n}) w
    JOIN mentions_fts ON mentions_fts.rowid = w.id
    LEFT JOIN ${mentionAnalysis} ON ${mentionAnalysis.mentionId} = w.id
    WHERE ${and(sql`mentions_fts MATCH ${fts}`, ...analysisConditions(f, '+'), ...(f.tactic ? [tacticCondition(f.tactic)] : []))}
    ORDER BY w.published_at DESC, w.id DESC LIMIT ${limit}`);

/**
 * A page by walking the date index, up to the plan's number of candidates; when they hold too few matches and more
 * candidates remain, the rest of the page is collected from the matches of every filter at once, past the last one.
 */
async function walk(db: Db, f: MentionFilters, fts: string | null, plan: Plan & { kind: 'walk' }, page: { limit: number; cursor?: Cursor | null }) {
  const walked = conditions(f, fts, plan, page.cursor);
  // With filters on the mention itself only, every candidate matches: the page is its first candidates.
  if (!fts && !f.tactic && analysisConditions(f, '').length === 0) return newest(db, walked, page.limit + 1);
  let edge = await walkEdge(db, f, page.cursor, plan.candidates);
  let found =
    fts && plan.search === 'join'
      ? await newestJoined(db, f, fts, page.cursor, plan.candidates, page.limit + 1)
      : await newest(db, edge ? [...walked, sql`NOT (${before(edge)})`] : walked, page.limit + 1);
  if (fts && plan.search === 'join' && edge && found.length > 0 && found.length <= page.limit) {
    // The other filters thinned the window: one window wide enough at the rate this one found, while joining it
    // costs less than collecting every match.
    const wider = Math.ceil((1.5 * plan.candidates * (page.limit + 1)) / found.length);
    if (COST_US.joined * wider < COST_US.sorted * plan.hits) {
      edge = await walkEdge(db, f, page.cursor, wider);
      found = await newestJoined(db, f, fts, page.cursor, wider, page.limit + 1);
    }
  }
  if (found.length > page.limit || !edge) return found;
  return [...found, ...(await newest(db, conditions(f, fts, { kind: 'collect' }, edge), page.limit + 1 - found.length))];
}

/**
 * Newest first, keyset-paginated on (published_at, id) so pages stay stable while mentions arrive. `limits` force
 * a plan (tests use them to try every plan on a small table).
 */
export async function listMentions(
  db: Db,
  filters: MentionFilters,
  page: { limit: number; cursor?: Cursor | null },
  limits: PlanLimits = {},
): Promise<{ items: MentionListRow[]; nextCursor: Cursor | null }> {
  const fts = filters.q === undefined ? null : toFtsQuery(filters.q);
  // A search with no searchable words matches nothing rather than everything.
  if (filters.q !== undefined && !fts) return { items: [], nextCursor: null };
  const plan = await choosePlan(db, filters, fts, page.limit + 1, limits);
  const ids = plan.kind === 'walk' ? await walk(db, filters, fts, plan, page) : await newest(db, conditions(filters, fts, plan, page.cursor), page.limit + 1);
  const wanted = ids.slice(0, page.limit).map((r) => r.id);
  const rows = wanted.length ? await selectMentionList(db).where(inArray(mentions.id, wanted)) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const items = wanted.map((id) => byId.get(id)).filter((r): r is MentionListRow => r !== undefined);
  const last = items[items.length - 1];
  const nextCursor = ids.length > page.limit && last ? { publishedAt: last.publishedAt, id: last.id } : null;
  return { items, nextCursor };
}
