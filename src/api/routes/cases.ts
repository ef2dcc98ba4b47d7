import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { audit } from '../../../db/queries/users.ts';
import { ACTION_ROWS, CASE_ROWS, MAX_CASE_ROWS, storeActions, storeCases, validateItems } from '../../core/cases/import-cases.ts';
import type { AppEnv } from '../env.ts';
import { validationHook } from '../errors.ts';
import { bearerAuth, requirePermission } from '../middleware/auth.ts';
import { errors, json } from '../schemas.ts';

const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
app.use('*', bearerAuth);

// Items are checked one by one (as rows of a file are), so one bad item is reported by index, not the whole call.
const Items = (what: string) =>
  z
    .array(z.record(z.string(), z.unknown()))
    .min(1)
    .max(MAX_CASE_ROWS)
    .openapi({ description: `Up to ${MAX_CASE_ROWS.toLocaleString('en-US')} ${what}, with the fields of the file import (see the README)` });

const ImportResult = z.object({
  new: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  skipped: z.array(z.object({ index: z.number().int(), reason: z.string() })),
});

const RefParam = z.object({ ref: z.string().min(1).max(100).openapi({ description: "The collector's case reference" }) });

app.openapi(
  createRoute({
    method: 'post',
    path: '/',
    summary: 'Import cases: new ones are added, changed ones updated, unchanged ones left alone',
    description:
      'Fields: case_ref, creditor, segment, country, opened_at, status; optional closed_at, amount, currency, language, team, ' +
      'debtor_handles, debtor_emails, debtor_phones (arrays). Debtor identifiers are stored only as keyed hashes and need EARSHOT_SECRET_KEY.',
    middleware: [requirePermission('cases:write')] as const,
    request: { body: { required: true, content: { 'application/json': { schema: Items('cases') } } } },
    responses: { 201: json(ImportResult, 'What became of the items; bad ones by index'), ...errors(400, 401, 403) },
  }),
  async (c) => {
    const deps = c.get('deps');
    const { items, bad } = validateItems(c.req.valid('json'), CASE_ROWS);
    const stored = await storeCases(deps, items.map((i) => i.item));
    const result = { new: stored.new, updated: stored.updated, unchanged: stored.unchanged, skipped: bad };
    await audit(deps.db, {
      at: deps.clock.now(),
      actorUserId: c.get('user').id,
      action: 'cases.import',
      details: { new: result.new, updated: result.updated, unchanged: result.unchanged, skipped: bad.length },
    });
    return c.json(result, 201);
  },
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/{ref}/actions',
    summary: "Import a case's collection actions; an action already stored is not added again",
    description: 'Fields: at, channel, action_type; optional team, agent, outcome. The case_ref is the one in the path.',
    middleware: [requirePermission('cases:write')] as const,
    request: { params: RefParam, body: { required: true, content: { 'application/json': { schema: Items('actions') } } } },
    responses: { 201: json(ImportResult, 'What became of the items; bad ones by index'), ...errors(400, 401, 403) },
  }),
  async (c) => {
    const deps = c.get('deps');
    const { ref } = c.req.valid('param');
    const { items, bad } = validateItems(
      c.req.valid('json').map((a) => ({ ...a, case_ref: ref })),
      ACTION_ROWS,
    );
    const stored = await storeActions(deps, items.map((i) => i.item));
    const skipped = [...bad, ...stored.rejected.map((r) => ({ index: items[r.index]!.index, reason: r.reason }))].sort((a, b) => a.index - b.index);
    const result = { new: stored.new, updated: stored.updated, unchanged: stored.unchanged, skipped };
    await audit(deps.db, {
      at: deps.clock.now(),
      actorUserId: c.get('user').id,
      action: 'cases.actions.import',
      target: `case:${ref}`,
      details: { new: result.new, updated: result.updated, unchanged: result.unchanged, skipped: skipped.length },
    });
    return c.json(result, 201);
  },
);

export default app;
