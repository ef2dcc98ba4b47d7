import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { GROUP_BYS } from '../../../db/queries/analytics.ts';
import { ACTION_TYPES } from '../../../db/schema/constants.ts';
import {
  changeAnalytics,
  DEFAULT_BUCKET_DAYS,
  DEFAULT_PERIOD_DAYS,
  DEFAULT_WINDOW_DAYS,
  isoBoundMs,
  MAX_TREND_BUCKETS,
  resolvePeriod,
  SMALL_COMPLAINTS,
  tacticsAnalytics,
  topicsAnalytics,
  trendAnalytics,
} from '../../core/cases/analytics.ts';
import { badRequest } from '../../core/errors.ts';
import type { AppEnv } from '../env.ts';
import { validationHook } from '../errors.ts';
import { bearerAuth, requirePermission } from '../middleware/auth.ts';
import { listWithLegacyKey, wholeList } from '../list-envelope.ts';
import { errors, json } from '../schemas.ts';

// Aggregates only: no case reference, identifier or mention text ever leaves these routes.

const IsoTime = z.iso.datetime({ offset: true }).or(z.iso.date());

const WindowDays = z.coerce
  .number()
  .int()
  .min(1)
  .max(365)
  .default(DEFAULT_WINDOW_DAYS)
  .openapi({ description: 'A complaint counts against the actions on its case in this many days before it was published' });
const Links = z
  .enum(['any', 'confirmed'])
  .default('any')
  .openapi({ description: 'Which mention–case links count: any stored link (suggested or confirmed), or only confirmed ones' });

const GroupQuery = z.object({
  by: z.enum(GROUP_BYS),
  from: IsoTime.optional().openapi({ description: `Actions at or after (ISO 8601); default ${DEFAULT_PERIOD_DAYS} days before \`to\`` }),
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
  small: z.boolean().openapi({ description: `Fewer than ${SMALL_COMPLAINTS} complaints: too few to rank on` }),
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

const TrendQuery = GroupQuery.extend({
  bucket_days: z.coerce
    .number()
    .int()
    .min(1)
    .max(365)
    .default(DEFAULT_BUCKET_DAYS)
    .openapi({
      description:
        `Length of each bucket in days. Buckets are aligned to \`from\` (the first starts at \`from\`); the last one ends at \`to\` ` +
        `and may be shorter than the others. At most ${MAX_TREND_BUCKETS} buckets per request.`,
    }),
});

const TrendPointSchema = z.object({
  from: z.number().int().openapi({ description: 'First millisecond of the bucket (Unix ms)' }),
  to: z.number().int().openapi({ description: 'Last millisecond of the bucket (Unix ms, inclusive); the last bucket may be shorter' }),
  cases: z.number().int(),
  actions: z.number().int(),
  complaints: z.number().int(),
  rate_per_1000_actions: IntervalSchema,
  small: z.boolean().openapi({ description: `Fewer than ${SMALL_COMPLAINTS} complaints in the bucket: the interval is wide` }),
});

function period(q: { from?: string; to?: string }, now: number): { from: number; to: number } {
  const p = resolvePeriod(q, now);
  if (!p) throw badRequest('from: must not be after to');
  return p;
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
    responses: { 200: json(listWithLegacyKey(TacticGroupSchema, 'groups'), 'One row per group'), ...errors(400, 401, 403) },
  }),
  async (c) => {
    const { db, clock } = c.get('deps');
    const q = c.req.valid('query');
    const { groups } = await tacticsAnalytics(db, { by: q.by, ...period(q, clock.now()), windowDays: q.window_days, links: q.links, sort: q.sort });
    return c.json(wholeList(groups, 'groups'), 200);
  },
);

app.openapi(
  createRoute({
    method: 'get',
    path: '/topics',
    summary: 'Linked complaints per analyser tactic label, by group of what was done',
    middleware: [requirePermission('analytics:read')] as const,
    request: { query: GroupQuery },
    responses: { 200: json(listWithLegacyKey(TopicGroupSchema, 'groups'), 'One row per group with complaints'), ...errors(400, 401, 403) },
  }),
  async (c) => {
    const { db, clock } = c.get('deps');
    const q = c.req.valid('query');
    const { groups } = await topicsAnalytics(db, { by: q.by, ...period(q, clock.now()), windowDays: q.window_days, links: q.links });
    return c.json(wholeList(groups, 'groups'), 200);
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
    const at = isoBoundMs(q.at, false);
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

app.openapi(
  createRoute({
    method: 'get',
    path: '/trend',
    summary: 'Linked complaints per 1,000 actions over time, per group, in buckets of `bucket_days` days with exact 95 % intervals',
    description:
      'The counts of /tactics per bucket: buckets start at `from` and step by `bucket_days`; the last bucket ends at `to` and may be ' +
      'shorter than the others (its `from`/`to` say so). Every group with actions in the period has every bucket, zeros included; a ' +
      'bucket with actions and no complaint gets the interval of 0 events, one with no actions null rates. A complaint belongs to the ' +
      'bucket of the action it follows (within `window_days`), once per group and bucket.',
    middleware: [requirePermission('analytics:read')] as const,
    request: { query: TrendQuery },
    responses: {
      200: json(
        listWithLegacyKey(z.object({ key: z.string(), points: z.array(TrendPointSchema) }), 'groups').extend({ bucket_days: z.number().int() }),
        'One series per group, ordered by key',
      ),
      ...errors(400, 401, 403),
    },
  }),
  async (c) => {
    const { db, clock } = c.get('deps');
    const q = c.req.valid('query');
    const { bucket_days, groups } = await trendAnalytics(db, { by: q.by, ...period(q, clock.now()), windowDays: q.window_days, links: q.links, bucketDays: q.bucket_days });
    return c.json({ ...wholeList(groups, 'groups'), bucket_days }, 200);
  },
);

export default app;
