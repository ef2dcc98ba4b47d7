import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { undecidedSteps } from '../../db/queries/steps.ts';
import { DEFAULT_EFFECT_DAYS, readStepEffects } from '../../src/actions/steps/effects.ts';
import { exportAcceptedSteps } from '../../src/actions/steps/export.ts';
import { listNextStepRules, updateNextStepRule } from '../../src/actions/steps/update-rule.ts';
import type { AppEnv } from '../../src/api/env.ts';
import { requirePermission } from '../../src/api/middleware/auth.ts';
import { can } from '../../src/core/auth/roles.ts';
import { AppError } from '../../src/core/errors.ts';
import { STEP_RULE_PARAMS } from '../../src/core/steps/step-rules.ts';
import { DAY_MS } from '../../src/core/time/durations.ts';
import type { StepRuleKind } from '../../db/schema/constants.ts';
import { isoDay } from '../lib/format.ts';
import { renderPage } from '../lib/render.ts';
import { actionProblems, type Ctx, formLimit, notFoundPage, originCheck } from '../lib/route-kit.tsx';
import { fieldsOf, paramsFromForm } from '../lib/rule-form.ts';
import { requireCsrfToken, requireSession } from '../lib/session.ts';
import { StepsPage } from '../pages/steps.tsx';

const requireCasesRead = requirePermission('cases:read', 'Your role cannot see next steps on collection cases.');
const requireCasesWrite = requirePermission('cases:write', 'Your role cannot change the next-step rules.');
const DONE: Record<string, string> = { rule: 'The rule is saved.' };

/** The Steps page: did they help, which wait for a decision, the rules (changed here as through PATCH /api/steps/rules). */
export function stepRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();

  const render = async (c: Ctx, opts: { flash?: string | null; problem?: string | null; status?: ContentfulStatusCode } = {}) => {
    const deps = c.get('deps');
    const user = c.get('user');
    const now = deps.clock.now();
    const q = c.req.query();
    const form = { from: q.from || isoDay(now - DEFAULT_EFFECT_DAYS * DAY_MS), to: q.to || isoDay(now) };
    let problem = opts.problem ?? null;
    const effects = await readStepEffects(deps, user, form).catch((err: unknown) => {
      if (!(err instanceof AppError && err.code === 'BAD_REQUEST')) throw err;
      problem = err.message;
      return null;
    });
    return renderPage(
      c,
      <StepsPage
        user={user}
        csrfToken={c.get('csrfToken')}
        form={form}
        effects={effects?.effects ?? []}
        rules={await listNextStepRules(deps, user)}
        undecided={await undecidedSteps(deps.db, now, 20)}
        now={now}
        canWrite={can(user.role, 'cases:write')}
        flash={opts.flash ?? null}
        problem={problem}
      />,
      opts.status ?? (problem && !opts.problem ? 400 : 200),
    );
  };

  r.get('/steps', requireSession, requireCasesRead, (c) => {
    const done = c.req.query('done');
    return render(c, { flash: done ? (DONE[done] ?? null) : null });
  });

  // The day's accepted steps as a file, the same (audited) export as GET /api/steps/export.
  r.get('/steps/export', requireSession, requireCasesRead, async (c) => {
    const q = c.req.query();
    const out = await exportAcceptedSteps(c.get('deps'), c.get('user'), { day: q.day ?? '', ...(q.format && { format: q.format as 'csv' | 'jsonl' }) });
    return c.body(out.body, 200, { 'content-type': out.contentType, 'content-disposition': `attachment; filename="${out.filename}"` });
  });

  /** Runs a change to a rule; a refused one is shown on the page with its reason. */
  const ruleChange = (change: (c: Ctx, id: number, kind: StepRuleKind) => Promise<void>) => async (c: Ctx) => {
    const idText = c.req.param('id') ?? '';
    const rule = /^\d{1,15}$/.test(idText) ? (await listNextStepRules(c.get('deps'), c.get('user'))).find((x) => x.id === Number(idText)) : undefined;
    if (!rule) return notFoundPage(c, 'There is no such rule.');
    try {
      await change(c, rule.id, rule.kind);
      return c.redirect('/steps?done=rule', 303);
    } catch (err) {
      const refused = actionProblems(err);
      if (refused) return render(c, { problem: refused.message, status: refused.status });
      throw err;
    }
  };
  const write = [originCheck, formLimit, requireSession, requireCsrfToken, requireCasesWrite] as const;

  for (const state of ['on', 'off'] as const) {
    r.post(
      `/steps/rules/:id/${state}`,
      ...write,
      ruleChange(async (c, id) => {
        await updateNextStepRule(c.get('deps'), c.get('user'), id, { enabled: state === 'on' });
      }),
    );
  }

  r.post(
    '/steps/rules/:id',
    ...write,
    ruleChange(async (c, id, kind) => {
      const body = await c.req.parseBody({ all: true });
      const form = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string')]));
      await updateNextStepRule(c.get('deps'), c.get('user'), id, { params: paramsFromForm(fieldsOf(STEP_RULE_PARAMS[kind]), form) });
    }),
  );

  return r;
}
