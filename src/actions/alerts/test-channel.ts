import { getChannel } from '../../../db/queries/alerts.ts';
import { sendTestNotification } from '../../core/alerts/notify.ts';
import { recordAudit } from '../../core/audit.ts';
import type { Deps } from '../../core/deps.ts';
import { notFound } from '../../core/errors.ts';
import { type Actor, authorize } from '../actor.ts';

/** Sends a test notification through a channel now and says what happened, in words; audited with the outcome. */
export async function testNotificationChannel(deps: Deps, actor: Actor, id: number): Promise<{ ok: true } | { ok: false; reason: string }> {
  authorize(actor, 'alerts:configure');
  const channel = await getChannel(deps.db, id);
  if (!channel) throw notFound('notification channel');
  const outcome = await sendTestNotification(deps, channel);
  await recordAudit(deps, actor.id, 'notification_channel.test', { channelId: id, ok: outcome.ok });
  return outcome;
}
