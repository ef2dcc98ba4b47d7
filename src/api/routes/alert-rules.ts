import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { deleteRule, getRule, insertRule, listRules, updateRule } from '../../../db/queries/alerts.ts';
import { audit } from '../../../db/queries/users.ts';
import { RULE_KINDS } from '../../../db/schema/constants.ts';
import type { AlertRule } from '../../../db/schema/alerts.ts';
import { conflict, notFound } from '../../core/errors.ts';
import { checkedRuleParams, RULE_TITLES } from '../../core/alerts/rule-kinds.ts';
import type { AppEnv } from '../env.ts';
import { validationHook } from '../errors.ts';
import { bearerAuth, requirePermission } from '../middleware/auth.ts';
import { listWithLegacyKey, wholeList } from '../list-envelope.ts';
import { errors, IdParam, json } from '../schemas.ts';

// Alert rules: per-mention rules and anomaly detectors, each kind with its own settings.

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

const RuleSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    kind: z.enum(RULE_KINDS),
    description: z.string(),
    enabled: z.boolean(),
    params: z.record(z.string(), z.unknown()),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('AlertRule');

const ruleJson = (r: AlertRule): z.infer<typeof RuleSchema> => ({
  id: r.id, name: r.name, kind: r.kind, description: RULE_TITLES[r.kind], enabled: r.enabled, params: r.params,
  created_at: iso(r.createdAt)!, updated_at: iso(r.updatedAt)!,
});

const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
app.use('*', bearerAuth);

app.openapi(
  createRoute({
    method: 'get',
    path: '/',
    summary: 'Alert rules',
    middleware: [requirePermission('alerts:read')] as const,
    responses: { 200: json(listWithLegacyKey(RuleSchema, 'rules'), 'Rules'), ...errors(401, 403) },
  }),
  async (c) => c.json(wholeList((await listRules(c.get('deps').db)).map(ruleJson), 'rules'), 200),
);

const NewRule = z
  .object({
    name: z.string().trim().min(1).max(120),
    kind: z.enum(RULE_KINDS),
    enabled: z.boolean().default(true),
    params: z.record(z.string(), z.unknown()).optional().openapi({ description: 'Settings of the kind; left out: its defaults' }),
  })
  .strict();

app.openapi(
  createRoute({
    method: 'post',
    path: '/',
    summary: 'Add an alert rule',
    middleware: [requirePermission('alerts:configure')] as const,
    request: { body: { content: { 'application/json': { schema: NewRule } }, required: true } },
    responses: { 201: json(RuleSchema, 'The rule'), ...errors(400, 401, 403, 409) },
  }),
  async (c) => {
    const deps = c.get('deps');
    const b = c.req.valid('json');
    const now = deps.clock.now();
    const rule = await insertRule(deps.db, { name: b.name, kind: b.kind, enabled: b.enabled, params: checkedRuleParams(b.kind, b.params), now });
    if (!rule) throw conflict(`a rule named "${b.name}" exists`);
    await audit(deps.db, { at: now, actorUserId: c.get('user').id, action: 'alert_rule.create', target: `alert_rule:${rule.id}` });
    return c.json(ruleJson(rule), 201);
  },
);

const RuleChange = z
  .object({ name: z.string().trim().min(1).max(120).optional(), enabled: z.boolean().optional(), params: z.record(z.string(), z.unknown()).optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'give at least one of name, enabled, params');

app.openapi(
  createRoute({
    method: 'patch',
    path: '/{id}',
    summary: 'Change a rule: rename, turn on or off, new settings',
    middleware: [requirePermission('alerts:configure')] as const,
    request: { params: IdParam, body: { content: { 'application/json': { schema: RuleChange } }, required: true } },
    responses: { 200: json(RuleSchema, 'The rule'), ...errors(400, 401, 403, 404) },
  }),
  async (c) => {
    const deps = c.get('deps');
    const { id } = c.req.valid('param');
    const b = c.req.valid('json');
    const current = await getRule(deps.db, id);
    if (!current) throw notFound('alert rule');
    const now = deps.clock.now();
    const rule = await updateRule(deps.db, id, { ...b, ...(b.params ? { params: checkedRuleParams(current.kind, b.params) } : {}) }, now);
    await audit(deps.db, { at: now, actorUserId: c.get('user').id, action: 'alert_rule.update', target: `alert_rule:${id}`, details: { fields: Object.keys(b) } });
    return c.json(ruleJson(rule!), 200);
  },
);

app.openapi(
  createRoute({
    method: 'delete',
    path: '/{id}',
    summary: 'Delete a rule (its alerts stay)',
    middleware: [requirePermission('alerts:configure')] as const,
    request: { params: IdParam },
    responses: { 204: { description: 'Deleted' }, ...errors(400, 401, 403, 404) },
  }),
  async (c) => {
    const deps = c.get('deps');
    const { id } = c.req.valid('param');
    if (!(await deleteRule(deps.db, id))) throw notFound('alert rule');
    await audit(deps.db, { at: deps.clock.now(), actorUserId: c.get('user').id, action: 'alert_rule.delete', target: `alert_rule:${id}` });
    return c.body(null, 204);
  },
);

export default app;
