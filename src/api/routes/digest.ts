import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { getDigestSettings, listRecipients, sendsOfWeek } from '../../../db/queries/digest-delivery.ts';
import { DIGEST_SEND_STATUSES, STAFF_ROLES } from '../../../db/schema/constants.ts';
import type { DigestRecipient } from '../../../db/schema/digest.ts';
import { addRecipient } from '../../actions/digest/add-recipient.ts';
import { previewDigest } from '../../actions/digest/preview.ts';
import { removeRecipient } from '../../actions/digest/remove-recipient.ts';
import { NewRecipient, PreviewQuery, RecipientChange, SettingsSchema, Week } from '../../actions/digest/schemas.ts';
import { updateDigestSettings } from '../../actions/digest/settings.ts';
import { changeRecipient } from '../../actions/digest/update-recipient.ts';
import { DIGEST_LANGUAGES } from '../../core/digest/build-digest.ts';
import { DEFAULT_SCHEDULE } from '../../core/digest/send-digests.ts';
import { formatIsoWeek, parseIsoWeek } from '../../core/digest/week.ts';
import type { AppEnv } from '../env.ts';
import { validationHook } from '../errors.ts';
import { bearerAuth, requirePermission } from '../middleware/auth.ts';
import { listWithLegacyKey, wholeList } from '../list-envelope.ts';
import { errors, IdParam, json } from '../schemas.ts';
import { deleteById } from '../delete-route.ts';

// The weekly digest: its schedule and sender, its recipients, what was sent, and a preview of any week.

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

const RecipientSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    name: z.string().nullable(),
    role: z.enum(STAFF_ROLES),
    time_zone: z.string(),
    language: z.enum(DIGEST_LANGUAGES),
    enabled: z.boolean(),
  })
  .openapi('DigestRecipient');

const recipientJson = (r: DigestRecipient): z.infer<typeof RecipientSchema> => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  time_zone: r.timeZone,
  language: r.language as (typeof DIGEST_LANGUAGES)[number],
  enabled: r.enabled,
});

const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
app.use('*', bearerAuth);

app.openapi(
  createRoute({
    method: 'get',
    path: '/settings',
    summary: 'The digest schedule (a cron expression in a time zone) and sender',
    middleware: [requirePermission('digest:configure')] as const,
    responses: { 200: json(SettingsSchema, 'Settings'), ...errors(401, 403) },
  }),
  async (c) => {
    const s = (await getDigestSettings(c.get('deps').db)) ?? DEFAULT_SCHEDULE;
    return c.json({ cron: s.cron, time_zone: s.timeZone, sender: s.sender, enabled: s.enabled }, 200);
  },
);

app.openapi(
  createRoute({
    method: 'put',
    path: '/settings',
    summary: 'Set the digest schedule and sender',
    middleware: [requirePermission('digest:configure')] as const,
    request: { body: { content: { 'application/json': { schema: SettingsSchema } }, required: true } },
    responses: { 200: json(SettingsSchema, 'Settings'), ...errors(400, 401, 403) },
  }),
  async (c) => {
    const s = await updateDigestSettings(c.get('deps'), c.get('user'), c.req.valid('json'));
    return c.json({ cron: s.cron, time_zone: s.timeZone, sender: s.sender, enabled: s.enabled }, 200);
  },
);

app.openapi(
  createRoute({
    method: 'get',
    path: '/recipients',
    summary: 'Digest recipients',
    middleware: [requirePermission('digest:configure')] as const,
    responses: { 200: json(listWithLegacyKey(RecipientSchema, 'recipients'), 'Recipients'), ...errors(401, 403) },
  }),
  async (c) => c.json(wholeList((await listRecipients(c.get('deps').db)).map(recipientJson), 'recipients'), 200),
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/recipients',
    summary: 'Add a digest recipient (the role shapes what the digest shows)',
    middleware: [requirePermission('digest:configure')] as const,
    request: { body: { content: { 'application/json': { schema: NewRecipient } }, required: true } },
    responses: { 201: json(RecipientSchema, 'The recipient'), ...errors(400, 401, 403, 409) },
  }),
  async (c) => c.json(recipientJson(await addRecipient(c.get('deps'), c.get('user'), c.req.valid('json'))), 201),
);

app.openapi(
  createRoute({
    method: 'patch',
    path: '/recipients/{id}',
    summary: 'Change a recipient',
    middleware: [requirePermission('digest:configure')] as const,
    request: { params: IdParam, body: { content: { 'application/json': { schema: RecipientChange } }, required: true } },
    responses: { 200: json(RecipientSchema, 'The recipient'), ...errors(400, 401, 403, 404) },
  }),
  async (c) => c.json(recipientJson(await changeRecipient(c.get('deps'), c.get('user'), c.req.valid('param').id, c.req.valid('json'))), 200),
);

deleteById(app, { path: '/recipients/{id}', summary: 'Remove a recipient', permission: 'digest:configure', answer: 'Removed' }, removeRecipient);

app.openapi(
  createRoute({
    method: 'get',
    path: '/sends',
    summary: "What became of a week's digests: sent, waiting to retry (with why), or failed",
    middleware: [requirePermission('digest:configure')] as const,
    request: { query: z.object({ week: Week }) },
    responses: {
      200: json(
        listWithLegacyKey(
          z.object({
            email: z.string(),
            role: z.enum(STAFF_ROLES),
            status: z.enum(DIGEST_SEND_STATUSES),
            attempts: z.number().int(),
            last_error: z.string().nullable(),
            sent_at: z.string().nullable(),
          }),
          'sends',
        ),
        'Sends',
      ),
      ...errors(400, 401, 403),
    },
  }),
  async (c) => {
    const rows = await sendsOfWeek(c.get('deps').db, formatIsoWeek(parseIsoWeek(c.req.valid('query').week)!));
    return c.json(
      wholeList(
        rows.map((r) => ({ email: r.email, role: r.role, status: r.status, attempts: r.attempts, last_error: r.lastError, sent_at: iso(r.sentAt) })),
        'sends',
      ),
      200,
    );
  },
);

app.openapi(
  createRoute({
    method: 'get',
    path: '/preview',
    summary: "A week's digest for a role, as it would be sent: subject, HTML and text",
    request: { query: PreviewQuery },
    responses: {
      200: json(z.object({ week: z.string(), role: z.enum(STAFF_ROLES), subject: z.string(), html: z.string(), text: z.string() }), 'The digest'),
      ...errors(400, 401, 403),
    },
  }),
  async (c) => c.json(await previewDigest(c.get('deps'), c.get('user'), c.req.valid('query'), new URL(c.req.url).origin), 200),
);

export default app;
