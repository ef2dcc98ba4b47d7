import { mentionExists, upsertManualLink } from '../../../db/queries/case-links.ts';
import { getLink, type LinkedMentionRow } from '../../../db/queries/case-view.ts';
import { recordAudit } from '../../core/audit.ts';
import type { Deps } from '../../core/deps.ts';
import { notFound } from '../../core/errors.ts';
import { type Actor, authorize, readInput } from '../actor.ts';
import { caseOrNotFound } from './find-case.ts';
import { LinkMention, type LinkMentionInput } from './schemas.ts';

/** Links a mention to a case by hand: confirmed at once, by the actor (a suggestion already there becomes confirmed). */
export async function linkMention(deps: Deps, actor: Actor, ref: string, input: LinkMentionInput): Promise<LinkedMentionRow> {
  authorize(actor, 'cases:write');
  const { mention_id: mentionId } = readInput(LinkMention, input);
  const kase = await caseOrNotFound(deps.db, ref);
  if (!(await mentionExists(deps.db, mentionId))) throw notFound('mention');
  await upsertManualLink(deps.db, { caseId: kase.id, mentionId, userId: actor.id, now: deps.clock.now() });
  await recordAudit(deps, actor.id, 'case.link', { caseRef: kase.case_ref, mentionId });
  return (await getLink(deps.db, kase.id, mentionId))!;
}
