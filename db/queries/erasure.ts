// Erasure on request (src/core/cases/erase.ts): a case, or an author with their mentions, each in one batch; what
// staff wrote about them is redacted, the events kept.
import { sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { runBatch } from '../client.ts';
import { chunks, countOf } from './bulk.ts';

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
export async function mentionAuthorsWithoutKey(db: Db, afterId: number, limit: number) {
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
