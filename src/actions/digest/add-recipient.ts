import { insertRecipient } from '../../../db/queries/digest-delivery.ts';
import type { DigestRecipient } from '../../../db/schema/digest.ts';
import { recordAudit } from '../../core/audit.ts';
import type { Deps } from '../../core/deps.ts';
import { conflict } from '../../core/errors.ts';
import { type Actor, authorize, readInput } from '../actor.ts';
import { NewRecipient, type NewRecipientInput } from './schemas.ts';

/** Adds an address to the digest; the role it is given shapes what its digest shows. */
export async function addRecipient(deps: Deps, actor: Actor, input: NewRecipientInput): Promise<DigestRecipient> {
  authorize(actor, 'digest:configure');
  const b = readInput(NewRecipient, input);
  const recipient = await insertRecipient(deps.db, {
    email: b.email,
    name: b.name,
    role: b.role,
    timeZone: b.time_zone,
    language: b.language,
    enabled: b.enabled,
    now: deps.clock.now(),
  });
  if (!recipient) throw conflict('that address is a recipient already');
  await recordAudit(deps, actor.id, 'digest.recipient_add', { recipientId: recipient.id });
  return recipient;
}
