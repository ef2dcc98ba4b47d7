import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { STEP_RULE_KINDS } from '../../../db/schema/constants.ts';
import type { StepRule } from '../../../db/schema/index.ts';
import { exportAcceptedSteps, StepExportQuery } from '../../actions/steps/export.ts';
import { listNextStepRules, StepRuleChange, updateNextStepRule } from '../../actions/steps/update-rule.ts';
import { STEP_RULE_TITLES } from '../../core/steps/step-rules.ts';
import type { AppEnv } from '../env.ts';
import { validationHook } from '../errors.ts';
import { listOf, wholeList } from '../list-envelope.ts';
import { bearerAuth, requirePermission } from '../middleware/auth.ts';
import { errors, IdParam, json } from '../schemas.ts';

// Next steps: the rule table that proposes them, and the day's accepted steps for the collection system.

const StepRuleSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    kind: z.enum(STEP_RULE_KINDS),
    description: z.string(),
    enabled: z.boolean(),
    params: z.record(z.string(), z.unknown()),
    updated_at: z.string(),
  })
  .openapi('StepRule');

const ruleJson = (r: StepRule): z.infer<typeof StepRuleSchema> => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  description: STEP_RULE_TITLES[r.kind],
  enabled: r.enabled,
  params: r.params,
  updated_at: new Date(r.updatedAt).toISOString(),
});

const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
app.use('*', bearerAuth);

app.openapi(
  createRoute({
    method: 'get',
    path: '/rules',
    summary: 'The rules that propose next steps, with their settings',
    middleware: [requirePermission('cases:read')] as const,
    responses: { 200: json(listOf(StepRuleSchema), 'Rules'), ...errors(401, 403) },
  }),
  async (c) => c.json(wholeList((await listNextStepRules(c.get('deps'), c.get('user'))).map(ruleJson)), 200),
);

app.openapi(
  createRoute({
    method: 'patch',
    path: '/rules/{id}',
    summary: 'Turn a rule on or off, or change its settings (checked by its kind). Audited.',
    middleware: [requirePermission('cases:write')] as const,
    request: { params: IdParam, body: { content: { 'application/json': { schema: StepRuleChange } }, required: true } },
    responses: { 200: json(StepRuleSchema, 'The rule'), ...errors(400, 401, 403, 404) },
  }),
  async (c) => c.json(ruleJson(await updateNextStepRule(c.get('deps'), c.get('user'), c.req.valid('param').id, c.req.valid('json'))), 200),
);

app.openapi(
  createRoute({
    method: 'get',
    path: '/export',
    summary: "One UTC day's accepted steps as CSV or JSON Lines: case reference, step, reason code, due and accepted times. Audited.",
    middleware: [requirePermission('cases:read')] as const,
    request: { query: StepExportQuery },
    responses: {
      200: { description: 'The steps', content: { 'text/csv': { schema: z.string() }, 'application/x-ndjson': { schema: z.string() } } },
      ...errors(400, 401, 403),
    },
  }),
  async (c) => {
    const out = await exportAcceptedSteps(c.get('deps'), c.get('user'), c.req.valid('query'));
    return c.body(out.body, 200, { 'content-type': out.contentType, 'content-disposition': `attachment; filename="${out.filename}"` });
  },
);

export default app;
