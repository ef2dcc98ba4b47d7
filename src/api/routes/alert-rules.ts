import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { listRules } from '../../../db/queries/alerts.ts';
import { RULE_KINDS } from '../../../db/schema/constants.ts';
import type { AlertRule } from '../../../db/schema/alerts.ts';
import { createAlertRule } from '../../actions/alerts/create-rule.ts';
import { removeAlertRule } from '../../actions/alerts/remove-rule.ts';
import { NewRule, RuleChange } from '../../actions/alerts/schemas.ts';
import { updateAlertRule } from '../../actions/alerts/update-rule.ts';
import { RULE_TITLES } from '../../core/alerts/rule-kinds.ts';
import type { AppEnv } from '../env.ts';
import { validationHook } from '../errors.ts';
import { bearerAuth, requirePermission } from '../middleware/auth.ts';
import { listWithLegacyKey, wholeList } from '../list-envelope.ts';
import { errors, IdParam, json } from '../schemas.ts';
import { deleteById } from '../delete-route.ts';

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
  id: r.id,
  name: r.name,
  kind: r.kind,
  description: RULE_TITLES[r.kind],
  enabled: r.enabled,
  params: r.params,
  created_at: iso(r.createdAt)!,
  updated_at: iso(r.updatedAt)!,
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

app.openapi(
  createRoute({
    method: 'post',
    path: '/',
    summary: 'Add an alert rule',
    middleware: [requirePermission('alerts:configure')] as const,
    request: { body: { content: { 'application/json': { schema: NewRule } }, required: true } },
    responses: { 201: json(RuleSchema, 'The rule'), ...errors(400, 401, 403, 409) },
  }),
  async (c) => c.json(ruleJson(await createAlertRule(c.get('deps'), c.get('user'), c.req.valid('json'))), 201),
);

app.openapi(
  createRoute({
    method: 'patch',
    path: '/{id}',
    summary: 'Change a rule: rename, turn on or off, new settings',
    middleware: [requirePermission('alerts:configure')] as const,
    request: { params: IdParam, body: { content: { 'application/json': { schema: RuleChange } }, required: true } },
    responses: { 200: json(RuleSchema, 'The rule'), ...errors(400, 401, 403, 404) },
  }),
  async (c) => c.json(ruleJson(await updateAlertRule(c.get('deps'), c.get('user'), c.req.valid('param').id, c.req.valid('json'))), 200),
);

deleteById(app, { summary: 'Delete a rule (its alerts stay)', permission: 'alerts:configure' }, removeAlertRule);

export default app;
