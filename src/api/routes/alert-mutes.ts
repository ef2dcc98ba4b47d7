import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { listMutes } from '../../../db/queries/alerts.ts';
import { RULE_KINDS, SOURCE_KINDS } from '../../../db/schema/constants.ts';
import type { alertMutes } from '../../../db/schema/alerts.ts';
import { createAlertMute } from '../../actions/alerts/create-mute.ts';
import { removeAlertMute } from '../../actions/alerts/remove-mute.ts';
import { NewMute } from '../../actions/alerts/schemas.ts';
import type { AppEnv } from '../env.ts';
import { validationHook } from '../errors.ts';
import { bearerAuth, requirePermission } from '../middleware/auth.ts';
import { listWithLegacyKey, wholeList } from '../list-envelope.ts';
import { errors, json } from '../schemas.ts';
import { deleteById } from '../delete-route.ts';

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

const muteJson = (m: typeof alertMutes.$inferSelect): z.infer<typeof MuteSchema> => ({
  id: m.id,
  rule_kind: m.ruleKind,
  market: m.market,
  source_kind: m.sourceKind,
  until: iso(m.until),
  reason: m.reason,
  created_at: iso(m.createdAt)!,
});

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
    return c.json(wholeList(rows.map(muteJson), 'mutes'), 200);
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
  async (c) => c.json(muteJson(await createAlertMute(c.get('deps'), c.get('user'), c.req.valid('json'))), 201),
);

deleteById(mutes, { summary: 'Remove a mute', permission: 'alerts:configure', answer: 'Removed' }, removeAlertMute);

export default mutes;
