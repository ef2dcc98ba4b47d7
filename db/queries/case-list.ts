// The case list (GET /api/cases, the Cases page): filters, lookup by any written form of a reference, keyset pages,
// the most recently opened first. Personal data: only roles with `cases:read` reach it, and the action audits it.
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import type { CaseStatus } from '../schema/constants.ts';

export interface CaseFilters {
  creditor?: string;
  team?: string;
  status?: CaseStatus;
  /** Only cases with at least one linked complaint (a negative, relevant mention). */
  withComplaints?: boolean;
  /**
   * A reference as people write it: its digits find every case whose reference's digits start with them
   * ("4051 2377", "LV-4051-2377" and "40512377" alike); without digits, the start of the reference itself.
   */
  ref?: string;
}

export interface CaseListRow {
  id: number;
  case_ref: string;
  creditor: string;
  segment: string;
  country: string;
  team: string | null;
  status: string;
  opened_at: number;
  actions: number;
  last_action_at: number | null;
  complaints: number;
}

export interface CaseCursor {
  openedAt: number;
  id: number;
}

/** Negative, relevant mentions linked to case `c`: what the Tactics page counts as its complaints. */
const complaintsOf = sql`
  SELECT l.mention_id FROM mention_case_links l CROSS JOIN mention_analysis a ON a.mention_id = l.mention_id
  WHERE l.case_id = c.id AND a.sentiment_label = 'negative' AND a.is_relevant = 1`;

function conditions(f: CaseFilters, cursor: CaseCursor | null | undefined): SQL[] {
  const where: SQL[] = [];
  if (f.creditor) where.push(sql`c.creditor = ${f.creditor}`);
  if (f.team) where.push(sql`c.team = ${f.team}`);
  if (f.status) where.push(sql`c.status = ${f.status}`);
  if (f.withComplaints) where.push(sql`EXISTS (${complaintsOf})`);
  const ref = f.ref?.trim();
  if (ref) {
    const digits = ref.replace(/\D/g, '');
    // A range on the digits' index: every string that starts with them (':' sorts right after '9').
    if (digits) where.push(sql`c.ref_digits >= ${digits} AND c.ref_digits < ${`${digits}:`}`);
    else where.push(sql`lower(c.case_ref) LIKE ${`${ref.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`} ESCAPE '\\'`);
  }
  if (cursor) where.push(sql`(c.opened_at < ${cursor.openedAt} OR (c.opened_at = ${cursor.openedAt} AND c.id < ${cursor.id}))`);
  return where;
}

export async function listCases(db: Db, f: CaseFilters, page: { limit: number; cursor?: CaseCursor | null }): Promise<{ items: CaseListRow[]; nextCursor: CaseCursor | null }> {
  const where = conditions(f, page.cursor);
  const rows = await db.all<CaseListRow>(sql`
    SELECT c.id, c.case_ref, c.creditor, c.segment, c.country, c.team, c.status, c.opened_at,
           (SELECT count(*) FROM case_actions WHERE case_id = c.id) AS actions,
           (SELECT max(at) FROM case_actions WHERE case_id = c.id) AS last_action_at,
           (SELECT count(DISTINCT mention_id) FROM (${complaintsOf})) AS complaints
    FROM cases c
    ${where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``}
    ORDER BY c.opened_at DESC, c.id DESC
    LIMIT ${page.limit + 1}`);
  const items = rows.slice(0, page.limit).map((r) => ({
    ...r,
    actions: Number(r.actions),
    complaints: Number(r.complaints),
    last_action_at: r.last_action_at === null ? null : Number(r.last_action_at),
  }));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > page.limit && last ? { openedAt: last.opened_at, id: last.id } : null };
}

/** Creditors and teams that cases have, for the list's filters. */
export async function caseFilterValues(db: Db): Promise<{ creditors: string[]; teams: string[] }> {
  const [creditors, teams] = await Promise.all([
    db.all<{ v: string }>(sql`SELECT DISTINCT creditor AS v FROM cases ORDER BY 1`),
    db.all<{ v: string }>(sql`SELECT DISTINCT team AS v FROM cases WHERE team IS NOT NULL ORDER BY 1`),
  ]);
  return { creditors: creditors.map((r) => r.v), teams: teams.map((r) => r.v) };
}
