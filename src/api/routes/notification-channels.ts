import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { listChannels } from '../../../db/queries/alerts.ts';
import { CHANNEL_KINDS, SEVERITIES } from '../../../db/schema/constants.ts';
import type { NotificationChannel } from '../../../db/schema/alerts.ts';
import { createNotificationChannel } from '../../actions/alerts/create-channel.ts';
import { removeNotificationChannel } from '../../actions/alerts/remove-channel.ts';
import { testNotificationChannel } from '../../actions/alerts/test-channel.ts';
import { ChannelChange, NewChannel } from '../../actions/alerts/schemas.ts';
import { updateNotificationChannel } from '../../actions/alerts/update-channel.ts';
import { CHANNEL_SECRETS } from '../../core/alerts/channels.ts';
import { maskSecrets } from '../../core/secrets.ts';
import type { AppEnv } from '../env.ts';
import { validationHook } from '../errors.ts';
import { bearerAuth, requirePermission } from '../middleware/auth.ts';
import { listWithLegacyKey, wholeList } from '../list-envelope.ts';
import { errors, IdParam, json } from '../schemas.ts';
import { deleteById } from '../delete-route.ts';

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
  id: c.id,
  name: c.name,
  kind: c.kind,
  config: maskSecrets(c.config, CHANNEL_SECRETS[c.kind]),
  min_severity: c.minSeverity,
  enabled: c.enabled,
  created_at: iso(c.createdAt),
  updated_at: iso(c.updatedAt),
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

app.openapi(
  createRoute({
    method: 'post',
    path: '/',
    summary: 'Add a notification channel',
    middleware: [requirePermission('alerts:configure')] as const,
    request: { body: { content: { 'application/json': { schema: NewChannel } }, required: true } },
    responses: { 201: json(ChannelSchema, 'The channel'), ...errors(400, 401, 403, 409) },
  }),
  async (c) => c.json(channelJson(await createNotificationChannel(c.get('deps'), c.get('user'), c.req.valid('json'))), 201),
);

app.openapi(
  createRoute({
    method: 'patch',
    path: '/{id}',
    summary: 'Change a channel (send "********" for a secret to keep it)',
    middleware: [requirePermission('alerts:configure')] as const,
    request: { params: IdParam, body: { content: { 'application/json': { schema: ChannelChange } }, required: true } },
    responses: { 200: json(ChannelSchema, 'The channel'), ...errors(400, 401, 403, 404) },
  }),
  async (c) => c.json(channelJson(await updateNotificationChannel(c.get('deps'), c.get('user'), c.req.valid('param').id, c.req.valid('json'))), 200),
);

const TestOutcome = z.object({
  ok: z.boolean(),
  reason: z.string().optional().openapi({ description: 'Why the test did not get through, in words' }),
});

app.openapi(
  createRoute({
    method: 'post',
    path: '/{id}/test',
    summary: 'Send a test notification through the channel now (alert and delivery id 0), and say whether it got through',
    middleware: [requirePermission('alerts:configure')] as const,
    request: { params: IdParam },
    responses: { 200: json(TestOutcome, 'What happened'), ...errors(401, 403, 404) },
  }),
  async (c) => c.json(await testNotificationChannel(c.get('deps'), c.get('user'), c.req.valid('param').id), 200),
);

deleteById(app, { summary: 'Delete a channel (and its pending deliveries)', permission: 'alerts:configure' }, removeNotificationChannel);

export default app;
