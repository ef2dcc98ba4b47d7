import { type CaseListRow, listCases as listCaseRows } from '../../../db/queries/case-list.ts';
import { recordAudit } from '../../core/audit.ts';
import { decodeCursor, encodeCursor } from '../../core/cursor.ts';
import type { Deps } from '../../core/deps.ts';
import { badRequest } from '../../core/errors.ts';
import { type Actor, authorize, readInput } from '../actor.ts';
import { CaseListQuery, type CaseListQueryInput } from './schemas.ts';

export interface CaseList {
  items: CaseListRow[];
  next_cursor: string | null;
}

/**
 * A page of cases, the most recently opened first, filtered by creditor, team, status, linked complaints and any
 * written form of a reference. Case references are personal data: the listing is audited with its filters.
 */
export async function listCases(deps: Deps, actor: Actor, input: CaseListQueryInput): Promise<CaseList> {
  authorize(actor, 'cases:read');
  const q = readInput(CaseListQuery, input);
  const cursor = q.cursor ? decodeCursor(q.cursor) : null;
  if (q.cursor && !cursor) throw badRequest('cursor: not a cursor this API issued');
  const filters = { creditor: q.creditor || undefined, team: q.team || undefined, status: q.status, withComplaints: q.with_complaints === 'true', ref: q.ref || undefined };
  const page = await listCaseRows(deps.db, filters, { limit: q.limit, cursor: cursor && { openedAt: cursor.publishedAt, id: cursor.id } });
  const used = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== false)) as Record<string, string | boolean>;
  await recordAudit(deps, actor.id, 'case.list', { filters: used, shown: page.items.length });
  return {
    items: page.items,
    next_cursor: page.nextCursor ? encodeCursor({ publishedAt: page.nextCursor.openedAt, id: page.nextCursor.id }) : null,
  };
}
