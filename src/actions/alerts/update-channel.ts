import { getChannel, listChannels, updateChannel } from '../../../db/queries/alerts.ts';
import type { NotificationChannel } from '../../../db/schema/alerts.ts';
import { validateAndSealChannelConfig } from '../../core/alerts/channels.ts';
import { recordAudit } from '../../core/audit.ts';
import type { Deps } from '../../core/deps.ts';
import { conflict, notFound } from '../../core/errors.ts';
import { type Actor, authorize, readInput } from '../actor.ts';
import { ChannelChange, type ChannelChangeInput } from './schemas.ts';

/** Renames a channel, turns it on or off, changes its lowest severity or its settings ("********" keeps a secret). */
export async function updateNotificationChannel(deps: Deps, actor: Actor, id: number, input: ChannelChangeInput): Promise<NotificationChannel> {
  authorize(actor, 'alerts:configure');
  const body = readInput(ChannelChange, input);
  const current = await getChannel(deps.db, id);
  if (!current) throw notFound('notification channel');
  // Names are unique: a clash is the person's to resolve, not a database error.
  if (body.name && body.name !== current.name && (await listChannels(deps.db)).some((c) => c.name === body.name)) {
    throw conflict(`a channel named "${body.name}" exists`);
  }
  const channel = await updateChannel(deps.db, id, {
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.config ? { config: await validateAndSealChannelConfig(deps, current.kind, body.config, current.config) } : {}),
    ...(body.min_severity ? { minSeverity: body.min_severity } : {}),
    ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
    updatedAt: deps.clock.now(),
  });
  await recordAudit(deps, actor.id, 'notification_channel.update', { channelId: id, fields: Object.keys(body) });
  return channel!;
}
