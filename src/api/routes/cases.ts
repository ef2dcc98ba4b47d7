import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { importCaseActions } from '../../actions/cases/import-actions.ts';
import { importCases } from '../../actions/cases/import-cases.ts';
import { ActionItems, CaseItems } from '../../actions/cases/schemas.ts';
import type { AppEnv } from '../env.ts';
import { validationHook } from '../errors.ts';
import { bearerAuth, requirePermission } from '../middleware/auth.ts';
import { errors, json } from '../schemas.ts';

const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
app.use('*', bearerAuth);

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
    request: { body: { required: true, content: { 'application/json': { schema: CaseItems } } } },
    responses: { 201: json(ImportResult, 'What became of the items; bad ones by index'), ...errors(400, 401, 403) },
  }),
  async (c) => {
    return c.json(await importCases(c.get('deps'), c.get('user'), c.req.valid('json')), 201);
  },
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/{ref}/actions',
    summary: "Import a case's collection actions; an action already stored is not added again",
    description: 'Fields: at, channel, action_type; optional team, agent, outcome. The case_ref is the one in the path.',
    middleware: [requirePermission('cases:write')] as const,
    request: { params: RefParam, body: { required: true, content: { 'application/json': { schema: ActionItems } } } },
    responses: { 201: json(ImportResult, 'What became of the items; bad ones by index'), ...errors(400, 401, 403) },
  }),
  async (c) => {
    return c.json(await importCaseActions(c.get('deps'), c.get('user'), c.req.valid('param').ref, c.req.valid('json')), 201);
  },
);

export default app;
