// Mention–case links, case views and personal-data handling (erasure, retention). Reads the cases and
// case_identifiers tables directly; case import and case writes live in cases.ts.
import { sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { runBatch } from '../client.ts';
import type { IdentifierKind, LinkMethod, LinkStatus } from '../schema/constants.ts';

/** Values per JSON parameter (one statement each): well under D1's per-statement limits. */
const CHUNK = 500;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Mentions whose analysis cites one of these references (digits only), for linking cases imported later. */
export async function mentionIdsCitingRefs(db: Db, digits: string[]): Promise<number[]> {
  const ids = new Set<number>();
  for (const part of chunks([...new Set(digits)])) {
    const rows = await db.all<{ id: number }>(sql`
      SELECT DISTINCT r.mention_id AS id FROM json_each(${JSON.stringify(part)}) j
      CROSS JOIN mention_case_refs r ON r.digits = j.value`);
    for (const r of rows) ids.add(Number(r.id));
  }
  return [...ids];
}

/** Mentions whose author has one of these keyed hashes (mention_author_hashes), for linking cases imported later. */
export async function mentionIdsByAuthorHashes(db: Db, hashes: string[]): Promise<number[]> {
  const ids = new Set<number>();
  for (const part of chunks([...new Set(hashes)])) {
    const rows = await db.all<{ id: number }>(sql`
      SELECT DISTINCT h.mention_id AS id FROM json_each(${JSON.stringify(part)}) j
      CROSS JOIN mention_author_hashes h ON h.hash = j.value`);
    for (const r of rows) ids.add(Number(r.id));
  }
  return [...ids];
}

/**
 * Mentions whose title or text holds one of these words, through the full-text index (mentions_fts): how a
 * reference written without a cue word is found for a case imported later. Words are letters and digits only.
 */
export async function mentionIdsWithWords(db: Db, words: string[]): Promise<number[]> {
  const ids = new Set<number>();
  const safe = [...new Set(words.map((w) => w.toLowerCase()).filter((w) => /^[\p{L}\p{N}]+$/u.test(w)))];
  for (const part of chunks(safe, 100)) {
    const query = part.map((w) => `"${w}"`).join(' OR ');
    const rows = await db.all<{ id: number }>(sql`SELECT rowid AS id FROM mentions_fts WHERE mentions_fts MATCH ${query}`);
    for (const r of rows) ids.add(Number(r.id));
  }
  return [...ids];
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

/**
 * Statements (for the batch that stores mentions) replacing the author hashes of these mentions of a source, found
 * by external key: run after the mentions are written.
 */
export function authorHashStatements(db: Db, sourceId: number, rows: { externalKey: string; hashes: string[] }[]) {
  return chunks(rows).flatMap((part) => {
    const json = JSON.stringify(part.map((r) => ({ k: r.externalKey, h: r.hashes })));
    return [
      db.run(sql`
        DELETE FROM mention_author_hashes WHERE mention_id IN (
          SELECT m.id FROM json_each(${json}) j CROSS JOIN mentions m ON m.source_id = ${sourceId} AND m.external_key = json_extract(j.value, '$.k'))`),
      db.run(sql`
        INSERT OR IGNORE INTO mention_author_hashes (mention_id, hash)
        SELECT m.id, h.value FROM json_each(${json}) j
        CROSS JOIN mentions m ON m.source_id = ${sourceId} AND m.external_key = json_extract(j.value, '$.k')
        CROSS JOIN json_each(j.value, '$.h') h`),
    ];
  });
}

/** Adds author hashes of stored mentions by id (the back-fill). */
export async function insertAuthorHashes(db: Db, rows: { mentionId: number; hashes: string[] }[]): Promise<void> {
  const statements = chunks(rows.filter((r) => r.hashes.length)).map((part) =>
    db.run(sql`
      INSERT OR IGNORE INTO mention_author_hashes (mention_id, hash)
      SELECT json_extract(j.value, '$.m'), h.value FROM json_each(${JSON.stringify(part.map((r) => ({ m: r.mentionId, h: r.hashes })))}) j
      CROSS JOIN json_each(j.value, '$.h') h`),
  );
  await runBatch(db, statements);
}

/** Stored mentions with an author after `afterId`, in id order (the back-fill's walk). */
export async function authorsAfter(db: Db, afterId: number, limit: number) {
  const rows = await db.all<{ id: number; author: string }>(sql`
    SELECT id, author FROM mentions WHERE id > ${afterId} AND author IS NOT NULL ORDER BY id LIMIT ${limit}`);
  return rows.map((r) => ({ id: Number(r.id), author: r.author }));
}

export async function backfillCursor(db: Db, name: string): Promise<number> {
  const rows = await db.all<{ last_id: number }>(sql`SELECT last_id FROM backfill_cursors WHERE name = ${name}`);
  return Number(rows[0]?.last_id ?? 0);
}

export async function setBackfillCursor(db: Db, name: string, lastId: number, now: number): Promise<void> {
  await db.run(sql`
    INSERT INTO backfill_cursors (name, last_id, updated_at) VALUES (${name}, ${lastId}, ${now})
    ON CONFLICT (name) DO UPDATE SET last_id = excluded.last_id, updated_at = excluded.updated_at`);
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
    const gone = Number((await db.all<{ n: number }>(sql`SELECT count(*) AS n ${stale}`))[0]?.n ?? 0);
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

/**
 * Whether a mention is linked to a case that its own words cite (by reference or reference format): all that roles
 * without case data are told. A link by the author's identity, or by hand for a mention that cites no reference,
 * would tell them that the author is a debtor.
 */
export async function linkedByReference(db: Db, mentionId: number): Promise<boolean> {
  const rows = await db.all<{ id: number }>(sql`
    SELECT l.id FROM mention_case_links l JOIN cases c ON c.id = l.case_id
    WHERE l.mention_id = ${mentionId}
      AND (l.method = 'case_ref' OR EXISTS (SELECT 1 FROM mention_case_refs r WHERE r.mention_id = l.mention_id AND r.digits = c.ref_digits))
    LIMIT 1`);
  return rows.length > 0;
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

/** What staff wrote about a person who is erased: kept as an event (who, when), without the words. */
const ERASED_TEXT = '(erased on request)';

/** Statements redacting the notes on these alerts (a JSON array of ids) and the reasons given for raising them by hand. */
function redactAlertStatements(db: Db, alertIds: string) {
  return [
    db.run(sql`UPDATE alert_events SET detail = json_object('note', ${ERASED_TEXT})
               WHERE type = 'note' AND alert_id IN (SELECT value FROM json_each(${alertIds}))`),
    db.run(sql`UPDATE alerts SET reasons = json_array(${ERASED_TEXT})
               WHERE rule_kind = 'manual' AND id IN (SELECT value FROM json_each(${alertIds}))`),
  ];
}

const countRedactions = async (db: Db, alertIds: string) => ({
  alert_notes: await countOf(db, sql`SELECT count(*) AS n FROM alert_events WHERE type = 'note' AND alert_id IN (SELECT value FROM json_each(${alertIds}))`),
  alert_reasons: await countOf(db, sql`SELECT count(*) AS n FROM alerts WHERE rule_kind = 'manual' AND id IN (SELECT value FROM json_each(${alertIds}))`),
});

/**
 * Erases a case with its identifiers, links and actions, and redacts the notes on its alerts, in one batch; returns
 * what was removed (counts).
 */
export async function eraseCase(db: Db, caseId: number) {
  const alertIds = JSON.stringify((await db.all<{ id: number }>(sql`SELECT id FROM alerts WHERE case_id = ${caseId}`)).map((r) => Number(r.id)));
  const counts = {
    identifiers: await countOf(db, sql`SELECT count(*) AS n FROM case_identifiers WHERE case_id = ${caseId}`),
    links: await countOf(db, sql`SELECT count(*) AS n FROM mention_case_links WHERE case_id = ${caseId}`),
    actions: await countOf(db, sql`SELECT count(*) AS n FROM case_actions WHERE case_id = ${caseId}`),
    cases: 1,
    alert_notes: (await countRedactions(db, alertIds)).alert_notes,
  };
  await runBatch(db, [
    ...redactAlertStatements(db, alertIds),
    db.run(sql`DELETE FROM case_identifiers WHERE case_id = ${caseId}`),
    db.run(sql`DELETE FROM mention_case_links WHERE case_id = ${caseId}`),
    db.run(sql`DELETE FROM case_actions WHERE case_id = ${caseId}`),
    db.run(sql`DELETE FROM cases WHERE id = ${caseId}`),
  ]);
  return counts;
}

/** Stored mentions with an author but no author key (stored before migration 0010) after `afterId`, in id order. */
export async function authorsWithoutKey(db: Db, afterId: number, limit: number) {
  const rows = await db.all<{ id: number; author: string }>(sql`
    SELECT id, author FROM mentions WHERE author_key IS NULL AND author IS NOT NULL AND id > ${afterId} ORDER BY id LIMIT ${limit}`);
  return rows.map((r) => ({ id: Number(r.id), author: r.author }));
}

export async function setAuthorKeys(db: Db, rows: { id: number; key: string }[]): Promise<void> {
  await runBatch(
    db,
    chunks(rows).map((part) =>
      db.run(sql`
        UPDATE mentions SET author_key = json_extract(j.value, '$.k')
        FROM json_each(${JSON.stringify(part.map((r) => ({ i: r.id, k: r.key })))}) j
        WHERE mentions.id = json_extract(j.value, '$.i')`),
    ),
  );
}

/**
 * Erases an author, in one batch: the identifier hashes on every case and on every mention, the author's mentions
 * (by `mentions.author_key`, with their links, analyses and cited references), the notes on alerts about those
 * mentions and the reasons given for raising them by hand, and, for an e-mail address, the digest sends to it.
 * Returns counts. Run `fillAuthorKeys` first, so mentions stored before author keys are found too.
 */
export async function eraseAuthor(db: Db, a: { key: string; hashes: string[]; email: string | null }) {
  const hashes = JSON.stringify(a.hashes);
  const mentionIds = sql`SELECT id FROM mentions WHERE author_key = ${a.key}`;
  const alertIds = JSON.stringify(
    (await db.all<{ id: number }>(sql`SELECT DISTINCT alert_id AS id FROM alert_mentions WHERE mention_id IN (${mentionIds})`)).map((r) => Number(r.id)),
  );
  const counts = {
    identifiers: await countOf(db, sql`SELECT count(*) AS n FROM case_identifiers WHERE hash IN (SELECT value FROM json_each(${hashes}))`),
    links: await countOf(db, sql`SELECT count(*) AS n FROM mention_case_links WHERE mention_id IN (${mentionIds})`),
    mentions: await countOf(db, sql`SELECT count(*) AS n FROM mentions WHERE author_key = ${a.key}`),
    ...(await countRedactions(db, alertIds)),
    digest_sends: await countOf(db, sql`SELECT count(*) AS n FROM digest_sends WHERE lower(email) = ${a.email}`),
  };
  await db.batch([
    // FTS5 keeps a deleted row's words in its index until segments merge; secure-delete (a setting stored with the
    // index, SQLite 3.44+) removes them with the row, from now on.
    db.run(sql`INSERT INTO mentions_fts (mentions_fts, rank) VALUES ('secure-delete', 1)`),
    db.run(sql`DELETE FROM case_identifiers WHERE hash IN (SELECT value FROM json_each(${hashes}))`),
    ...redactAlertStatements(db, alertIds),
    db.run(sql`DELETE FROM alert_mentions WHERE mention_id IN (${mentionIds})`),
    db.run(sql`UPDATE alerts SET mention_count = (SELECT count(*) FROM alert_mentions WHERE alert_id = alerts.id)
               WHERE id IN (SELECT value FROM json_each(${alertIds}))`),
    db.run(sql`DELETE FROM mention_case_links WHERE mention_id IN (${mentionIds})`),
    // The author's keyed hashes on any mention (also one whose author was written another way), and the rows of
    // the mentions that go.
    db.run(sql`DELETE FROM mention_author_hashes WHERE hash IN (SELECT value FROM json_each(${hashes})) OR mention_id IN (${mentionIds})`),
    db.run(sql`DELETE FROM mention_case_refs WHERE mention_id IN (${mentionIds})`),
    db.run(sql`DELETE FROM mention_analysis WHERE mention_id IN (${mentionIds})`),
    db.run(sql`DELETE FROM mentions WHERE author_key = ${a.key}`),
    db.run(sql`DELETE FROM digest_sends WHERE lower(email) = ${a.email}`),
  ]);
  return counts;
}

/**
 * Retention: removes mentions published before `cutoff` (with their analyses, cited references, author hashes
 * and links), case links created
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
    db.run(sql`DELETE FROM mention_author_hashes WHERE mention_id IN (${oldMentions})`),
    db.run(sql`DELETE FROM mention_case_refs WHERE mention_id IN (${oldMentions})`),
    db.run(sql`DELETE FROM mention_analysis WHERE mention_id IN (${oldMentions})`),
    db.run(sql`DELETE FROM mentions WHERE published_at < ${cutoff}`),
    db.run(sql`DELETE FROM audit_log WHERE at < ${cutoff}`),
  ]);
  return counts;
}
