// Mention–case links: the lookups automatic linking runs (by cited reference, author hash, words), the suggestions
// it stores, and the links people make, confirm and remove. Reads the cases and case_identifiers tables directly;
// case import and case writes live in cases.ts, what a case's page shows in case-view.ts.
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import type { LinkMethod } from '../schema/constants.ts';
import { chunks, countOf } from './bulk.ts';

/** The distinct mention ids `query` finds for the values, one statement per chunk of them. */
async function mentionIdsByChunk(db: Db, parts: string[][], query: (part: string[]) => SQL): Promise<number[]> {
  const ids = new Set<number>();
  for (const part of parts) {
    for (const r of await db.all<{ id: number }>(query(part))) ids.add(Number(r.id));
  }
  return [...ids];
}

/** Mentions whose analysis cites one of these references (digits only), for linking cases imported later. */
export async function mentionIdsCitingRefs(db: Db, digits: string[]): Promise<number[]> {
  return mentionIdsByChunk(
    db,
    chunks([...new Set(digits)]),
    (part) => sql`
    SELECT DISTINCT r.mention_id AS id FROM json_each(${JSON.stringify(part)}) j
    CROSS JOIN mention_case_refs r ON r.digits = j.value`,
  );
}

/** Mentions whose author has one of these keyed hashes (mention_author_hashes), for linking cases imported later. */
export async function mentionIdsByAuthorHashes(db: Db, hashes: string[]): Promise<number[]> {
  return mentionIdsByChunk(
    db,
    chunks([...new Set(hashes)]),
    (part) => sql`
    SELECT DISTINCT h.mention_id AS id FROM json_each(${JSON.stringify(part)}) j
    CROSS JOIN mention_author_hashes h ON h.hash = j.value`,
  );
}

/**
 * Mentions whose title or text holds one of these words, through the full-text index (mentions_fts): how a
 * reference written without a cue word is found for a case imported later. Words are letters and digits only.
 */
export async function mentionIdsWithWords(db: Db, words: string[]): Promise<number[]> {
  const safe = [...new Set(words.map((w) => w.toLowerCase()).filter((w) => /^[\p{L}\p{N}]+$/u.test(w)))];
  return mentionIdsByChunk(db, chunks(safe, 100), (part) => {
    const query = part.map((w) => `"${w}"`).join(' OR ');
    return sql`SELECT rowid AS id FROM mentions_fts WHERE mentions_fts MATCH ${query}`;
  });
}

/** A case reference the analyser found: its digits and the number as written ("4051-2377"). */
export interface CitedRef {
  digits: string;
  written: string;
}

/** What linking needs of a stored mention: its author, its text and the case references the analyser found. */
export async function mentionsForLinking(db: Db, ids: number[]) {
  const out: { id: number; author: string | null; title: string | null; text: string; refs: CitedRef[] }[] = [];
  for (const part of chunks(ids)) {
    const rows = await db.all<{ id: number; author: string | null; title: string | null; text: string; refs: string | null }>(sql`
      SELECT m.id, m.author, m.title, m.text,
             (SELECT json_group_array(json_array(r.digits, r.written)) FROM mention_case_refs r WHERE r.mention_id = m.id) AS refs
      FROM json_each(${JSON.stringify(part)}) j
      CROSS JOIN mentions m ON m.id = j.value`);
    for (const r of rows) {
      const refs = (r.refs ? (JSON.parse(r.refs) as [string, string][]) : []).map(([digits, written]) => ({ digits, written }));
      out.push({ id: Number(r.id), author: r.author, title: r.title, text: r.text, refs });
    }
  }
  return out;
}

/** A case a reference may point at: what linking weighs it by (its creditor's format, its reference). */
export interface RefCandidate {
  caseId: number;
  digits: string;
  caseRef: string;
  creditor: string;
}

/**
 * Cases whose reference, digits only, equals one of `digits` ("LV-40512377" and "40512377" both match
 * "40512377"), through the index on cases.ref_digits.
 */
export async function casesByRefDigits(db: Db, digits: string[]): Promise<RefCandidate[]> {
  const wanted = [...new Set(digits.filter((d) => /^\d+$/.test(d)))];
  const out: RefCandidate[] = [];
  for (const part of chunks(wanted)) {
    const rows = await db.all<{ id: number; case_ref: string; creditor: string; ref_digits: string }>(sql`
      SELECT c.id, c.case_ref, c.creditor, c.ref_digits FROM json_each(${JSON.stringify(part)}) j
      CROSS JOIN cases c ON c.ref_digits = j.value`);
    for (const r of rows) out.push({ caseId: Number(r.id), digits: r.ref_digits, caseRef: r.case_ref, creditor: r.creditor });
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

// A person's confirmation or manual link is never overwritten; a suggestion only gains a more confident method.
const SUGGESTION_UPSERT = sql.raw(`ON CONFLICT (mention_id, case_id) DO UPDATE SET method = excluded.method, confidence = excluded.confidence
      WHERE mention_case_links.status = 'suggested' AND mention_case_links.method <> 'manual'
        AND excluded.confidence > mention_case_links.confidence`);

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
      ${SUGGESTION_UPSERT}`);
    created += (await countLinks(db)) - before;
  }
  return created;
}

/**
 * Statements that store the suggested links of mentions written in the same batch, found by their key (they
 * have no id until the batch runs), with the same rules as upsertSuggestedLinks.
 */
export function suggestedLinkStatementsByKey(db: Db, sourceId: number, links: (Omit<SuggestedLink, 'mentionId'> & { externalKey: string })[], now: number) {
  return chunks(links).map((part) =>
    db.run(sql`
      INSERT INTO mention_case_links (mention_id, case_id, method, confidence, status, created_at)
      SELECT m.id, json_extract(j.value, '$.c'), json_extract(j.value, '$.k'), json_extract(j.value, '$.p'), 'suggested', ${now}
      FROM json_each(${JSON.stringify(part.map((l) => ({ e: l.externalKey, c: l.caseId, k: l.method, p: l.confidence })))}) j
      CROSS JOIN mentions m ON m.source_id = ${sourceId} AND m.external_key = json_extract(j.value, '$.e')
      WHERE true
      ${SUGGESTION_UPSERT}`),
  );
}

/**
 * Brings the suggestions of these mentions to one creditor's cases in line with a fresh reading (after the
 * creditor's reference format changed): suggested case-reference links the reading no longer gives are removed,
 * the others take the fresh method and confidence (up or down), new ones are added; links to other creditors'
 * cases are left as they are. Confirmed and manual links
 * are never touched. Returns how many links were added and removed.
 */
export async function reconcileCreditorLinks(
  db: Db,
  o: { creditor: string; mentionIds: number[]; fresh: SuggestedLink[]; now: number },
): Promise<{ added: number; removed: number }> {
  let added = 0;
  let removed = 0;
  const fresh = new Map<number, SuggestedLink[]>();
  for (const l of o.fresh) fresh.set(l.mentionId, [...(fresh.get(l.mentionId) ?? []), l]);
  for (const ids of chunks(o.mentionIds)) {
    const links = ids.flatMap((id) => fresh.get(id) ?? []);
    const freshJson = JSON.stringify(links.map((l) => ({ m: l.mentionId, c: l.caseId, k: l.method, p: l.confidence })));
    const stale = sql`
      FROM mention_case_links l
      WHERE l.mention_id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))
        AND l.status = 'suggested' AND l.method = 'case_ref'
        AND l.case_id IN (SELECT id FROM cases WHERE creditor = ${o.creditor})
        AND NOT EXISTS (SELECT 1 FROM json_each(${freshJson}) f
                        WHERE json_extract(f.value, '$.m') = l.mention_id AND json_extract(f.value, '$.c') = l.case_id)`;
    const before = await countLinks(db);
    const gone = await countOf(db, sql`SELECT count(*) AS n ${stale}`);
    await db.batch([
      db.run(sql`DELETE FROM mention_case_links WHERE id IN (SELECT l.id ${stale})`),
      db.run(sql`
        INSERT INTO mention_case_links (mention_id, case_id, method, confidence, status, created_at)
        SELECT json_extract(j.value, '$.m'), json_extract(j.value, '$.c'), json_extract(j.value, '$.k'),
               json_extract(j.value, '$.p'), 'suggested', ${o.now}
        FROM json_each(${freshJson}) j
        WHERE json_extract(j.value, '$.c') IN (SELECT id FROM cases WHERE creditor = ${o.creditor})
        ON CONFLICT (mention_id, case_id) DO UPDATE SET method = excluded.method, confidence = excluded.confidence
        WHERE mention_case_links.status = 'suggested' AND mention_case_links.method <> 'manual'`),
    ]);
    added += (await countLinks(db)) - before + gone;
    removed += gone;
  }
  return { added, removed };
}

const countLinks = (db: Db) => countOf(db, sql`SELECT count(*) AS n FROM mention_case_links`);

// ---- People's links ---------------------------------------------------------------------------------------

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
