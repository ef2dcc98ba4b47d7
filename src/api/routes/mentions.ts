import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { linkedByReference, linksOfMention } from '../../../db/queries/case-view.ts';
import { getMention, type MentionRow } from '../../../db/queries/mentions.ts';
import { LANGUAGES, SENTIMENT_LABELS, TACTICS } from '../../../db/schema/constants.ts';
import type { Context } from 'hono';
import { can } from '../../core/auth/roles.ts';
import { raiseAlertFromMention } from '../../actions/alerts/raise.ts';
import { correctLabels } from '../../actions/mentions/correct.ts';
import { resetCorrection } from '../../actions/mentions/reset.ts';
import { LabelCorrection, PushItems, RaiseAlertInput } from '../../actions/mentions/schemas.ts';
import { decodeCursor, encodeCursor } from '../../core/cursor.ts';
import { badRequest, notFound } from '../../core/errors.ts';
import { pushMentionsAs } from '../../actions/mentions/push.ts';
import type { AppEnv } from '../env.ts';
import { validationHook } from '../errors.ts';
import { bearerAuth, requirePermission } from '../middleware/auth.ts';
import { utf8Body } from '../middleware/utf8-body.ts';
import { listOf } from '../list-envelope.ts';
import { errors, IdParam, json, MentionDetailSchema, MentionSchema, PushResult, toMentionDetailJson, toMentionJson } from '../schemas.ts';
import { DAY_MS } from '../../core/time/durations.ts';

const ListQuery = z.object({
  source: z.coerce.number().int().positive().optional().openapi({ description: 'Source id' }),
  language: z.enum(LANGUAGES).optional(),
  sentiment: z.enum(SENTIMENT_LABELS).optional(),
  tactic: z.enum(TACTICS).optional(),
  relevant: z.enum(['true', 'false']).optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional().openapi({ description: 'Published at or after (ISO 8601)' }),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional().openapi({ description: 'Published at or before (ISO 8601); a date includes the whole day' }),
  q: z.string().min(1).max(200).optional().openapi({ description: 'Full-text search over title and text' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional().openapi({ description: 'The next_cursor of the previous page' }),
});

const toMs = (v: string, endOfDay: boolean) => Date.parse(v) + (endOfDay && v.length === 10 ? DAY_MS - 1 : 0);

const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
app.use('*', bearerAuth);

app.openapi(
  createRoute({
    method: 'get',
    path: '/',
    summary: 'List mentions, newest first',
    middleware: [requirePermission('mentions:read')] as const,
    request: { query: ListQuery },
    responses: {
      200: json(listOf(MentionSchema), 'A page of mentions'),
      ...errors(400, 401, 403),
    },
  }),
  async (c) => {
    const q = c.req.valid('query');
    const cursor = q.cursor ? decodeCursor(q.cursor) : null;
    if (q.cursor && !cursor) throw badRequest('cursor: not a cursor this API issued');
    const page = await c.get('deps').reads.listMentions(
      {
        sourceId: q.source,
        language: q.language,
        sentiment: q.sentiment,
        tactic: q.tactic,
        relevant: q.relevant === undefined ? undefined : q.relevant === 'true',
        from: q.from ? toMs(q.from, false) : undefined,
        to: q.to ? toMs(q.to, true) : undefined,
        q: q.q,
      },
      { limit: q.limit, cursor },
    );
    return c.json({ items: page.items.map(toMentionJson), next_cursor: page.nextCursor ? encodeCursor(page.nextCursor) : null }, 200);
  },
);

app.openapi(
  createRoute({
    method: 'get',
    path: '/{id}',
    summary: 'One mention with its analysis and evidence',
    middleware: [requirePermission('mentions:read')] as const,
    request: { params: IdParam },
    responses: { 200: json(MentionDetailSchema, 'The mention'), ...errors(400, 401, 403, 404) },
  }),
  async (c) => {
    const m = await getMention(c.get('deps').db, c.req.valid('param').id);
    if (!m) throw notFound('mention');
    return c.json(await detail(c, m), 200);
  },
);

/** A mention with its links: only roles that may read case data learn which case; the others only of a link its text gives away. */
async function detail(c: Context<AppEnv>, m: MentionRow) {
  const db = c.get('deps').db;
  const cases = can(c.get('user').role, 'cases:read') ? await linksOfMention(db, m.id) : null;
  const links = cases ? { linked: cases.length > 0, cases } : { linked: await linkedByReference(db, m.id) };
  return toMentionDetailJson(m, links);
}

app.openapi(
  createRoute({
    method: 'post',
    path: '/',
    summary: 'Push mentions; they are deduplicated and analysed like polled ones',
    middleware: [requirePermission('mentions:write'), utf8Body] as const,
    request: {
      query: z.object({ source: z.coerce.number().int().positive().optional().openapi({ description: 'A push source id; default: the built-in "API" source' }) }),
      body: { required: true, content: { 'application/json': { schema: PushItems } } },
    },
    responses: {
      201: json(PushResult, 'What was stored; items refused on their own (a published_at outside 1990 to a day from now) are listed'),
      ...errors(400, 401, 403, 404),
    },
  }),
  async (c) => {
    const deps = c.get('deps');
    return c.json(await pushMentionsAs(deps, c.get('user'), c.req.valid('query').source, c.req.valid('json')), 201);
  },
);

app.openapi(
  createRoute({
    method: 'patch',
    path: '/{id}/labels',
    summary: "Correct the analyser's labels of a mention; the correction overrides the analysis everywhere and survives re-analysis",
    middleware: [requirePermission('mentions:correct')] as const,
    request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: LabelCorrection } } } },
    responses: { 200: json(MentionDetailSchema, 'The mention as corrected'), ...errors(400, 401, 403, 404) },
  }),
  async (c) => {
    const deps = c.get('deps');
    const m = await correctLabels(deps, c.get('user'), c.req.valid('param').id, c.req.valid('json'));
    return c.json(await detail(c, m), 200);
  },
);

app.openapi(
  createRoute({
    method: 'delete',
    path: '/{id}/labels',
    summary: "Remove a person's correction: the analyser's reading stands again",
    middleware: [requirePermission('mentions:correct')] as const,
    request: { params: IdParam },
    responses: { 200: json(MentionDetailSchema, 'The mention as the analyser reads it'), ...errors(400, 401, 403, 404) },
  }),
  async (c) => {
    const m = await resetCorrection(c.get('deps'), c.get('user'), c.req.valid('param').id);
    return c.json(await detail(c, m), 200);
  },
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/{id}/alert',
    summary: 'Raise an alert from a mention by hand (it enters the inbox and notifies like any other)',
    middleware: [requirePermission('alerts:write')] as const,
    request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: RaiseAlertInput } } } },
    responses: { 201: json(z.object({ alert_id: z.number().int() }), 'The alert raised'), ...errors(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const id = await raiseAlertFromMention(c.get('deps'), c.get('user'), c.req.valid('param').id, c.req.valid('json'));
    return c.json({ alert_id: id }, 201);
  },
);

export default app;
