import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { GROUP_BYS } from '../../../db/queries/analytics.ts';
import { ACTION_TYPES } from '../../../db/schema/constants.ts';
import { changeAnalytics, tacticsAnalytics, topicsAnalytics } from '../../core/cases/analytics.ts';
import { badRequest } from '../../core/errors.ts';
import type { AppEnv } from '../env.ts';
import { validationHook } from '../errors.ts';
import { bearerAuth, requirePermission } from '../middleware/auth.ts';
import { errors, json } from '../schemas.ts';

// Aggregates only: no case reference, identifier or mention text ever leaves these routes.

const DAY = 86_400_000;
/** Default period when `from`/`to` are left out: the 90 days up to now. */
const DEFAULT_DAYS = 90;

const IsoTime = z.iso.datetime({ offset: true }).or(z.iso.date());
const toMs = (v: string, endOfDay: boolean) => Date.parse(v) + (endOfDay && v.length === 10 ? DAY - 1 : 0);

const WindowDays = z.coerce
  .number()
  .int()
  .min(1)
  .max(365)
  .default(14)
  .openapi({ description: 'A complaint counts against the actions on its case in this many days before it was published' });
const Links = z
  .enum(['any', 'confirmed'])
  .default('any')
  .openapi({ description: 'Which mention–case links count: any stored link (suggested or confirmed), or only confirmed ones' });

const GroupQuery = z.object({
  by: z.enum(GROUP_BYS),
  from: IsoTime.optional().openapi({ description: 'Actions at or after (ISO 8601); default 90 days before `to`' }),
  to: IsoTime.optional().openapi({ description: 'Actions at or before (ISO 8601; a date includes the whole day); default now' }),
  window_days: WindowDays,
  links: Links,
});

const TacticsQuery = GroupQuery.extend({
  sort: z
    .enum(['key', 'low'])
    .default('key')
    .openapi({ description: 'By group key, or by the lower 95 % bound of the rate per 1,000 cases (highest first)' }),
});

const IntervalSchema = z
  .object({ value: z.number().nullable(), low: z.number().nullable(), high: z.number().nullable() })
  .openapi('RateInterval', { description: 'A point estimate with its 95 % interval; null where unbounded or undefined' });

const TacticGroupSchema = z.object({
  key: z.string(),
  cases: z.number().int(),
  actions: z.number().int(),
  complaints: z.number().int(),
  rate_per_1000_cases: IntervalSchema,
  rate_per_1000_actions: IntervalSchema,
  rate_ratio: IntervalSchema,
  small: z.boolean().openapi({ description: 'Fewer than 5 complaints: too few to rank on' }),
});

const TopicGroupSchema = z.object({
  key: z.string(),
  complaints: z.number().int(),
  topics: z.array(z.object({ tactic: z.string(), complaints: z.number().int() })),
});

const ChangePeriodSchema = z.object({
  from: z.number().int(),
  to: z.number().int(),
  actions: z.number().int(),
  complaints: z.number().int(),
  rate_per_1000_actions: IntervalSchema,
  small: z.boolean(),
});

const ChangeQuery = z.object({
  action_type: z.enum(ACTION_TYPES),
  at: IsoTime.openapi({ description: 'The date of the change (ISO 8601)' }),
  span_days: z.coerce.number().int().min(1).max(730).default(28).openapi({ description: 'Length of the periods before and after `at`' }),
  window_days: WindowDays,
  links: Links,
});

function period(q: { from?: string; to?: string }, now: number): { from: number; to: number } {
  const to = q.to ? toMs(q.to, true) : now;
  const from = q.from ? toMs(q.from, false) : to - DEFAULT_DAYS * DAY;
  if (from > to) throw badRequest('from: must not be after to');
  return { from, to };
}

const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
app.use('*', bearerAuth);

app.openapi(
  createRoute({
    method: 'get',
    path: '/tactics',
    summary: 'Linked complaints per 1,000 cases and per 1,000 actions by group, with exact 95 % intervals',
    middleware: [requirePermission('analytics:read')] as const,
    request: { query: TacticsQuery },
    responses: { 200: json(z.object({ groups: z.array(TacticGroupSchema) }), 'One row per group'), ...errors(400, 401, 403) },
  }),
  async (c) => {
    const { db, clock } = c.get('deps');
    const q = c.req.valid('query');
    const body = await tacticsAnalytics(db, { by: q.by, ...period(q, clock.now()), windowDays: q.window_days, links: q.links, sort: q.sort });
    return c.json(body, 200);
  },
);

app.openapi(
  createRoute({
    method: 'get',
    path: '/topics',
    summary: 'Linked complaints per analyser tactic label, by group of what was done',
    middleware: [requirePermission('analytics:read')] as const,
    request: { query: GroupQuery },
    responses: { 200: json(z.object({ groups: z.array(TopicGroupSchema) }), 'One row per group with complaints'), ...errors(400, 401, 403) },
  }),
  async (c) => {
    const { db, clock } = c.get('deps');
    const q = c.req.valid('query');
    return c.json(await topicsAnalytics(db, { by: q.by, ...period(q, clock.now()), windowDays: q.window_days, links: q.links }), 200);
  },
);

app.openapi(
  createRoute({
    method: 'get',
    path: '/change',
    summary: 'Complaints per 1,000 actions of one type before and after a date, and the ratio after/before',
    middleware: [requirePermission('analytics:read')] as const,
    request: { query: ChangeQuery },
    responses: {
      200: json(
        z.object({ action_type: z.string(), before: ChangePeriodSchema, after: ChangePeriodSchema, rate_ratio: IntervalSchema }),
        'Both periods and their rate ratio',
      ),
      ...errors(400, 401, 403),
    },
  }),
  async (c) => {
    const q = c.req.valid('query');
    const at = toMs(q.at, false);
    const result = await changeAnalytics(c.get('deps').db, {
      actionType: q.action_type,
      at,
      spanDays: q.span_days,
      windowDays: q.window_days,
      links: q.links,
    });
    return c.json(result, 200);
  },
);

export default app;
