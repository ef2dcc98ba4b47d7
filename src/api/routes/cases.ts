import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { importCaseActions } from '../../actions/cases/import-actions.ts';
import { importCases } from '../../actions/cases/import-cases.ts';
import { listCases } from '../../actions/cases/list-cases.ts';
import { ActionItems, CaseItems, CaseListQuery } from '../../actions/cases/schemas.ts';
import { CASE_STATUSES, SEGMENTS } from '../../../db/schema/constants.ts';
import { listOf } from '../list-envelope.ts';
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

const CaseListItem = z.object({
  case_ref: z.string(),
  creditor: z.string(),
  segment: z.enum(SEGMENTS),
  country: z.string(),
  team: z.string().nullable(),
  status: z.enum(CASE_STATUSES),
  opened_at: z.string().openapi({ description: 'ISO 8601' }),
  actions: z.number().int(),
  last_action_at: z.string().nullable().openapi({ description: 'ISO 8601; null without actions' }),
  complaints: z.number().int().openapi({ description: 'Linked negative, relevant mentions' }),
});

app.openapi(
  createRoute({
    method: 'get',
    path: '/',
    summary: 'List cases, the most recently opened first (audited: references are personal data)',
    middleware: [requirePermission('cases:read')] as const,
    request: { query: CaseListQuery },
    responses: { 200: json(listOf(CaseListItem), 'A page of cases'), ...errors(400, 401, 403) },
  }),
  async (c) => {
    const page = await listCases(c.get('deps'), c.get('user'), c.req.valid('query'));
    const iso = (ms: number) => new Date(ms).toISOString();
    const items = page.items.map((r) => ({
      case_ref: r.case_ref,
      creditor: r.creditor,
      segment: r.segment as (typeof SEGMENTS)[number],
      country: r.country,
      team: r.team,
      status: r.status as (typeof CASE_STATUSES)[number],
      opened_at: iso(r.opened_at),
      actions: r.actions,
      last_action_at: r.last_action_at === null ? null : iso(r.last_action_at),
      complaints: r.complaints,
    }));
    return c.json({ items, next_cursor: page.next_cursor }, 200);
  },
);

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
