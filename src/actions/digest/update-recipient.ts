import { updateRecipient } from '../../../db/queries/digest-delivery.ts';
import type { DigestRecipient } from '../../../db/schema/digest.ts';
import { recordAudit } from '../../core/audit.ts';
import type { Deps } from '../../core/deps.ts';
import { notFound } from '../../core/errors.ts';
import { type Actor, authorize, readInput } from '../actor.ts';
import { RecipientChange, type RecipientChangeInput } from './schemas.ts';

/** Renames a recipient, gives them another role, time zone or language, or pauses or resumes their digest. */
export async function changeRecipient(deps: Deps, actor: Actor, id: number, input: RecipientChangeInput): Promise<DigestRecipient> {
  authorize(actor, 'digest:configure');
  const b = readInput(RecipientChange, input);
  const recipient = await updateRecipient(deps.db, id, { name: b.name, role: b.role, timeZone: b.time_zone, language: b.language, enabled: b.enabled }, deps.clock.now());
  if (!recipient) throw notFound('recipient');
  await recordAudit(deps, actor.id, 'digest.recipient_update', { recipientId: id, fields: Object.keys(b) });
  return recipient;
}
