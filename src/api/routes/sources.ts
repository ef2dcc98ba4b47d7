import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { audit } from '../../../db/queries/users.ts';
import { deleteSource, getSource, getSourceByName, insertSource, listSources, updateSource } from '../../../db/queries/sources.ts';
import { SOURCE_KINDS } from '../../../db/schema/constants.ts';
import { badRequest, conflict, notFound } from '../../core/errors.ts';
import type { AppEnv } from '../env.ts';
import { validationHook } from '../errors.ts';
import { bearerAuth, requirePermission } from '../middleware/auth.ts';
import { errors, IdParam, json, SourceSchema, toSourceJson } from '../schemas.ts';

const HttpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2_000);
const Interval = z.number().int().min(60).max(86_400);

const CreateSource = z
  .object({
    name: z.string().trim().min(1).max(100),
    kind: z.enum(SOURCE_KINDS),
    url: HttpUrl.optional(),
    poll_interval_seconds: Interval.default(900),
  })
  .refine((s) => s.kind !== 'rss' || s.url, { message: 'an rss source needs a url', path: ['url'] });

const UpdateSource = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  url: HttpUrl.optional(),
  is_paused: z.boolean().optional(),
  poll_interval_seconds: Interval.optional(),
});

const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
app.use('*', bearerAuth);

app.openapi(
  createRoute({
    method: 'get',
    path: '/',
    summary: 'List sources with their polling health',
    middleware: [requirePermission('sources:read')] as const,
    responses: { 200: json(z.object({ items: z.array(SourceSchema) }), 'All sources'), ...errors(401, 403) },
  }),
  async (c) => c.json({ items: (await listSources(c.get('deps').db)).map(toSourceJson) }, 200),
);

app.openapi(
  createRoute({
    method: 'get',
    path: '/{id}',
    summary: 'One source',
    middleware: [requirePermission('sources:read')] as const,
    request: { params: IdParam },
    responses: { 200: json(SourceSchema, 'The source'), ...errors(400, 401, 403, 404) },
  }),
  async (c) => {
    const s = await getSource(c.get('deps').db, c.req.valid('param').id);
    if (!s) throw notFound('source');
    return c.json(toSourceJson(s), 200);
  },
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/',
    summary: 'Add a source; a feed is polled at its next scheduled run',
    middleware: [requirePermission('sources:write')] as const,
    request: { body: { required: true, content: { 'application/json': { schema: CreateSource } } } },
    responses: { 201: json(SourceSchema, 'The new source'), ...errors(400, 401, 403, 409) },
  }),
  async (c) => {
    const deps = c.get('deps');
    const body = c.req.valid('json');
    if (await getSourceByName(deps.db, body.name)) throw conflict('a source with that name already exists');
    const now = deps.clock.now();
    const s = await insertSource(deps.db, {
      name: body.name,
      kind: body.kind,
      url: body.url ?? null,
      pollIntervalSeconds: body.poll_interval_seconds,
      nextPollAt: now,
      createdAt: now,
      updatedAt: now,
    });
    await audit(deps.db, { at: now, actorUserId: c.get('user').id, action: 'source.create', target: `source:${s.id}` });
    return c.json(toSourceJson(s), 201);
  },
);

app.openapi(
  createRoute({
    method: 'patch',
    path: '/{id}',
    summary: 'Rename, re-point, pause/resume or re-schedule a source',
    middleware: [requirePermission('sources:write')] as const,
    request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: UpdateSource } } } },
    responses: { 200: json(SourceSchema, 'The updated source'), ...errors(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const deps = c.get('deps');
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const current = await getSource(deps.db, id);
    if (!current) throw notFound('source');
    if (body.url && current.kind !== 'rss') throw badRequest('url: only feed sources have a url');
    if (body.name && body.name !== current.name && (await getSourceByName(deps.db, body.name))) {
      throw conflict('a source with that name already exists');
    }
    const now = deps.clock.now();
    const s = await updateSource(deps.db, id, {
      name: body.name,
      url: body.url,
      isPaused: body.is_paused,
      pollIntervalSeconds: body.poll_interval_seconds,
      // A new URL starts afresh: old validators and errors belong to the old feed.
      ...(body.url && body.url !== current.url ? { etag: null, lastModified: null, errorCount: 0, lastError: null, nextPollAt: now } : {}),
      updatedAt: now,
    });
    await audit(deps.db, { at: now, actorUserId: c.get('user').id, action: 'source.update', target: `source:${id}`, details: { fields: Object.keys(body) } });
    return c.json(toSourceJson(s!), 200);
  },
);

app.openapi(
  createRoute({
    method: 'delete',
    path: '/{id}',
    summary: 'Delete a source and the mentions it brought in',
    middleware: [requirePermission('sources:write')] as const,
    request: { params: IdParam },
    responses: { 204: { description: 'Deleted' }, ...errors(400, 401, 403, 404) },
  }),
  async (c) => {
    const deps = c.get('deps');
    const { id } = c.req.valid('param');
    if (!(await deleteSource(deps.db, id))) throw notFound('source');
    await audit(deps.db, { at: deps.clock.now(), actorUserId: c.get('user').id, action: 'source.delete', target: `source:${id}` });
    return c.body(null, 204);
  },
);

export default app;
