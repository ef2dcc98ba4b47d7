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

// ---- one creditor's customer-experience figures: counts only, always of one creditor's cases ----

export interface CreditorMentionCounts {
  /** Relevant mentions linked to the creditor's cases, published in the period. */
  relevant: number;
  negative: number;
  /** Of those, the ones with a sign of vulnerability. */
  vulnerable: number;
}

/** Relevant mentions about the creditor's customers (linked to its cases), each once, published in [from, to]. */
export async function creditorMentionCounts(db: Db, creditor: string, from: number, to: number): Promise<CreditorMentionCounts> {
  const [row] = await db.all<CreditorMentionCounts>(sql`
    SELECT count(*) AS relevant, coalesce(sum(a.sentiment_label = 'negative'), 0) AS negative,
           coalesce(sum(json_array_length(a.vulnerability) > 0), 0) AS vulnerable
    FROM (SELECT DISTINCT l.mention_id FROM cases c JOIN mention_case_links l ON l.case_id = c.id WHERE c.creditor = ${creditor}) x
    JOIN mentions m ON m.id = x.mention_id
    JOIN mention_analysis a ON a.mention_id = x.mention_id
    WHERE a.is_relevant = 1 AND m.published_at BETWEEN ${from} AND ${to}`);
  return { relevant: Number(row?.relevant ?? 0), negative: Number(row?.negative ?? 0), vulnerable: Number(row?.vulnerable ?? 0) };
}

/** The creditor's cases open at some time in [from, to] (opened by its end, not closed before its start), and those opened in it. */
export async function creditorCaseCounts(db: Db, creditor: string, from: number, to: number): Promise<{ cases: number; opened: number }> {
  const [row] = await db.all<{ cases: number; opened: number }>(sql`
    SELECT count(*) AS cases, coalesce(sum(opened_at >= ${from}), 0) AS opened FROM cases
    WHERE creditor = ${creditor} AND opened_at <= ${to} AND (closed_at IS NULL OR closed_at >= ${from})`);
  return { cases: Number(row?.cases ?? 0), opened: Number(row?.opened ?? 0) };
}

/** Next steps proposed on the creditor's cases in [from, to], per step and what became of them. */
export async function creditorStepCounts(db: Db, creditor: string, from: number, to: number): Promise<{ step: string; status: string; n: number }[]> {
  const rows = await db.all<{ step: string; status: string; n: number }>(sql`
    SELECT s.step, s.status, count(*) AS n FROM cases c JOIN case_steps s ON s.case_id = c.id
    WHERE c.creditor = ${creditor} AND s.created_at BETWEEN ${from} AND ${to}
    GROUP BY s.step, s.status`);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}
