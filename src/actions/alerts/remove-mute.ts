import { deleteMute } from '../../../db/queries/alerts.ts';
import { recordAudit } from '../../core/audit.ts';
import type { Deps } from '../../core/deps.ts';
import { notFound } from '../../core/errors.ts';
import { type Actor, authorize } from '../actor.ts';

/** Removes a mute: its findings raise alerts again. */
export async function removeAlertMute(deps: Deps, actor: Actor, id: number): Promise<void> {
  authorize(actor, 'alerts:configure');
  if (!(await deleteMute(deps.db, id))) throw notFound('mute');
  await recordAudit(deps, actor.id, 'alert_mute.delete', { muteId: id });
}
