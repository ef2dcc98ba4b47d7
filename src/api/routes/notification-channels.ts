import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { deleteChannel, getChannel, insertChannel, listChannels, updateChannel } from '../../../db/queries/alerts.ts';
import { audit } from '../../../db/queries/users.ts';
import { CHANNEL_KINDS, SEVERITIES } from '../../../db/schema/constants.ts';
import type { NotificationChannel } from '../../../db/schema/alerts.ts';
import { conflict, notFound } from '../../core/errors.ts';
import { CHANNEL_SECRETS, validateAndSealChannelConfig } from '../../core/alerts/channels.ts';
import { maskSecrets } from '../../core/secrets.ts';
import type { AppEnv } from '../env.ts';
import { validationHook } from '../errors.ts';
import { bearerAuth, requirePermission } from '../middleware/auth.ts';
import { listWithLegacyKey, wholeList } from '../list-envelope.ts';
import { errors, IdParam, json } from '../schemas.ts';

// Where alert notifications go: e-mail (to addresses and/or everyone with given roles), a signed webhook, or a
// Slack-compatible incoming webhook. URLs and secrets are sealed at rest and shown as "********".

const iso = (ms: number) => new Date(Number(ms)).toISOString();

const ChannelSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    kind: z.enum(CHANNEL_KINDS),
    config: z.record(z.string(), z.unknown()).openapi({ description: 'email: {to, roles}; webhook: {url, secret}; slack: {url}. Secrets masked.' }),
    min_severity: z.enum(SEVERITIES),
    enabled: z.boolean(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('NotificationChannel');

const channelJson = (c: NotificationChannel): z.infer<typeof ChannelSchema> => ({
  id: c.id, name: c.name, kind: c.kind, config: maskSecrets(c.config, CHANNEL_SECRETS[c.kind]), min_severity: c.minSeverity, enabled: c.enabled,
  created_at: iso(c.createdAt), updated_at: iso(c.updatedAt),
});

const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
app.use('*', bearerAuth);

app.openapi(
  createRoute({
    method: 'get',
    path: '/',
    summary: 'Notification channels',
    middleware: [requirePermission('alerts:configure')] as const,
    responses: { 200: json(listWithLegacyKey(ChannelSchema, 'channels'), 'Channels'), ...errors(401, 403) },
  }),
  async (c) => c.json(wholeList((await listChannels(c.get('deps').db)).map(channelJson), 'channels'), 200),
);

/** A new channel; the dashboard's channel form is held to it too. */
export const NewChannel = z
  .object({
    name: z.string().trim().min(1).max(120),
    kind: z.enum(CHANNEL_KINDS),
    config: z.record(z.string(), z.unknown()),
    min_severity: z.enum(SEVERITIES).default('medium'),
    enabled: z.boolean().default(true),
  })
  .strict();

app.openapi(
  createRoute({
    method: 'post',
    path: '/',
    summary: 'Add a notification channel',
    middleware: [requirePermission('alerts:configure')] as const,
    request: { body: { content: { 'application/json': { schema: NewChannel } }, required: true } },
    responses: { 201: json(ChannelSchema, 'The channel'), ...errors(400, 401, 403, 409) },
  }),
  async (c) => {
    const deps = c.get('deps');
    const b = c.req.valid('json');
    const now = deps.clock.now();
    const config = await validateAndSealChannelConfig(deps, b.kind, b.config);
    const channel = await insertChannel(deps.db, { name: b.name, kind: b.kind, config, minSeverity: b.min_severity, enabled: b.enabled, createdAt: now, updatedAt: now });
    if (!channel) throw conflict(`a channel named "${b.name}" exists`);
    await audit(deps.db, { at: now, actorUserId: c.get('user').id, action: 'notification_channel.create', target: `notification_channel:${channel.id}` });
    return c.json(channelJson(channel), 201);
  },
);

const ChannelChange = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    config: z.record(z.string(), z.unknown()).optional(),
    min_severity: z.enum(SEVERITIES).optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'give at least one of name, config, min_severity, enabled');

app.openapi(
  createRoute({
    method: 'patch',
    path: '/{id}',
    summary: 'Change a channel (send "********" for a secret to keep it)',
    middleware: [requirePermission('alerts:configure')] as const,
    request: { params: IdParam, body: { content: { 'application/json': { schema: ChannelChange } }, required: true } },
    responses: { 200: json(ChannelSchema, 'The channel'), ...errors(400, 401, 403, 404) },
  }),
  async (c) => {
    const deps = c.get('deps');
    const { id } = c.req.valid('param');
    const b = c.req.valid('json');
    const current = await getChannel(deps.db, id);
    if (!current) throw notFound('notification channel');
    const now = deps.clock.now();
    const channel = await updateChannel(deps.db, id, {
      ...(b.name !== undefined ? { name: b.name } : {}),
      ...(b.config ? { config: await validateAndSealChannelConfig(deps, current.kind, b.config, current.config) } : {}),
      ...(b.min_severity ? { minSeverity: b.min_severity } : {}),
      ...(b.enabled !== undefined ? { enabled: b.enabled } : {}),
      updatedAt: now,
    });
    await audit(deps.db, { at: now, actorUserId: c.get('user').id, action: 'notification_channel.update', target: `notification_channel:${id}`, details: { fields: Object.keys(b) } });
    return c.json(channelJson(channel!), 200);
  },
);

app.openapi(
  createRoute({
    method: 'delete',
    path: '/{id}',
    summary: 'Delete a channel (and its pending deliveries)',
    middleware: [requirePermission('alerts:configure')] as const,
    request: { params: IdParam },
    responses: { 204: { description: 'Deleted' }, ...errors(400, 401, 403, 404) },
  }),
  async (c) => {
    const deps = c.get('deps');
    const { id } = c.req.valid('param');
    if (!(await deleteChannel(deps.db, id))) throw notFound('notification channel');
    await audit(deps.db, { at: deps.clock.now(), actorUserId: c.get('user').id, action: 'notification_channel.delete', target: `notification_channel:${id}` });
    return c.body(null, 204);
  },
);

export default app;
