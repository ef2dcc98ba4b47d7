import { deleteChannel } from '../../../db/queries/alerts.ts';
import { recordAudit } from '../../core/audit.ts';
import type { Deps } from '../../core/deps.ts';
import { notFound } from '../../core/errors.ts';
import { type Actor, authorize } from '../actor.ts';

/** Deletes a notification channel and its pending deliveries. */
export async function removeNotificationChannel(deps: Deps, actor: Actor, id: number): Promise<void> {
  authorize(actor, 'alerts:configure');
  if (!(await deleteChannel(deps.db, id))) throw notFound('notification channel');
  await recordAudit(deps, actor.id, 'notification_channel.delete', { channelId: id });
}
