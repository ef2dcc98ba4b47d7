import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { getSource, listSources, sourceVolumes } from '../../../db/queries/sources.ts';
import type { Source } from '../../../db/schema/index.ts';
import { alsoPolledWords, createSource } from '../../actions/sources/create.ts';
import { pollSourceNow } from '../../actions/sources/poll.ts';
import { removeSource } from '../../actions/sources/remove.ts';
import { CreateSource, TestSource, UpdateSource } from '../../actions/sources/schemas.ts';
import { testSource } from '../../actions/sources/test-fetch.ts';
import { updateSource } from '../../actions/sources/update.ts';
import type { Deps } from '../../core/deps.ts';
import { notFound } from '../../core/errors.ts';
import { SPARK_DAYS, VOLUME_DAYS } from '../../sources/health.ts';
import type { AppEnv } from '../env.ts';
import { validationHook } from '../errors.ts';
import { bearerAuth, requirePermission } from '../middleware/auth.ts';
import { listOf, wholeList } from '../list-envelope.ts';
import { errors, IdParam, json, SourceSchema, toSourceJson } from '../schemas.ts';
import { deleteById } from '../delete-route.ts';

const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
app.use('*', bearerAuth);

app.openapi(
  createRoute({
    method: 'get',
    path: '/',
    summary: 'List sources with their polling health',
    middleware: [requirePermission('sources:read')] as const,
    responses: { 200: json(listOf(SourceSchema), 'All sources'), ...errors(401, 403) },
  }),
  async (c) => {
    const { db, clock } = c.get('deps');
    const now = clock.now();
    const volumes = await sourceVolumes(db, now, VOLUME_DAYS, SPARK_DAYS);
    return c.json(wholeList((await listSources(db)).map((s) => toSourceJson(s, volumes.get(s.id), now))), 200);
  },
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
    return c.json(await sourceJson(c.get('deps'), s), 200);
  },
);

const CreatedSource = SourceSchema.extend({
  warnings: z.array(z.string()).openapi({ description: 'What to know before relying on it, in words: e.g. another source already polls this address' }),
});

app.openapi(
  createRoute({
    method: 'post',
    path: '/',
    summary: 'Add a source; a feed is polled at its next scheduled run',
    middleware: [requirePermission('sources:write')] as const,
    request: { body: { required: true, content: { 'application/json': { schema: CreateSource } } } },
    responses: { 201: json(CreatedSource, 'The new source, with warnings'), ...errors(400, 401, 403, 409) },
  }),
  async (c) => {
    const deps = c.get('deps');
    const source = await createSource(deps, c.get('user'), c.req.valid('json'));
    return c.json({ ...(await sourceJson(deps, source)), warnings: source.alsoPolledBy.map(alsoPolledWords) }, 201);
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
    const source = await updateSource(deps, c.get('user'), c.req.valid('param').id, c.req.valid('json'));
    return c.json(await sourceJson(deps, source), 200);
  },
);

deleteById(app, { summary: 'Delete a source and the mentions it brought in', permission: 'sources:write' }, removeSource);

app.openapi(
  createRoute({
    method: 'post',
    path: '/{id}/poll',
    summary: 'Poll a source now and report what happened',
    middleware: [requirePermission('sources:write')] as const,
    request: { params: IdParam },
    responses: {
      200: json(z.object({ outcome: z.record(z.string(), z.unknown()), source: SourceSchema }), 'The poll outcome and the source after it'),
      ...errors(400, 401, 403, 404),
    },
  }),
  async (c) => {
    const deps = c.get('deps');
    const { id } = c.req.valid('param');
    const outcome = await pollSourceNow(deps, c.get('user'), id);
    return c.json({ outcome, source: await sourceJson(deps, (await getSource(deps.db, id))!) }, 200);
  },
);

const PreviewSchema = z
  .object({
    ok: z.boolean(),
    total: z.number().int().optional(),
    skipped: z.number().int().optional(),
    items: z.array(z.record(z.string(), z.unknown())).optional(),
    code: z.string().optional(),
    error: z.string().optional(),
  })
  .openapi('SourcePreview');

app.openapi(
  createRoute({
    method: 'post',
    path: '/test',
    summary: 'Fetch once with these settings and preview what would be stored (nothing is saved)',
    middleware: [requirePermission('sources:write')] as const,
    request: { body: { required: true, content: { 'application/json': { schema: TestSource } } } },
    responses: { 200: json(PreviewSchema, 'What a poll would bring in, or why it failed'), ...errors(400, 401, 403) },
  }),
  async (c) => {
    return c.json(await testSource(c.get('deps'), c.get('user'), c.req.valid('json')), 200);
  },
);

async function sourceJson(deps: Deps, s: Source) {
  const now = deps.clock.now();
  return toSourceJson(s, (await sourceVolumes(deps.db, now, VOLUME_DAYS, SPARK_DAYS)).get(s.id), now);
}

export default app;
