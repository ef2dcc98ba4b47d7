import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { deleteMute, insertMute, listMutes } from '../../../db/queries/alerts.ts';
import { audit } from '../../../db/queries/users.ts';
import { RULE_KINDS, SOURCE_KINDS } from '../../../db/schema/constants.ts';
import { badRequest, notFound } from '../../core/errors.ts';
import type { AppEnv } from '../env.ts';
import { validationHook } from '../errors.ts';
import { bearerAuth, requirePermission } from '../middleware/auth.ts';
import { listWithLegacyKey, wholeList } from '../list-envelope.ts';
import { errors, IdParam, json } from '../schemas.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

// Mutes: silence a rule kind, market or source kind for a while.

const MuteSchema = z
  .object({
    id: z.number().int(),
    rule_kind: z.enum(RULE_KINDS).nullable(),
    market: z.string().nullable(),
    source_kind: z.enum(SOURCE_KINDS).nullable(),
    until: z.string().nullable(),
    reason: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi('AlertMute');

/** A new mute; the dashboard's mute form is held to it too. */
export const NewMute = z
  .object({
    rule_kind: z.enum(RULE_KINDS).nullable().default(null),
    market: z.string().min(2).max(10).nullable().default(null),
    source_kind: z.enum(SOURCE_KINDS).nullable().default(null),
    until: z.iso.datetime({ offset: true }).nullable().default(null).openapi({ description: 'Null: until removed' }),
    reason: z.string().max(500).nullable().default(null),
  })
  .strict()
  .refine((m) => m.rule_kind || m.market || m.source_kind, 'give at least one of rule_kind, market, source_kind: a mute of everything is turning alerts off');

const mutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
mutes.use('*', bearerAuth);

mutes.openapi(
  createRoute({
    method: 'get',
    path: '/',
    summary: 'Mutes',
    middleware: [requirePermission('alerts:read')] as const,
    responses: { 200: json(listWithLegacyKey(MuteSchema, 'mutes'), 'Mutes'), ...errors(401, 403) },
  }),
  async (c) => {
    const rows = await listMutes(c.get('deps').db);
    return c.json(wholeList(rows.map((m) => ({ id: m.id, rule_kind: m.ruleKind, market: m.market, source_kind: m.sourceKind, until: iso(m.until), reason: m.reason, created_at: iso(m.createdAt)! })), 'mutes'), 200);
  },
);

mutes.openapi(
  createRoute({
    method: 'post',
    path: '/',
    summary: 'Mute findings of a rule kind, market and/or source kind (until a time, or until removed)',
    middleware: [requirePermission('alerts:configure')] as const,
    request: { body: { content: { 'application/json': { schema: NewMute } }, required: true } },
    responses: { 201: json(MuteSchema, 'The mute'), ...errors(400, 401, 403) },
  }),
  async (c) => {
    const deps = c.get('deps');
    const b = c.req.valid('json');
    const now = deps.clock.now();
    const until = b.until === null ? null : Date.parse(b.until);
    if (until !== null && until <= now) throw badRequest('until: must be in the future');
    const m = await insertMute(deps.db, { ruleKind: b.rule_kind, market: b.market, sourceKind: b.source_kind, until, reason: b.reason, createdBy: c.get('user').id, createdAt: now });
    await audit(deps.db, { at: now, actorUserId: c.get('user').id, action: 'alert_mute.create', target: `alert_mute:${m.id}` });
    return c.json({ id: m.id, rule_kind: m.ruleKind, market: m.market, source_kind: m.sourceKind, until: iso(m.until), reason: m.reason, created_at: iso(m.createdAt)! }, 201);
  },
);

mutes.openapi(
  createRoute({
    method: 'delete',
    path: '/{id}',
    summary: 'Remove a mute',
    middleware: [requirePermission('alerts:configure')] as const,
    request: { params: IdParam },
    responses: { 204: { description: 'Removed' }, ...errors(400, 401, 403, 404) },
  }),
  async (c) => {
    const deps = c.get('deps');
    const { id } = c.req.valid('param');
    if (!(await deleteMute(deps.db, id))) throw notFound('mute');
    await audit(deps.db, { at: deps.clock.now(), actorUserId: c.get('user').id, action: 'alert_mute.delete', target: `alert_mute:${id}` });
    return c.body(null, 204);
  },
);

export default mutes;
