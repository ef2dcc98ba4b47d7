import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { decideCaseStep, DecideStepInput } from '../../actions/steps/decide.ts';
import { STEP_WORDS } from '../../core/steps/step-rules.ts';
import type { StepOnCase } from '../../../db/queries/steps.ts';
import type { LinkedMentionRow } from '../../../db/queries/case-view.ts';
import {
  ACTION_TYPES,
  CASE_STATUSES,
  CHANNELS,
  LINK_METHODS,
  LINK_STATUSES,
  SEGMENTS,
  SENTIMENT_LABELS,
  STEP_CODES,
  STEP_STATUSES,
  TACTICS,
} from '../../../db/schema/constants.ts';
import { stringList } from '../../../db/schema/json-lists.ts';
import { confirmCaseLink } from '../../actions/cases/confirm-link.ts';
import { linkMention } from '../../actions/cases/link.ts';
import { ConfirmLink, LinkMention } from '../../actions/cases/schemas.ts';
import { unlinkMention } from '../../actions/cases/unlink.ts';
import { viewCase } from '../../actions/cases/view.ts';
import { eraseCaseByRef } from '../../core/cases/erase.ts';
import type { AppEnv } from '../env.ts';
import { validationHook } from '../errors.ts';
import { bearerAuth, requirePermission } from '../middleware/auth.ts';
import { errors, json } from '../schemas.ts';

// A case, its timeline and the mentions linked to it; links confirmed or removed by hand; erasure on request.
// Every view of a case is audited (target "case:<ref>", never an identifier).

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

const RefParam = z.object({
  ref: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'ref', in: 'path' }, example: 'LV-40512377' }),
});
const LinkParams = RefParam.extend({
  mention_id: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'mention_id', in: 'path' }, example: 1 }),
});

const LinkSchema = z
  .object({
    mention_id: z.number().int(),
    published_at: z.string().openapi({ format: 'date-time' }),
    sentiment: z.object({ label: z.enum(SENTIMENT_LABELS), score: z.number() }).nullable(),
    tactics: z.array(z.enum(TACTICS)),
    method: z.enum(LINK_METHODS),
    confidence: z.number(),
    status: z.enum(LINK_STATUSES),
    created_by: z.number().int().nullable(),
    created_at: z.string().openapi({ format: 'date-time' }),
    confirmed_by: z.number().int().nullable(),
    confirmed_at: z.string().nullable().openapi({ format: 'date-time' }),
  })
  .openapi('CaseLink');

const StepSchema = z
  .object({
    id: z.number().int(),
    mention_id: z.number().int(),
    step: z.enum(STEP_CODES).openapi({ description: 'The step, as a reason code the collection system can act on' }),
    words: z.string().openapi({ description: 'The step in words' }),
    reason: z.string().openapi({ description: 'Why, in words (never the mention’s text)' }),
    status: z.enum(STEP_STATUSES),
    due_at: z.string().openapi({ format: 'date-time' }),
    note: z.string().nullable(),
    decided_by: z.number().int().nullable(),
    decided_at: z.string().nullable().openapi({ format: 'date-time' }),
    hand_off: z
      .object({ status: z.enum(['pending', 'sent', 'failed']), sent_at: z.string().nullable(), last_error: z.string().nullable() })
      .nullable()
      .openapi({ description: 'What became of an accepted step’s hand-off to the collection system' }),
  })
  .openapi('CaseStep');

function stepJson(s: StepOnCase): z.infer<typeof StepSchema> {
  return {
    id: s.id,
    mention_id: s.mentionId,
    step: s.step,
    words: STEP_WORDS[s.step],
    reason: s.reason,
    status: s.status,
    due_at: iso(s.dueAt)!,
    note: s.note,
    decided_by: s.decidedBy,
    decided_at: iso(s.decidedAt),
    hand_off: s.handOff ? { status: s.handOff.status, sent_at: iso(s.handOff.sentAt), last_error: s.handOff.lastError } : null,
  };
}

const CaseViewSchema = z
  .object({
    case_ref: z.string(),
    creditor: z.string(),
    segment: z.enum(SEGMENTS),
    country: z.string(),
    opened_at: z.string().openapi({ format: 'date-time' }),
    closed_at: z.string().nullable().openapi({ format: 'date-time' }),
    status: z.enum(CASE_STATUSES),
    amount: z.number().nullable(),
    currency: z.string().nullable(),
    language: z.string().nullable(),
    team: z.string().nullable(),
    identifiers: z
      .object({ handle: z.number().int(), email: z.number().int(), phone: z.number().int() })
      .openapi({ description: 'How many of each kind; identifiers themselves are never returned' }),
    actions: z.array(
      z.object({
        at: z.string().openapi({ format: 'date-time' }),
        channel: z.enum(CHANNELS),
        action_type: z.enum(ACTION_TYPES),
        team: z.string().nullable(),
        agent: z.string().nullable(),
        outcome: z.string().nullable(),
      }),
    ),
    links: z.array(LinkSchema),
    steps: z.array(StepSchema).openapi({ description: 'The next steps proposed on the case, open ones first' }),
  })
  .openapi('CaseView');

function linkJson(l: LinkedMentionRow): z.infer<typeof LinkSchema> {
  return {
    mention_id: Number(l.mention_id),
    published_at: iso(l.published_at)!,
    sentiment: l.sentiment_label ? { label: l.sentiment_label as (typeof SENTIMENT_LABELS)[number], score: Number(l.sentiment_score ?? 0) } : null,
    tactics: stringList(l.tactics) as z.infer<typeof LinkSchema>['tactics'],
    method: l.method,
    confidence: Number(l.confidence),
    status: l.status,
    created_by: l.created_by === null ? null : Number(l.created_by),
    created_at: iso(l.created_at)!,
    confirmed_by: l.confirmed_by === null ? null : Number(l.confirmed_by),
    confirmed_at: iso(l.confirmed_at),
  };
}

const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
app.use('*', bearerAuth);

app.openapi(
  createRoute({
    method: 'get',
    path: '/{ref}',
    summary: 'A case: its actions (timeline) and linked mentions; identifiers only as counts. Audited.',
    middleware: [requirePermission('cases:read')] as const,
    request: { params: RefParam },
    responses: { 200: json(CaseViewSchema, 'The case'), ...errors(400, 401, 403, 404) },
  }),
  async (c) => {
    const { kase, identifiers, actions, links, steps } = await viewCase(c.get('deps'), c.get('user'), c.req.valid('param').ref);
    const { id: _id, case_ref, opened_at, closed_at, ...rest } = kase;
    return c.json(
      {
        case_ref,
        ...(rest as Omit<typeof rest, 'segment' | 'status'> & { segment: (typeof SEGMENTS)[number]; status: (typeof CASE_STATUSES)[number] }),
        amount: rest.amount === null ? null : Number(rest.amount),
        opened_at: iso(opened_at)!,
        closed_at: iso(closed_at),
        identifiers,
        actions: actions.map((a) => ({
          ...a,
          at: iso(a.at)!,
          channel: a.channel as (typeof CHANNELS)[number],
          action_type: a.action_type as (typeof ACTION_TYPES)[number],
        })),
        links: links.map(linkJson),
        steps: steps.map(stepJson),
      },
      200,
    );
  },
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/{ref}/links',
    summary: 'Link a mention to a case by hand (confirmed at once)',
    middleware: [requirePermission('cases:write')] as const,
    request: {
      params: RefParam,
      body: { required: true, content: { 'application/json': { schema: LinkMention } } },
    },
    responses: { 201: json(LinkSchema, 'The link'), ...errors(400, 401, 403, 404) },
  }),
  async (c) => {
    const { ref } = c.req.valid('param');
    return c.json(linkJson(await linkMention(c.get('deps'), c.get('user'), ref, c.req.valid('json'))), 201);
  },
);

app.openapi(
  createRoute({
    method: 'patch',
    path: '/{ref}/links/{mention_id}',
    summary: 'Confirm a suggested link',
    middleware: [requirePermission('cases:write')] as const,
    request: {
      params: LinkParams,
      body: { required: true, content: { 'application/json': { schema: ConfirmLink } } },
    },
    responses: { 200: json(LinkSchema, 'The link'), ...errors(400, 401, 403, 404) },
  }),
  async (c) => {
    const { ref, mention_id } = c.req.valid('param');
    return c.json(linkJson(await confirmCaseLink(c.get('deps'), c.get('user'), ref, mention_id)), 200);
  },
);

app.openapi(
  createRoute({
    method: 'delete',
    path: '/{ref}/links/{mention_id}',
    summary: 'Remove a link',
    middleware: [requirePermission('cases:write')] as const,
    request: { params: LinkParams },
    responses: { 204: { description: 'Removed' }, ...errors(400, 401, 403, 404) },
  }),
  async (c) => {
    const { ref, mention_id } = c.req.valid('param');
    await unlinkMention(c.get('deps'), c.get('user'), ref, mention_id);
    return c.body(null, 204);
  },
);

app.openapi(
  createRoute({
    method: 'delete',
    path: '/{ref}',
    summary: 'Erase a case on request: its identifiers, links, actions and the case; audited without the erased data',
    middleware: [requirePermission('cases:erase')] as const,
    request: { params: RefParam },
    responses: {
      200: json(
        z.object({
          erased: z.object({ cases: z.number().int(), identifiers: z.number().int(), links: z.number().int(), actions: z.number().int(), alert_notes: z.number().int() }),
        }),
        'What was erased (counts; notes on its alerts are redacted)',
      ),
      ...errors(400, 401, 403, 404),
    },
  }),
  async (c) => {
    const deps = c.get('deps');
    const erased = await eraseCaseByRef(deps, c.req.valid('param').ref, c.get('user').id);
    return c.json({ erased }, 200);
  },
);

app.openapi(
  createRoute({
    method: 'patch',
    path: '/{ref}/steps/{step_id}',
    summary: 'Accept (as proposed, or with another due time and a note) or dismiss a proposed next step. Audited.',
    middleware: [requirePermission('cases:write')] as const,
    request: {
      params: RefParam.extend({
        step_id: z.coerce
          .number()
          .int()
          .positive()
          .openapi({ param: { name: 'step_id', in: 'path' }, example: 1 }),
      }),
      body: { required: true, content: { 'application/json': { schema: DecideStepInput } } },
    },
    responses: { 200: json(StepSchema, 'The step as decided'), ...errors(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const { ref, step_id } = c.req.valid('param');
    return c.json(stepJson(await decideCaseStep(c.get('deps'), c.get('user'), ref, step_id, c.req.valid('json'))), 200);
  },
);

export default app;
