// Mention–case links, case views and personal-data handling (erasure, retention). Reads the cases and
// case_identifiers tables directly; case import and case writes live in cases.ts.
import { sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import type { IdentifierKind, LinkMethod, LinkStatus } from '../schema/constants.ts';

/** Values per JSON parameter (one statement each): well under D1's per-statement limits. */
const CHUNK = 500;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const digitsOf = (s: string) => s.replace(/\D/g, '');

/** Mentions whose analysis cites one of these references (digits only), for linking cases imported later. */
export async function mentionIdsCitingRefs(db: Db, digits: string[]): Promise<number[]> {
  const ids = new Set<number>();
  for (const part of chunks(digits)) {
    const rows = await db.all<{ id: number }>(sql`
      SELECT DISTINCT a.mention_id AS id FROM mention_analysis a, json_each(a.case_refs) r
      WHERE a.case_refs <> '[]' AND r.value IN (SELECT value FROM json_each(${JSON.stringify(part)}))`);
    for (const r of rows) ids.add(Number(r.id));
  }
  return [...ids];
}

/** What linking needs of a mention: its author and the analyser's case references. */
export async function mentionsForLinking(db: Db, ids: number[]) {
  const out: { id: number; author: string | null; case_refs: string[] }[] = [];
  for (const part of chunks(ids)) {
    const rows = await db.all<{ id: number; author: string | null; case_refs: string | null }>(sql`
      SELECT m.id, m.author, a.case_refs FROM json_each(${JSON.stringify(part)}) j
      CROSS JOIN mentions m ON m.id = j.value
      LEFT JOIN mention_analysis a ON a.mention_id = m.id`);
    for (const r of rows) out.push({ id: Number(r.id), author: r.author, case_refs: r.case_refs ? (JSON.parse(r.case_refs) as string[]) : [] });
  }
  return out;
}

/**
 * Cases whose reference, digits only, equals one of `digits` ("LV-40512377" and "40512377" both match
 * "40512377"). Common separators are stripped in SQL to narrow the candidates; the exact digit comparison is
 * made here.
 */
export async function casesByRefDigits(db: Db, digits: string[]): Promise<{ caseId: number; digits: string }[]> {
  const wanted = [...new Set(digits.filter((d) => /^\d+$/.test(d)))];
  const out: { caseId: number; digits: string }[] = [];
  for (const part of chunks(wanted, 100)) {
    const rows = await db.all<{ id: number; case_ref: string; wanted: string }>(sql`
      SELECT c.id, c.case_ref, j.value AS wanted FROM json_each(${JSON.stringify(part)}) j
      CROSS JOIN cases c
      WHERE replace(replace(replace(replace(c.case_ref, '-', ''), ' ', ''), '/', ''), '.', '') LIKE '%' || j.value`);
    for (const r of rows) if (digitsOf(r.case_ref) === r.wanted) out.push({ caseId: Number(r.id), digits: r.wanted });
  }
  return out;
}

/** Cases holding any of these identifier hashes. */
export async function casesByIdentifierHashes(db: Db, hashes: string[]): Promise<{ caseId: number; hash: string }[]> {
  const out: { caseId: number; hash: string }[] = [];
  for (const part of chunks([...new Set(hashes)])) {
    const rows = await db.all<{ case_id: number; hash: string }>(sql`
      SELECT DISTINCT i.case_id, i.hash FROM json_each(${JSON.stringify(part)}) j
      CROSS JOIN case_identifiers i ON i.hash = j.value`);
    for (const r of rows) out.push({ caseId: Number(r.case_id), hash: r.hash });
  }
  return out;
}

export interface SuggestedLink {
  mentionId: number;
  caseId: number;
  method: LinkMethod;
  confidence: number;
}

/**
 * Stores suggested links; returns how many were new. An existing link is kept as it is (a person's
 * confirmation or manual link is never overwritten), except that a suggestion gains a more confident method.
 */
export async function upsertSuggestedLinks(db: Db, links: SuggestedLink[], now: number): Promise<number> {
  let created = 0;
  for (const part of chunks(links)) {
    const before = await countLinks(db);
    await db.run(sql`
      INSERT INTO mention_case_links (mention_id, case_id, method, confidence, status, created_at)
      SELECT json_extract(j.value, '$.m'), json_extract(j.value, '$.c'), json_extract(j.value, '$.k'),
             json_extract(j.value, '$.p'), 'suggested', ${now}
      FROM json_each(${JSON.stringify(part.map((l) => ({ m: l.mentionId, c: l.caseId, k: l.method, p: l.confidence })))}) j
      WHERE true
      ON CONFLICT (mention_id, case_id) DO UPDATE SET method = excluded.method, confidence = excluded.confidence
      WHERE mention_case_links.status = 'suggested' AND mention_case_links.method <> 'manual'
        AND excluded.confidence > mention_case_links.confidence`);
    created += (await countLinks(db)) - before;
  }
  return created;
}

async function countLinks(db: Db): Promise<number> {
  const rows = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM mention_case_links`);
  return Number(rows[0]?.n ?? 0);
}

// ---- Case views ------------------------------------------------------------------------------------------

export interface CaseRow {
  id: number;
  case_ref: string;
  creditor: string;
  segment: string;
  country: string;
  opened_at: number;
  closed_at: number | null;
  status: string;
  amount: number | null;
  currency: string | null;
  language: string | null;
  team: string | null;
}

export async function caseByRef(db: Db, ref: string): Promise<CaseRow | null> {
  const rows = await db.all<CaseRow>(sql`
    SELECT id, case_ref, creditor, segment, country, opened_at, closed_at, status, amount, currency, language, team
    FROM cases WHERE case_ref = ${ref} LIMIT 1`);
  return rows[0] ? { ...rows[0], id: Number(rows[0].id) } : null;
}

/** How many identifiers of each kind a case holds (never the identifiers). */
export async function identifierCounts(db: Db, caseId: number): Promise<Record<IdentifierKind, number>> {
  const rows = await db.all<{ kind: IdentifierKind; n: number }>(sql`
    SELECT kind, count(*) AS n FROM case_identifiers WHERE case_id = ${caseId} GROUP BY kind`);
  const counts: Record<IdentifierKind, number> = { handle: 0, email: 0, phone: 0 };
  for (const r of rows) counts[r.kind] = Number(r.n);
  return counts;
}

export async function actionsOfCase(db: Db, caseId: number) {
  return db.all<{ at: number; channel: string; action_type: string; team: string | null; agent: string | null; outcome: string | null }>(sql`
    SELECT at, channel, action_type, team, agent, outcome FROM case_actions WHERE case_id = ${caseId} ORDER BY at, id`);
}

export interface LinkedMentionRow {
  mention_id: number;
  published_at: number;
  sentiment_label: string | null;
  sentiment_score: number | null;
  tactics: string | null;
  method: LinkMethod;
  confidence: number;
  status: LinkStatus;
  created_by: number | null;
  created_at: number;
  confirmed_by: number | null;
  confirmed_at: number | null;
}

export async function linkedMentionsOfCase(db: Db, caseId: number): Promise<LinkedMentionRow[]> {
  return db.all<LinkedMentionRow>(sql`
    SELECT l.mention_id, m.published_at, a.sentiment_label, a.sentiment_score, a.tactics, l.method, l.confidence,
           l.status, l.created_by, l.created_at, l.confirmed_by, l.confirmed_at
    FROM mention_case_links l JOIN mentions m ON m.id = l.mention_id
    LEFT JOIN mention_analysis a ON a.mention_id = m.id
    WHERE l.case_id = ${caseId} ORDER BY m.published_at, m.id`);
}

export async function getLink(db: Db, caseId: number, mentionId: number): Promise<LinkedMentionRow | null> {
  const rows = await linkedMentionsOfCase(db, caseId);
  return rows.find((r) => Number(r.mention_id) === mentionId) ?? null;
}

export async function mentionExists(db: Db, mentionId: number): Promise<boolean> {
  const rows = await db.all<{ id: number }>(sql`SELECT id FROM mentions WHERE id = ${mentionId}`);
  return rows.length > 0;
}

/** A person's link: confirmed at once. An existing suggestion becomes a confirmed manual link. */
export async function upsertManualLink(db: Db, l: { caseId: number; mentionId: number; userId: number; now: number }) {
  await db.run(sql`
    INSERT INTO mention_case_links (mention_id, case_id, method, confidence, status, created_by, created_at, confirmed_by, confirmed_at)
    VALUES (${l.mentionId}, ${l.caseId}, 'manual', 1, 'confirmed', ${l.userId}, ${l.now}, ${l.userId}, ${l.now})
    ON CONFLICT (mention_id, case_id) DO UPDATE SET status = 'confirmed', confirmed_by = ${l.userId}, confirmed_at = ${l.now}`);
}

export async function confirmLink(db: Db, l: { caseId: number; mentionId: number; userId: number; now: number }) {
  await db.run(sql`
    UPDATE mention_case_links SET status = 'confirmed', confirmed_by = ${l.userId}, confirmed_at = ${l.now}
    WHERE case_id = ${l.caseId} AND mention_id = ${l.mentionId}`);
}

export async function deleteLink(db: Db, caseId: number, mentionId: number) {
  await db.run(sql`DELETE FROM mention_case_links WHERE case_id = ${caseId} AND mention_id = ${mentionId}`);
}

/** The cases a mention is linked to (for roles that may see case data). */
export async function linksOfMention(db: Db, mentionId: number) {
  const rows = await db.all<{ ref: string; method: LinkMethod; confidence: number; status: LinkStatus }>(sql`
    SELECT c.case_ref AS ref, l.method, l.confidence, l.status FROM mention_case_links l
    JOIN cases c ON c.id = l.case_id WHERE l.mention_id = ${mentionId} ORDER BY c.case_ref`);
  return rows.map((r) => ({ ...r, confidence: Number(r.confidence) }));
}

// ---- Erasure and retention -------------------------------------------------------------------------------

const countOf = async (db: Db, query: ReturnType<typeof sql>) => Number((await db.all<{ n: number }>(query))[0]?.n ?? 0);

/** Erases a case with its identifiers, links and actions, in one batch; returns what was removed (counts). */
export async function eraseCase(db: Db, caseId: number) {
  const counts = {
    identifiers: await countOf(db, sql`SELECT count(*) AS n FROM case_identifiers WHERE case_id = ${caseId}`),
    links: await countOf(db, sql`SELECT count(*) AS n FROM mention_case_links WHERE case_id = ${caseId}`),
    actions: await countOf(db, sql`SELECT count(*) AS n FROM case_actions WHERE case_id = ${caseId}`),
    cases: 1,
  };
  await db.batch([
    db.run(sql`DELETE FROM case_identifiers WHERE case_id = ${caseId}`),
    db.run(sql`DELETE FROM mention_case_links WHERE case_id = ${caseId}`),
    db.run(sql`DELETE FROM case_actions WHERE case_id = ${caseId}`),
    db.run(sql`DELETE FROM cases WHERE id = ${caseId}`),
  ]);
  return counts;
}

/** Stored mentions whose author, as a handle (lower-case, no leading "@"), is `handle`. */
const byAuthor = (handle: string) => sql`lower(ltrim(trim(author), '@')) = ${handle}`;

/**
 * Erases an author: the identifier hashes on every case, the links of the author's mentions and the mentions
 * themselves (with their analyses), in one batch; returns counts.
 */
export async function eraseAuthor(db: Db, a: { handle: string; hashes: string[] }) {
  const hashes = JSON.stringify(a.hashes);
  const mentionIds = sql`SELECT id FROM mentions WHERE ${byAuthor(a.handle)}`;
  const counts = {
    identifiers: await countOf(db, sql`SELECT count(*) AS n FROM case_identifiers WHERE hash IN (SELECT value FROM json_each(${hashes}))`),
    links: await countOf(db, sql`SELECT count(*) AS n FROM mention_case_links WHERE mention_id IN (${mentionIds})`),
    mentions: await countOf(db, sql`SELECT count(*) AS n FROM mentions WHERE ${byAuthor(a.handle)}`),
  };
  await db.batch([
    db.run(sql`DELETE FROM case_identifiers WHERE hash IN (SELECT value FROM json_each(${hashes}))`),
    db.run(sql`DELETE FROM mention_case_links WHERE mention_id IN (${mentionIds})`),
    db.run(sql`DELETE FROM mention_analysis WHERE mention_id IN (${mentionIds})`),
    db.run(sql`DELETE FROM mentions WHERE ${byAuthor(a.handle)}`),
  ]);
  return counts;
}

/**
 * Retention: removes mentions published before `cutoff` (with their analyses and links), case links created
 * before it and audit entries written before it, in one batch; returns counts.
 */
export async function pruneBefore(db: Db, cutoff: number) {
  const oldMentions = sql`SELECT id FROM mentions WHERE published_at < ${cutoff}`;
  const counts = {
    mentions: await countOf(db, sql`SELECT count(*) AS n FROM mentions WHERE published_at < ${cutoff}`),
    case_links: await countOf(db, sql`SELECT count(*) AS n FROM mention_case_links WHERE created_at < ${cutoff} OR mention_id IN (${oldMentions})`),
    audit_entries: await countOf(db, sql`SELECT count(*) AS n FROM audit_log WHERE at < ${cutoff}`),
  };
  await db.batch([
    db.run(sql`DELETE FROM mention_case_links WHERE created_at < ${cutoff} OR mention_id IN (${oldMentions})`),
    db.run(sql`DELETE FROM mention_analysis WHERE mention_id IN (${oldMentions})`),
    db.run(sql`DELETE FROM mentions WHERE published_at < ${cutoff}`),
    db.run(sql`DELETE FROM audit_log WHERE at < ${cutoff}`),
  ]);
  return counts;
}
