import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { STEP_CODES, STEP_RULE_KINDS } from '../../../db/schema/constants.ts';
import type { StepRule } from '../../../db/schema/index.ts';
import { readStepEffects, StepEffectsQuery } from '../../actions/steps/effects.ts';
import { exportAcceptedSteps, StepExportQuery } from '../../actions/steps/export.ts';
import { FOLLOW_UP_DAYS } from '../../core/steps/effect.ts';
import { listNextStepRules, StepRuleChange, updateNextStepRule } from '../../actions/steps/update-rule.ts';
import { STEP_RULE_TITLES } from '../../core/steps/step-rules.ts';
import type { AppEnv } from '../env.ts';
import { validationHook } from '../errors.ts';
import { listOf, wholeList } from '../list-envelope.ts';
import { bearerAuth, requirePermission } from '../middleware/auth.ts';
import { errors, IdParam, IntervalSchema, json } from '../schemas.ts';

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

const ArmSchema = z.object({ cases: z.number().int(), complaints: z.number().int(), rate_per_1000_cases: IntervalSchema, waiting: z.number().int() });

const StepEffectSchema = z
  .object({
    step: z.enum(STEP_CODES),
    applied: ArmSchema.openapi({ description: 'The cases the step was accepted on, from their acceptance' }),
    without: ArmSchema.openapi({ description: 'The cases it was proposed on and not taken, from their proposal' }),
    rate_ratio: IntervalSchema,
    verdict: z
      .enum(['fewer', 'more', 'unclear', 'too_few'])
      .openapi({ description: 'fewer/more: the interval of the ratio lies below/above 1; too_few: under 5 complaints in all' }),
  })
  .openapi('StepEffect');

app.openapi(
  createRoute({
    method: 'get',
    path: '/effects',
    summary: `Did it help? For each kind of step, complaints on its cases in the ${FOLLOW_UP_DAYS} days after it against the cases it was proposed on and not taken`,
    middleware: [requirePermission('analytics:read')] as const,
    request: { query: StepEffectsQuery },
    responses: { 200: json(listOf(StepEffectSchema), 'The effects, one per step'), ...errors(400, 401, 403) },
  }),
  async (c) => c.json(wholeList((await readStepEffects(c.get('deps'), c.get('user'), c.req.valid('query'))).effects), 200),
);

export default app;
