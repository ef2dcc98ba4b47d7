// Creditor-clients as the cases name them, and their settings (the case-reference format).
import { sql } from 'drizzle-orm';
import type { Db } from '../client.ts';

export interface CreditorRow {
  creditor: string;
  cases: number;
  ref_format: string | null;
  updated_at: number | null;
  updated_by: number | null;
}

/** Every creditor named by a case or holding a setting, with its case count and format, by name. */
export async function listCreditors(db: Db): Promise<CreditorRow[]> {
  const rows = await db.all<CreditorRow>(sql`
    SELECT n.creditor, coalesce(c.n, 0) AS cases, s.ref_format, s.updated_at, s.updated_by
    FROM (SELECT creditor FROM cases UNION SELECT creditor FROM creditor_settings) n
    LEFT JOIN (SELECT creditor, count(*) AS n FROM cases GROUP BY creditor) c ON c.creditor = n.creditor
    LEFT JOIN creditor_settings s ON s.creditor = n.creditor
    ORDER BY n.creditor`);
  return rows.map((r) => ({
    ...r,
    cases: Number(r.cases),
    updated_at: r.updated_at === null ? null : Number(r.updated_at),
    updated_by: r.updated_by === null ? null : Number(r.updated_by),
  }));
}

/** Whether any case names this creditor. */
export async function creditorHasCases(db: Db, creditor: string): Promise<boolean> {
  const rows = await db.all<{ one: number }>(sql`SELECT 1 AS one FROM cases WHERE creditor = ${creditor} LIMIT 1`);
  return rows.length > 0;
}

/** Creditor → reference format, for the creditors that have one. */
export async function creditorFormats(db: Db): Promise<Map<string, string>> {
  const rows = await db.all<{ creditor: string; ref_format: string }>(sql`SELECT creditor, ref_format FROM creditor_settings`);
  return new Map(rows.map((r) => [r.creditor, r.ref_format]));
}

/** Sets a creditor's reference format, or clears it (null). */
export async function setCreditorFormat(db: Db, s: { creditor: string; format: string | null; userId: number | null; now: number }) {
  if (s.format === null) {
    await db.run(sql`DELETE FROM creditor_settings WHERE creditor = ${s.creditor}`);
    return;
  }
  await db.run(sql`
    INSERT INTO creditor_settings (creditor, ref_format, updated_at, updated_by) VALUES (${s.creditor}, ${s.format}, ${s.now}, ${s.userId})
    ON CONFLICT (creditor) DO UPDATE SET ref_format = excluded.ref_format, updated_at = excluded.updated_at, updated_by = excluded.updated_by`);
}

/** Mentions whose analysis cites the digits of one of this creditor's cases (any age). */
export async function mentionIdsCitingCreditor(db: Db, creditor: string): Promise<number[]> {
  const rows = await db.all<{ id: number }>(sql`
    SELECT DISTINCT r.mention_id AS id FROM cases c CROSS JOIN mention_case_refs r ON r.digits = c.ref_digits
    WHERE c.creditor = ${creditor} AND c.ref_digits <> ''`);
  return rows.map((r) => Number(r.id));
}

/** Mentions already linked to one of this creditor's cases by a suggested case reference. */
export async function mentionIdsSuggestedForCreditor(db: Db, creditor: string): Promise<number[]> {
  const rows = await db.all<{ id: number }>(sql`
    SELECT DISTINCT l.mention_id AS id FROM cases c CROSS JOIN mention_case_links l ON l.case_id = c.id
    WHERE c.creditor = ${creditor} AND l.status = 'suggested' AND l.method = 'case_ref'`);
  return rows.map((r) => Number(r.id));
}

/** Mentions published at or after `since`, by id. */
export async function mentionIdsSince(db: Db, since: number): Promise<number[]> {
  const rows = await db.all<{ id: number }>(sql`SELECT id FROM mentions WHERE published_at >= ${since}`);
  return rows.map((r) => Number(r.id));
}
