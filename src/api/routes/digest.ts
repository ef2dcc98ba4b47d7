import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { deleteRecipient, getDigestSettings, getRecipient, insertRecipient, listRecipients, saveDigestSettings, sendsOfWeek, updateRecipient } from '../../../db/queries/digest-delivery.ts';
import { audit } from '../../../db/queries/users.ts';
import { DIGEST_SEND_STATUSES, ROLES, type Role } from '../../../db/schema/constants.ts';
import type { DigestRecipient } from '../../../db/schema/digest.ts';
import { can } from '../../core/auth/roles.ts';
import { buildDigest, DIGEST_LANGUAGES } from '../../core/digest/build-digest.ts';
import { renderDigest } from '../../core/digest/render-digest.ts';
import { parseCron } from '../../core/digest/schedule.ts';
import { coveredWeek, DEFAULT_SCHEDULE } from '../../core/digest/send-digests.ts';
import { formatIsoWeek, parseIsoWeek } from '../../core/digest/week.ts';
import { isValidTimeZone } from '../../core/time/zones.ts';
import { AppError, conflict, notFound } from '../../core/errors.ts';
import type { AppEnv } from '../env.ts';
import { validationHook } from '../errors.ts';
import { bearerAuth, requirePermission } from '../middleware/auth.ts';
import { listWithLegacyKey, wholeList } from '../list-envelope.ts';
import { errors, IdParam, json } from '../schemas.ts';

// The weekly digest: its schedule and sender, its recipients, what was sent, and a preview of any week.

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());
const TimeZone = z.string().refine(isValidTimeZone, { error: (i) => `"${String(i.input).slice(0, 60)}" is not a time zone (an IANA name like Europe/Riga)` });
const Week = z
  .string()
  .refine((w) => parseIsoWeek(w) !== null, 'an ISO week like 2026-W47')
  .openapi({ example: '2026-W47' });

/** The schedule and sender; the dashboard's forms are held to these schemas too. */
export const SettingsSchema = z
  .object({
    cron: z
      .string()
      .superRefine((c, ctx) => {
        const parsed = parseCron(c);
        if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed.replace(/^cron: /, '') });
      })
      .openapi({ example: '0 7 * * 1' }),
    time_zone: TimeZone.openapi({ example: 'Europe/Riga' }),
    sender: z.string().min(3).max(200).nullable().openapi({ description: 'From address; null: EARSHOT_MAIL_FROM' }),
    enabled: z.boolean(),
  })
  .openapi('DigestSettings');

const RecipientSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    name: z.string().nullable(),
    role: z.enum(ROLES),
    time_zone: z.string(),
    language: z.enum(DIGEST_LANGUAGES),
    enabled: z.boolean(),
  })
  .openapi('DigestRecipient');

const recipientJson = (r: DigestRecipient): z.infer<typeof RecipientSchema> => ({
  id: r.id, email: r.email, name: r.name, role: r.role, time_zone: r.timeZone, language: r.language as (typeof DIGEST_LANGUAGES)[number], enabled: r.enabled,
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
    const deps = c.get('deps');
    const b = c.req.valid('json');
    const now = deps.clock.now();
    const s = await saveDigestSettings(deps.db, { cron: b.cron.trim(), timeZone: b.time_zone, sender: b.sender, enabled: b.enabled, now });
    await audit(deps.db, { at: now, actorUserId: c.get('user').id, action: 'digest.settings', target: 'digest' });
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

export const NewRecipient = z
  .object({
    email: z.email(),
    name: z.string().trim().min(1).max(120).nullable().default(null),
    role: z.enum(ROLES),
    time_zone: TimeZone.default('UTC'),
    language: z.enum(DIGEST_LANGUAGES).default('en'),
    enabled: z.boolean().default(true),
  })
  .strict();

app.openapi(
  createRoute({
    method: 'post',
    path: '/recipients',
    summary: 'Add a digest recipient (the role shapes what the digest shows)',
    middleware: [requirePermission('digest:configure')] as const,
    request: { body: { content: { 'application/json': { schema: NewRecipient } }, required: true } },
    responses: { 201: json(RecipientSchema, 'The recipient'), ...errors(400, 401, 403, 409) },
  }),
  async (c) => {
    const deps = c.get('deps');
    const b = c.req.valid('json');
    const now = deps.clock.now();
    const r = await insertRecipient(deps.db, { email: b.email, name: b.name, role: b.role, timeZone: b.time_zone, language: b.language, enabled: b.enabled, now });
    if (!r) throw conflict('that address is a recipient already');
    await audit(deps.db, { at: now, actorUserId: c.get('user').id, action: 'digest.recipient_add', target: `digest_recipient:${r.id}` });
    return c.json(recipientJson(r), 201);
  },
);

const RecipientChange = z
  .object({
    name: z.string().trim().min(1).max(120).nullable().optional(),
    role: z.enum(ROLES).optional(),
    time_zone: TimeZone.optional(),
    language: z.enum(DIGEST_LANGUAGES).optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'give at least one of name, role, time_zone, language, enabled');

app.openapi(
  createRoute({
    method: 'patch',
    path: '/recipients/{id}',
    summary: 'Change a recipient',
    middleware: [requirePermission('digest:configure')] as const,
    request: { params: IdParam, body: { content: { 'application/json': { schema: RecipientChange } }, required: true } },
    responses: { 200: json(RecipientSchema, 'The recipient'), ...errors(400, 401, 403, 404) },
  }),
  async (c) => {
    const deps = c.get('deps');
    const { id } = c.req.valid('param');
    const b = c.req.valid('json');
    if (!(await getRecipient(deps.db, id))) throw notFound('recipient');
    const now = deps.clock.now();
    const r = await updateRecipient(deps.db, id, { name: b.name, role: b.role, timeZone: b.time_zone, language: b.language, enabled: b.enabled }, now);
    await audit(deps.db, { at: now, actorUserId: c.get('user').id, action: 'digest.recipient_update', target: `digest_recipient:${id}`, details: { fields: Object.keys(b) } });
    return c.json(recipientJson(r!), 200);
  },
);

app.openapi(
  createRoute({
    method: 'delete',
    path: '/recipients/{id}',
    summary: 'Remove a recipient',
    middleware: [requirePermission('digest:configure')] as const,
    request: { params: IdParam },
    responses: { 204: { description: 'Removed' }, ...errors(400, 401, 403, 404) },
  }),
  async (c) => {
    const deps = c.get('deps');
    const { id } = c.req.valid('param');
    if (!(await deleteRecipient(deps.db, id))) throw notFound('recipient');
    await audit(deps.db, { at: deps.clock.now(), actorUserId: c.get('user').id, action: 'digest.recipient_remove', target: `digest_recipient:${id}` });
    return c.body(null, 204);
  },
);

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
          z.object({ email: z.string(), role: z.enum(ROLES), status: z.enum(DIGEST_SEND_STATUSES), attempts: z.number().int(), last_error: z.string().nullable(), sent_at: z.string().nullable() }),
          'sends',
        ),
        'Sends',
      ),
      ...errors(400, 401, 403),
    },
  }),
  async (c) => {
    const rows = await sendsOfWeek(c.get('deps').db, formatIsoWeek(parseIsoWeek(c.req.valid('query').week)!));
    return c.json(wholeList(rows.map((r) => ({ email: r.email, role: r.role, status: r.status, attempts: r.attempts, last_error: r.lastError, sent_at: iso(r.sentAt) })), 'sends'), 200);
  },
);

const PreviewQuery = z.object({
  week: Week.optional().openapi({ description: 'Default: the week that just ended' }),
  role: z.enum(ROLES).optional().openapi({ description: "Default: your own role; another role's digest needs digest:configure" }),
  language: z.enum(DIGEST_LANGUAGES).default('en'),
  time_zone: TimeZone.default('UTC'),
});

/**
 * The digest a role gets for a week, as it would be sent. Everyone may see their own role's. Links point at
 * EARSHOT_PUBLIC_URL, else at the origin the preview was asked from.
 */
export async function digestPreview(deps: AppEnv['Variables']['deps'], viewer: Role, q: z.infer<typeof PreviewQuery>, origin: string) {
  const role = q.role ?? viewer;
  if (role !== viewer && !can(viewer, 'digest:configure')) throw new AppError('FORBIDDEN', `The ${viewer} role may preview only its own digest`);
  const week = q.week ? parseIsoWeek(q.week)! : coveredWeek(deps.clock.now(), q.time_zone);
  const digest = await buildDigest(deps, { week, role, timeZone: q.time_zone, language: q.language, baseUrl: deps.config.publicUrl ?? origin });
  return { week: formatIsoWeek(week), role, ...renderDigest(digest) };
}

app.openapi(
  createRoute({
    method: 'get',
    path: '/preview',
    summary: "A week's digest for a role, as it would be sent: subject, HTML and text",
    request: { query: PreviewQuery },
    responses: { 200: json(z.object({ week: z.string(), role: z.enum(ROLES), subject: z.string(), html: z.string(), text: z.string() }), 'The digest'), ...errors(400, 401, 403) },
  }),
  async (c) => c.json(await digestPreview(c.get('deps'), c.get('user').role, c.req.valid('query'), new URL(c.req.url).origin), 200),
);

export default app;
