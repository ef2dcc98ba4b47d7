import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { readChange, readTactics, readTimeOfDay, readTopics, readTrend } from '../../actions/cases/analytics.ts';
import { ChangeQuery, GroupQuery, TacticsQuery, TimeOfDayQuery, TrendQuery } from '../../actions/cases/schemas.ts';
import { SMALL_COMPLAINTS } from '../../core/cases/analytics.ts';
import { DAY_PARTS, type DayPart } from '../../core/cases/time-of-day.ts';
import type { AppEnv } from '../env.ts';
import { validationHook } from '../errors.ts';
import { bearerAuth, requirePermission } from '../middleware/auth.ts';
import { listWithLegacyKey, wholeList } from '../list-envelope.ts';
import { errors, IntervalSchema, json } from '../schemas.ts';

// Aggregates only: no case reference, identifier or mention text ever leaves these routes.

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

const TrendPointSchema = z.object({
  from: z.number().int().openapi({ description: 'First millisecond of the bucket (Unix ms)' }),
  to: z.number().int().openapi({ description: 'Last millisecond of the bucket (Unix ms, inclusive); the last bucket may be shorter' }),
  cases: z.number().int(),
  actions: z.number().int(),
  complaints: z.number().int(),
  rate_per_1000_actions: IntervalSchema,
  small: z.boolean().openapi({ description: `Fewer than ${SMALL_COMPLAINTS} complaints in the bucket: the interval is wide` }),
  complete: z.boolean().openapi({ description: 'False while complaints about the bucket may still arrive (it ended less than window_days ago): its count can only grow' }),
});

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
    const { groups } = await readTactics(c.get('deps'), c.get('user'), c.req.valid('query'));
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
    const { groups } = await readTopics(c.get('deps'), c.get('user'), c.req.valid('query'));
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
        z.object({
          by: z.string(),
          key: z.string(),
          parts: z.array(z.string()).optional().openapi({ description: "A pair's two values" }),
          action_type: z.string().optional().openapi({ description: 'The key again, when the group is an action type' }),
          before: ChangePeriodSchema,
          after: ChangePeriodSchema,
          rate_ratio: IntervalSchema,
        }),
        'Both periods and their rate ratio',
      ),
      ...errors(400, 401, 403),
    },
  }),
  async (c) => {
    return c.json(await readChange(c.get('deps'), c.get('user'), c.req.valid('query')), 200);
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
    const { bucket_days, groups } = await readTrend(c.get('deps'), c.get('user'), c.req.valid('query'));
    return c.json({ ...wholeList(groups, 'groups'), bucket_days }, 200);
  },
);

const ClockSlotSchema = z.object({
  at: z.number().int().openapi({ description: 'The hour (0–23) or ISO weekday (1 Monday … 7 Sunday) on the case country’s clock' }),
  actions: z.number().int(),
  complaints: z.number().int(),
  rate_per_1000_actions: IntervalSchema,
  rate_ratio: IntervalSchema.openapi({ description: "Against the group's actions at every other hour (or on every other day)" }),
  small: z.boolean(),
});

app.openapi(
  createRoute({
    method: 'get',
    path: '/time-of-day',
    summary: "Complaints per 1,000 actions by hour of day and weekday on the case country's clock, for one group or every action",
    description:
      'Each action is placed at the hour and weekday its case country’s clock showed (summer time included; UTC for a country with no ' +
      'zone known, listed in `zones`); a complaint counts against the latest action of the group it follows, as in /tactics, so the ' +
      "slots add up to the group's row there.",
    middleware: [requirePermission('analytics:read')] as const,
    request: { query: TimeOfDayQuery },
    responses: {
      200: json(
        z.object({
          key: z.string().optional(),
          parts: z.array(z.string()).optional(),
          actions: z.number().int(),
          complaints: z.number().int(),
          hours: z.array(ClockSlotSchema).min(24).max(24).openapi({ description: '24 slots, 00:00 first' }),
          weekdays: z.array(ClockSlotSchema).min(7).max(7).openapi({ description: '7 slots, Monday first' }),
          day_parts: z
            .array(ClockSlotSchema.extend({ part: z.enum(DAY_PARTS.map((p) => p.id) as [DayPart, ...DayPart[]]), to: z.number().int() }))
            .min(DAY_PARTS.length)
            .max(DAY_PARTS.length)
            .openapi({ description: `Parts of the day, hours [at, to): ${DAY_PARTS.map((p) => `${p.id} ${p.from}–${p.to}`).join(', ')}` }),
          zones: z.array(z.string()),
        }),
        'The slots of the day and of the week',
      ),
      ...errors(400, 401, 403),
    },
  }),
  async (c) => c.json(await readTimeOfDay(c.get('deps'), c.get('user'), c.req.valid('query')), 200),
);

export default app;
