// A creditor's case-reference format, stored and applied at once to the stored mentions it changes (see
// relinkCreditor). Who may set it, what a valid one is and the audit entry are the action's
// (src/actions/cases/reference-format.ts).
import { setCreditorFormat } from '../../../db/queries/creditors.ts';
import type { Deps } from '../deps.ts';
import { relinkCreditor } from './link-mentions.ts';

export interface FormatChange {
  creditor: string;
  format: string | null;
  relinked: { mentions: number; links_added: number; links_removed: number };
}

/** Stores a creditor's format (null clears it), by `actorUserId` (null: the system), and re-links its mentions. */
export async function setReferenceFormat(deps: Pick<Deps, 'db' | 'clock' | 'config'>, creditor: string, format: string | null, actorUserId: number | null): Promise<FormatChange> {
  await setCreditorFormat(deps.db, { creditor, format, userId: actorUserId, now: deps.clock.now() });
  const r = await relinkCreditor(deps, creditor);
  return { creditor, format, relinked: { mentions: r.mentions, links_added: r.added, links_removed: r.removed } };
}
