// The case a reference names, as every case action looks it up, and how callers tell what was not found.
import { caseByRef, type CaseRow } from '../../../db/queries/case-view.ts';
import type { Db } from '../../../db/client.ts';
import { AppError, notFound } from '../../core/errors.ts';

/** What a case action may not find: the case, the mention to link, or the link to change. */
export type Missing = 'case' | 'mention' | 'link' | 'step';

export async function caseOrNotFound(db: Db, ref: string): Promise<CaseRow> {
  const found = await caseByRef(db, ref);
  if (!found) throw notFound('case');
  return found;
}

/** Whether `err` is a case action's NOT_FOUND for `what`, so a page can say which thing is missing in its own words. */
export function isNotFound(err: unknown, what: Missing): boolean {
  return err instanceof AppError && err.code === 'NOT_FOUND' && err.message === notFound(what).message;
}
