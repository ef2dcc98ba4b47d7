// Cases and their collection actions as imported from the collection system (files or the API). Bulk writes go
// through one JSON parameter per chunk (json_each), so a batch of any size costs a few bound parameters (D1: 100).
import { sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { runBatch } from '../client.ts';
import type { IdentifierKind } from '../schema/constants.ts';
import { chunks, jsonRows } from './bulk.ts';

/** A case as written: every column the import sets, with its identifiers already hashed. */
export interface CaseWrite {
  caseRef: string;
  creditor: string;
  segment: string;
  country: string;
  openedAt: number;
  closedAt: number | null;
  status: string;
  amount: number | null;
  currency: string | null;
  language: string | null;
  team: string | null;
  rowHash: string;
  /** The case's whole set of identifier hashes: replaces what is stored. */
  identifiers: { kind: IdentifierKind; hash: string }[];
}

/** Stored cases under these refs: id and row hash. */
export async function casesByRef(db: Db, refs: string[]): Promise<Map<string, { id: number; rowHash: string }>> {
  const found = new Map<string, { id: number; rowHash: string }>();
  for (const part of chunks([...new Set(refs)])) {
    const rows = await db.all<{ id: number; case_ref: string; row_hash: string }>(sql`
      SELECT c.id, c.case_ref, c.row_hash FROM json_each(${JSON.stringify(part)}) j
      CROSS JOIN cases c ON c.case_ref = j.value`);
    for (const r of rows) found.set(r.case_ref, { id: r.id, rowHash: r.row_hash });
  }
  return found;
}

/**
 * Inserts new cases (with their reference's digits, cases.ref_digits) and updates changed ones (an unchanged row hash leaves the row alone), replacing the
 * identifier set of every case written. One atomic batch: a case never ends up without the identifiers it came with.
 */
export async function upsertCases(db: Db, rows: CaseWrite[], now: number): Promise<void> {
  const statements = chunks(rows).flatMap((part) => {
    const json = JSON.stringify(
      part.map((r) => ({
        r: r.caseRef,
        c: r.creditor,
        s: r.segment,
        co: r.country,
        o: r.openedAt,
        cl: r.closedAt,
        st: r.status,
        a: r.amount,
        cu: r.currency,
        l: r.language,
        t: r.team,
        h: r.rowHash,
        d: r.caseRef.replace(/\D/g, ''),
      })),
    );
    const refs = JSON.stringify(part.map((r) => r.caseRef));
    const identifiers = JSON.stringify(part.flatMap((r) => r.identifiers.map((i) => ({ r: r.caseRef, k: i.kind, h: i.hash }))));
    return [
      db.run(sql`
        WITH ${jsonRows(json)}
        INSERT INTO cases (case_ref, creditor, segment, country, opened_at, closed_at, status, amount, currency,
                           language, team, row_hash, ref_digits, created_at, updated_at)
        SELECT json_extract(j.value, '$.r'), json_extract(j.value, '$.c'), json_extract(j.value, '$.s'),
               json_extract(j.value, '$.co'), json_extract(j.value, '$.o'), json_extract(j.value, '$.cl'),
               json_extract(j.value, '$.st'), json_extract(j.value, '$.a'), json_extract(j.value, '$.cu'),
               json_extract(j.value, '$.l'), json_extract(j.value, '$.t'), json_extract(j.value, '$.h'),
               json_extract(j.value, '$.d'), ${now}, ${now}
        FROM j WHERE true
        ON CONFLICT (case_ref) DO UPDATE SET
          creditor = excluded.creditor, segment = excluded.segment, country = excluded.country,
          opened_at = excluded.opened_at, closed_at = excluded.closed_at, status = excluded.status,
          amount = excluded.amount, currency = excluded.currency, language = excluded.language, team = excluded.team,
          row_hash = excluded.row_hash, updated_at = excluded.updated_at
        WHERE cases.row_hash <> excluded.row_hash`),
      db.run(sql`
        DELETE FROM case_identifiers WHERE case_id IN (
          SELECT c.id FROM json_each(${refs}) j CROSS JOIN cases c ON c.case_ref = j.value)`),
      db.run(sql`
        INSERT OR IGNORE INTO case_identifiers (case_id, kind, hash)
        SELECT c.id, json_extract(j.value, '$.k'), json_extract(j.value, '$.h') FROM json_each(${identifiers}) j
        CROSS JOIN cases c ON c.case_ref = json_extract(j.value, '$.r')`),
    ];
  });
  await runBatch(db, statements);
}

/** An action as written: its case resolved, its identity key computed. */
export interface ActionWrite {
  caseId: number;
  at: number;
  channel: string;
  actionType: string;
  team: string | null;
  agent: string | null;
  outcome: string | null;
  actionKey: string;
}

/** Stored actions under these (case, key) pairs, with the fields an import may change. */
export async function actionsByKey(db: Db, keys: { caseId: number; actionKey: string }[]): Promise<Map<string, { team: string | null; outcome: string | null }>> {
  const found = new Map<string, { team: string | null; outcome: string | null }>();
  for (const part of chunks(keys)) {
    const rows = await db.all<{ case_id: number; action_key: string; team: string | null; outcome: string | null }>(sql`
      SELECT a.case_id, a.action_key, a.team, a.outcome FROM json_each(${JSON.stringify(part.map((k) => ({ c: k.caseId, k: k.actionKey })))}) j
      CROSS JOIN case_actions a ON a.case_id = json_extract(j.value, '$.c') AND a.action_key = json_extract(j.value, '$.k')`);
    for (const r of rows) found.set(`${r.case_id}:${r.action_key}`, { team: r.team, outcome: r.outcome });
  }
  return found;
}

/** Inserts new actions; one already stored (same case and key) only takes a changed team or outcome. */
export async function upsertActions(db: Db, rows: ActionWrite[], now: number): Promise<void> {
  const statements = chunks(rows).map((part) => {
    const json = JSON.stringify(part.map((r) => ({ c: r.caseId, at: r.at, ch: r.channel, ty: r.actionType, t: r.team, ag: r.agent, o: r.outcome, k: r.actionKey })));
    return db.run(sql`
      WITH ${jsonRows(json)}
      INSERT INTO case_actions (case_id, at, channel, action_type, team, agent, outcome, action_key, created_at)
      SELECT json_extract(j.value, '$.c'), json_extract(j.value, '$.at'), json_extract(j.value, '$.ch'),
             json_extract(j.value, '$.ty'), json_extract(j.value, '$.t'), json_extract(j.value, '$.ag'),
             json_extract(j.value, '$.o'), json_extract(j.value, '$.k'), ${now}
      FROM j WHERE true
      ON CONFLICT (case_id, action_key) DO UPDATE SET team = excluded.team, outcome = excluded.outcome
      WHERE case_actions.team IS NOT excluded.team OR case_actions.outcome IS NOT excluded.outcome`);
  });
  await runBatch(db, statements);
}
