import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { STEP_CODES } from '../../../db/schema/constants.ts';
import { CreditorFiguresQuery, readCreditorFigures } from '../../actions/creditors/figures.ts';
import { CreditorReportQuery, readCreditorReport } from '../../actions/creditors/report.ts';
import type { CreditorFigures } from '../../core/creditors/figures.ts';
import type { AppEnv } from '../env.ts';
import { validationHook } from '../errors.ts';
import { bearerAuth, requirePermission } from '../middleware/auth.ts';
import { errors, IntervalSchema, json } from '../schemas.ts';

// A creditor's customer-experience figures and monthly report. Aggregates only: no mention text, author or case
// reference ever leaves these routes, and a creditor account reads only its own creditor's (the only routes it
// reaches at all; see creditorMayReach).

const Count = z.union([z.number().int(), z.literal('< 5')]).openapi('ShownCount', { description: 'A count, or "< 5" for fewer than five' });
const MaybeInterval = IntervalSchema.nullable().openapi({ description: 'null where the count behind it is under 5' });

const GroupSchema = z.object({ key: z.string(), name: z.string(), actions: z.number().int(), complaints: Count, rate_per_1000_actions: MaybeInterval });

const CreditorFiguresSchema = z
  .object({
    creditor: z.string(),
    from: z.string(),
    to: z.string(),
    window_days: z.number().int(),
    portfolio: z.object({ cases: z.number().int(), opened: z.number().int() }),
    contacted: z.object({ cases: z.number().int(), actions: z.number().int() }),
    complaints: Count,
    complaints_per_1000_cases: MaybeInterval,
    complaints_per_1000_actions: MaybeInterval,
    by_action_type: z.array(GroupSchema),
    by_channel: z.array(GroupSchema),
    trend: z.object({
      bucket_days: z.number().int(),
      points: z.array(z.object({ from: z.string(), to: z.string(), actions: z.number().int(), complaints: Count, rate_per_1000_actions: MaybeInterval, complete: z.boolean() })),
    }),
    mentions: z.object({ relevant: Count, negative: Count, negative_share: MaybeInterval }),
    vulnerability: z.object({ signals: Count, per_1000_cases: MaybeInterval }),
    steps: z.array(
      z.object({
        step: z.enum(STEP_CODES),
        name: z.string(),
        proposed: Count,
        accepted: Count,
        dismissed: Count,
        effect: z
          .object({
            applied_cases: z.number().int(),
            without_cases: z.number().int(),
            applied_complaints: Count,
            without_complaints: Count,
            rate_ratio: MaybeInterval,
            verdict: z.enum(['fewer', 'more', 'unclear', 'too_few']),
          })
          .nullable(),
      }),
    ),
  })
  .openapi('CreditorFigures');

const iso = (ms: number) => new Date(ms).toISOString();

export const figuresJson = (f: CreditorFigures): z.infer<typeof CreditorFiguresSchema> => ({
  ...f,
  from: iso(f.from),
  to: iso(f.to),
  trend: { bucket_days: f.trend.bucket_days, points: f.trend.points.map((p) => ({ ...p, from: iso(p.from), to: iso(p.to) })) },
});

const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
app.use('*', bearerAuth);

app.openapi(
  createRoute({
    method: 'get',
    path: '/figures',
    summary:
      "A creditor's customer-experience figures for a period or month: complaints per 1,000 cases and actions, by action type and channel, trend, negative share, vulnerability, steps",
    middleware: [requirePermission('creditor:read')] as const,
    request: { query: CreditorFiguresQuery },
    responses: { 200: json(CreditorFiguresSchema, 'The figures'), ...errors(400, 401, 403, 404) },
  }),
  async (c) => c.json(figuresJson(await readCreditorFigures(c.get('deps'), c.get('user'), c.req.valid('query'))), 200),
);

app.openapi(
  createRoute({
    method: 'get',
    path: '/report',
    summary: "A creditor's monthly report as it is e-mailed (HTML and text); the same figures, the month beside the one before",
    middleware: [requirePermission('creditor:read')] as const,
    request: { query: CreditorReportQuery },
    responses: {
      200: json(z.object({ creditor: z.string(), month: z.string(), subject: z.string(), html: z.string(), text: z.string() }), 'The report'),
      ...errors(400, 401, 403, 404),
    },
  }),
  async (c) => c.json(await readCreditorReport(c.get('deps'), c.get('user'), c.req.valid('query'), new URL(c.req.url).origin), 200),
);

export default app;
