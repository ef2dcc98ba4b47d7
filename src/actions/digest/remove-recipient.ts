import { deleteRecipient } from '../../../db/queries/digest-delivery.ts';
import { recordAudit } from '../../core/audit.ts';
import type { Deps } from '../../core/deps.ts';
import { notFound } from '../../core/errors.ts';
import { type Actor, authorize } from '../actor.ts';

/** Stops the digest to an address. */
export async function removeRecipient(deps: Deps, actor: Actor, id: number): Promise<void> {
  authorize(actor, 'digest:configure');
  if (!(await deleteRecipient(deps.db, id))) throw notFound('recipient');
  await recordAudit(deps, actor.id, 'digest.recipient_remove', { recipientId: id });
}
