import { deleteLink } from '../../../db/queries/case-links.ts';
import { getLink } from '../../../db/queries/case-view.ts';
import { recordAudit } from '../../core/audit.ts';
import type { Deps } from '../../core/deps.ts';
import { notFound } from '../../core/errors.ts';
import { type Actor, authorize } from '../actor.ts';
import { caseOrNotFound } from './find-case.ts';

/** Removes the link between a case and a mention, whoever or whatever made it. */
export async function unlinkMention(deps: Deps, actor: Actor, ref: string, mentionId: number): Promise<void> {
  authorize(actor, 'cases:write');
  const kase = await caseOrNotFound(deps.db, ref);
  if (!(await getLink(deps.db, kase.id, mentionId))) throw notFound('link');
  await deleteLink(deps.db, kase.id, mentionId);
  await recordAudit(deps, actor.id, 'case.unlink', { caseRef: kase.case_ref, mentionId });
}
