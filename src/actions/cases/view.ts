import { actionsOfCase, identifierCounts, linkedMentionsOfCase, type CaseRow, type LinkedMentionRow } from '../../../db/queries/case-view.ts';
import type { IdentifierKind } from '../../../db/schema/constants.ts';
import { type StepOnCase, stepsOfCase } from '../../../db/queries/steps.ts';
import { recordAudit } from '../../core/audit.ts';
import type { Deps } from '../../core/deps.ts';
import { type Actor, authorize } from '../actor.ts';
import { caseOrNotFound } from './find-case.ts';

export interface CaseView {
  kase: CaseRow;
  /** How many identifiers of each kind; never the identifiers. */
  identifiers: Record<IdentifierKind, number>;
  actions: Awaited<ReturnType<typeof actionsOfCase>>;
  links: LinkedMentionRow[];
  /** The next steps proposed on the case, open ones first. */
  steps: StepOnCase[];
}

/**
 * A case with its timeline and linked mentions. Reading a case is audited, since it is personal data; `via` names
 * where it was opened from (e.g. `alert:12`). A case that is not there is not audited.
 */
export async function viewCase(deps: Deps, actor: Actor, ref: string, opts: { via?: string } = {}): Promise<CaseView> {
  authorize(actor, 'cases:read');
  const kase = await caseOrNotFound(deps.db, ref);
  const [identifiers, actions, links, steps] = await Promise.all([
    identifierCounts(deps.db, kase.id),
    actionsOfCase(deps.db, kase.id),
    linkedMentionsOfCase(deps.db, kase.id),
    stepsOfCase(deps.db, kase.id),
  ]);
  await recordAudit(deps, actor.id, 'case.view', { caseRef: kase.case_ref, via: opts.via });
  return { kase, identifiers, actions, links, steps };
}
