import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { listCreditors } from '../../../db/queries/creditors.ts';
import { setCreditorReferenceFormat } from '../../actions/cases/reference-format.ts';
import { FORMAT_HELP, ReferenceFormat } from '../../actions/cases/schemas.ts';
import type { AppEnv } from '../env.ts';
import { validationHook } from '../errors.ts';
import { bearerAuth, requirePermission } from '../middleware/auth.ts';
import { listOf, wholeList } from '../list-envelope.ts';
import { errors, json } from '../schemas.ts';

// Creditor-clients as the imported cases name them, and the format of each one's case references.

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const CreditorSchema = z
  .object({
    creditor: z.string(),
    cases: z.number().int(),
    reference_format: z.string().nullable().openapi({ example: 'LV-########' }),
    updated_at: z.string().nullable().openapi({ format: 'date-time', description: 'When the format was last set' }),
    updated_by: z.number().int().nullable(),
  })
  .openapi('Creditor');

const CreditorParam = z.object({
  creditor: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'creditor', in: 'path' }, example: 'Telia' }),
});

const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
app.use('*', bearerAuth);

app.openapi(
  createRoute({
    method: 'get',
    path: '/',
    summary: 'Creditors named by the cases, with their case counts and reference formats',
    middleware: [requirePermission('cases:read')] as const,
    responses: { 200: json(listOf(CreditorSchema), 'The creditors, by name'), ...errors(401, 403) },
  }),
  async (c) => {
    const rows = await listCreditors(c.get('deps').db);
    return c.json(
      wholeList(rows.map((r) => ({ creditor: r.creditor, cases: r.cases, reference_format: r.ref_format, updated_at: iso(r.updated_at), updated_by: r.updated_by }))),
      200,
    );
  },
);

app.openapi(
  createRoute({
    method: 'put',
    path: '/{creditor}/reference-format',
    summary: "Set or clear the format of a creditor's case references; stored mentions are re-linked at once. Audited.",
    description: FORMAT_HELP,
    middleware: [requirePermission('cases:write')] as const,
    request: {
      params: CreditorParam,
      body: { required: true, content: { 'application/json': { schema: ReferenceFormat } } },
    },
    responses: {
      200: json(
        z.object({
          creditor: z.string(),
          reference_format: z.string().nullable(),
          relinked: z
            .object({ mentions: z.number().int(), links_added: z.number().int(), links_removed: z.number().int() })
            .openapi({ description: 'Stored mentions read again, and the suggested links that came or went' }),
        }),
        'The format as stored, and what re-linking changed',
      ),
      ...errors(400, 401, 403, 404),
    },
  }),
  async (c) => {
    const done = await setCreditorReferenceFormat(c.get('deps'), c.get('user'), c.req.valid('param').creditor, c.req.valid('json'));
    return c.json({ creditor: done.creditor, reference_format: done.format, relinked: done.relinked }, 200);
  },
);

export default app;
