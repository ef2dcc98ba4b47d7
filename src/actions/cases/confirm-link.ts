import { confirmLink } from '../../../db/queries/case-links.ts';
import { getLink, type LinkedMentionRow } from '../../../db/queries/case-view.ts';
import { recordAudit } from '../../core/audit.ts';
import type { Deps } from '../../core/deps.ts';
import { notFound } from '../../core/errors.ts';
import { type Actor, authorize } from '../actor.ts';
import { caseOrNotFound } from './find-case.ts';

/** Confirms a link between a case and a mention (a suggestion, usually) as the actor's. */
export async function confirmCaseLink(deps: Deps, actor: Actor, ref: string, mentionId: number): Promise<LinkedMentionRow> {
  authorize(actor, 'cases:write');
  const kase = await caseOrNotFound(deps.db, ref);
  if (!(await getLink(deps.db, kase.id, mentionId))) throw notFound('link');
  await confirmLink(deps.db, { caseId: kase.id, mentionId, userId: actor.id, now: deps.clock.now() });
  await recordAudit(deps, actor.id, 'case.link_confirm', { caseRef: kase.case_ref, mentionId });
  return (await getLink(deps.db, kase.id, mentionId))!;
}
