import { insertChannel } from '../../../db/queries/alerts.ts';
import type { NotificationChannel } from '../../../db/schema/alerts.ts';
import { validateAndSealChannelConfig } from '../../core/alerts/channels.ts';
import { recordAudit } from '../../core/audit.ts';
import type { Deps } from '../../core/deps.ts';
import { conflict } from '../../core/errors.ts';
import { type Actor, authorize, readInput } from '../actor.ts';
import { NewChannel, type NewChannelInput } from './schemas.ts';

/** Adds a notification channel; its URLs and secrets are checked, then sealed at rest. */
export async function createNotificationChannel(deps: Deps, actor: Actor, input: NewChannelInput): Promise<NotificationChannel> {
  authorize(actor, 'alerts:configure');
  const body = readInput(NewChannel, input);
  const config = await validateAndSealChannelConfig(deps, body.kind, body.config);
  const now = deps.clock.now();
  const channel = await insertChannel(deps.db, { name: body.name, kind: body.kind, config, minSeverity: body.min_severity, enabled: body.enabled, createdAt: now, updatedAt: now });
  if (!channel) throw conflict(`a channel named "${body.name}" exists`);
  await recordAudit(deps, actor.id, 'notification_channel.create', { channelId: channel.id });
  return channel;
}
