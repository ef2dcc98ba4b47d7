import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { listAlerts } from '../../../db/queries/alerts.ts';
import {
  ALERT_EVENT_TYPES,
  ALERT_KINDS,
  ALERT_STATUSES,
  CHANNEL_KINDS,
  DELIVERY_STATUSES,
  SENTIMENT_LABELS,
  SEVERITIES,
  SOURCE_KINDS,
  TRANSITIONS,
} from '../../../db/schema/constants.ts';
import { changeAlert } from '../../actions/alerts/change.ts';
import { AlertChangeSchema } from '../../actions/alerts/schemas.ts';
import { alertDetail, alertJson } from '../../core/alerts/alert-view.ts';
import type { AppEnv } from '../env.ts';
import { validationHook } from '../errors.ts';
import { bearerAuth, requirePermission } from '../middleware/auth.ts';
import { listWithLegacyKey, wholeList } from '../list-envelope.ts';
import { errors, IdParam, json } from '../schemas.ts';

// The alert inbox, an alert's page, and what people do with alerts (src/core/alerts/alert-view.ts shapes them).

const Time = z.string().openapi({ format: 'date-time' });
const list = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (!s) return undefined;
      const parts = s
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean);
      const bad = parts.filter((p) => !(values as readonly string[]).includes(p));
      if (bad.length) ctx.addIssue({ code: 'custom', message: `unknown ${what} ${bad.map((b) => `"${b}"`).join(', ')}; one of ${values.join(', ')}` });
      return parts as T[number][];
    })
    .openapi({ type: 'string', description: `Comma-separated ${what}s: ${values.join(', ')}` });

const AlertSchema = z
  .object({
    id: z.number().int(),
    title: z.string(),
    status: z.enum(ALERT_STATUSES),
    severity: z.enum(SEVERITIES),
    rule: z.object({ id: z.number().int().nullable(), kind: z.enum(ALERT_KINDS) }),
    reasons: z.array(z.string()).openapi({ description: 'Why, in words' }),
    evidence: z.record(z.string(), z.unknown()).nullable().openapi({ description: 'For anomalies: window, observed and expected counts, p-value' }),
    brand: z.string().nullable(),
    market: z.string().nullable(),
    source_kind: z.enum(SOURCE_KINDS).nullable(),
    mention_count: z.number().int(),
    linked_case: z.boolean(),
    assignee: z.object({ id: z.number().int(), name: z.string() }).nullable(),
    snoozed_until: Time.nullable(),
    opened_at: Time,
    last_seen_at: Time,
    acknowledged_at: Time.nullable(),
    resolved_at: Time.nullable(),
  })
  .openapi('Alert');

const AlertDetailSchema = AlertSchema.extend({
  case_ref: z.string().nullable().optional().openapi({ description: 'Only for roles that may read cases' }),
  mentions: z.array(
    z.object({
      id: z.number().int(),
      reason: z.string(),
      title: z.string().nullable(),
      text: z.string(),
      url: z.string().nullable(),
      author: z.string().nullable(),
      published_at: Time,
      source: z.object({ name: z.string(), kind: z.enum(SOURCE_KINDS) }),
      language: z.string().nullable(),
      sentiment: z.object({ label: z.enum(SENTIMENT_LABELS), score: z.number() }).nullable(),
      tactics: z.array(z.string()),
      vulnerability: z.array(z.string()),
      escalation: z.array(z.string()),
      evidence: z.array(z.unknown()),
    }),
  ),
  history: z.array(z.object({ at: Time, type: z.enum(ALERT_EVENT_TYPES), by: z.string().nullable(), detail: z.record(z.string(), z.unknown()).nullable() })),
  deliveries: z.array(
    z.object({
      channel: z.string(),
      channel_kind: z.enum(CHANNEL_KINDS),
      transition: z.enum(TRANSITIONS),
      status: z.enum(DELIVERY_STATUSES),
      attempts: z.number().int(),
      last_error: z.string().nullable(),
      sent_at: Time.nullable(),
      next_attempt_at: Time.nullable(),
    }),
  ),
}).openapi('AlertDetail');

const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
app.use('*', bearerAuth);

app.openapi(
  createRoute({
    method: 'get',
    path: '/',
    summary: 'The alert inbox in risk order: open first, then severity, escalation, vulnerability, author reach, recency',
    middleware: [requirePermission('alerts:read')] as const,
    request: {
      query: z.object({
        status: list(ALERT_STATUSES, 'status'),
        severity: list(SEVERITIES, 'severity'),
        rule: list(ALERT_KINDS, 'rule kind'),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
    },
    responses: { 200: json(listWithLegacyKey(AlertSchema, 'alerts'), 'Alerts'), ...errors(400, 401, 403) },
  }),
  async (c) => {
    const q = c.req.valid('query');
    const rows = await listAlerts(c.get('deps').db, { status: q.status, severity: q.severity, ruleKind: q.rule, limit: q.limit });
    return c.json(
      wholeList(
        rows.map((r) => alertJson(r.alert, r.assignee)),
        'alerts',
      ),
      200,
    );
  },
);

app.openapi(
  createRoute({
    method: 'get',
    path: '/{id}',
    summary: 'An alert with its mentions (and their analysis), reasons, deliveries and history',
    middleware: [requirePermission('alerts:read')] as const,
    request: { params: IdParam },
    responses: { 200: json(AlertDetailSchema, 'The alert'), ...errors(400, 401, 403, 404) },
  }),
  async (c) => c.json(await alertDetail(c.get('deps'), c.req.valid('param').id, c.get('user').role), 200),
);

app.openapi(
  createRoute({
    method: 'patch',
    path: '/{id}',
    summary: 'Acknowledge, resolve, reopen, assign, snooze or add a note; resolving and reopening notify',
    middleware: [requirePermission('alerts:write')] as const,
    request: { params: IdParam, body: { content: { 'application/json': { schema: AlertChangeSchema } }, required: true } },
    responses: { 200: json(AlertDetailSchema, 'The alert after the change'), ...errors(400, 401, 403, 404) },
  }),
  async (c) => {
    const deps = c.get('deps');
    const { id } = c.req.valid('param');
    await changeAlert(deps, c.get('user'), id, c.req.valid('json'));
    return c.json(await alertDetail(deps, id, c.get('user').role), 200);
  },
);

export default app;
