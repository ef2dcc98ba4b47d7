import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { audit } from '../../../db/queries/users.ts';
import { deleteSource, getSource, getSourceByName, insertSource, listSources, sourceVolumes, updateSource } from '../../../db/queries/sources.ts';
import { SOURCE_KINDS } from '../../../db/schema/constants.ts';
import type { Source } from '../../../db/schema/index.ts';
import type { Deps } from '../../core/deps.ts';
import { badRequest, conflict, notFound } from '../../core/errors.ts';
import { pollSource } from '../../core/ingest/poll-source.ts';
import { maskSecrets } from '../../core/secrets.ts';
import { SPARK_DAYS, VOLUME_DAYS } from '../../sources/health.ts';
import { previewSource } from '../../sources/preview.ts';
import { adapterFor, settingsFor } from '../../sources/registry.ts';
import { validateAndSealSourceConfig } from '../../sources/settings.ts';
import type { AppEnv } from '../env.ts';
import { validationHook } from '../errors.ts';
import { bearerAuth, requirePermission } from '../middleware/auth.ts';
import { listOf, wholeList } from '../list-envelope.ts';
import { errors, IdParam, json, SourceSchema, toSourceJson } from '../schemas.ts';

const HttpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2_000);
const Interval = z.number().int().min(60).max(86_400);

const Config = z.record(z.string(), z.unknown()).openapi({ description: "Kind-specific settings (see the README's source kinds)" });

const CreateSource = z.object({
  name: z.string().trim().min(1).max(100),
  kind: z.enum(SOURCE_KINDS),
  brand: z.string().trim().min(1).max(80).nullable().optional().openapi({ description: 'Which brand the source watches, when the workspace has several; alerts judge each brand apart' }),
  url: HttpUrl.optional(),
  config: Config.default({}),
  poll_interval_seconds: Interval.default(900),
});

const UpdateSource = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  brand: z.string().trim().min(1).max(80).nullable().optional().openapi({ description: 'Which brand the source watches, when the workspace has several; alerts judge each brand apart' }),
  url: HttpUrl.optional(),
  /** Replaces the settings; a credential sent back as "********" (or left out) keeps its stored value. */
  config: Config.optional(),
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
    const config = await validateAndSealSourceConfig(deps, body.kind, body.url ?? null, body.config);
    const now = deps.clock.now();
    const s = await insertSource(deps.db, {
      name: body.name,
      kind: body.kind,
      brand: body.brand ?? null,
      url: body.url ?? null,
      config,
      pollIntervalSeconds: body.poll_interval_seconds,
      nextPollAt: now,
      createdAt: now,
      updatedAt: now,
    });
    await audit(deps.db, { at: now, actorUserId: c.get('user').id, action: 'source.create', target: `source:${s.id}` });
    return c.json(await sourceJson(deps, s), 201);
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
    const config =
      body.config || body.url
        ? await validateAndSealSourceConfig(deps, current.kind, body.url ?? current.url, body.config ?? maskSecrets(current.config, settingsFor(current.kind)?.secrets ?? []), current)
        : undefined;
    const changedWhere = (body.url && body.url !== current.url) || (config && JSON.stringify(config) !== JSON.stringify(current.config));
    if (body.name && body.name !== current.name && (await getSourceByName(deps.db, body.name))) {
      throw conflict('a source with that name already exists');
    }
    const now = deps.clock.now();
    const s = await updateSource(deps.db, id, {
      name: body.name,
      brand: body.brand,
      url: body.url,
      config,
      isPaused: body.is_paused,
      pollIntervalSeconds: body.poll_interval_seconds,
      // A new address or new settings start afresh: old validators, cursor and errors belong to the old ones.
      ...(changedWhere ? { etag: null, lastModified: null, cursor: null, errorCount: 0, lastError: null, nextPollAt: now } : {}),
      updatedAt: now,
    });
    await audit(deps.db, { at: now, actorUserId: c.get('user').id, action: 'source.update', target: `source:${id}`, details: { fields: Object.keys(body) } });
    return c.json(await sourceJson(deps, s!), 200);
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
    const source = await getSource(deps.db, c.req.valid('param').id);
    if (!source) throw notFound('source');
    if (!adapterFor(source.kind)) throw badRequest(`a ${source.kind} source is not polled`);
    const outcome = await pollSource(deps, source);
    await audit(deps.db, { at: deps.clock.now(), actorUserId: c.get('user').id, action: 'source.poll', target: `source:${source.id}` });
    return c.json({ outcome, source: await sourceJson(deps, (await getSource(deps.db, source.id))!) }, 200);
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
    request: { body: { required: true, content: { 'application/json': { schema: CreateSource.omit({ name: true, poll_interval_seconds: true }) } } } },
    responses: { 200: json(PreviewSchema, 'What a poll would bring in, or why it failed'), ...errors(400, 401, 403) },
  }),
  async (c) => {
    const body = c.req.valid('json');
    return c.json(await previewSource(c.get('deps'), body.kind, body.url ?? null, body.config), 200);
  },
);

async function sourceJson(deps: Deps, s: Source) {
  const now = deps.clock.now();
  return toSourceJson(s, (await sourceVolumes(deps.db, now, VOLUME_DAYS, SPARK_DAYS)).get(s.id), now);
}

export default app;
