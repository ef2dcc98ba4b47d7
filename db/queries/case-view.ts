// What a case's page shows (the case, its identifier counts, actions and linked mentions) and what a mention's
// page may show of its cases.
import { sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import type { IdentifierKind, LinkMethod, LinkStatus } from '../schema/constants.ts';

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
