import { HTTPException } from 'hono/http-exception';
import { HOUR_MS } from '../../src/core/time/durations.ts';
import { requirePermission } from '../../src/api/middleware/auth.ts';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { caseByRef } from '../../db/queries/case-view.ts';
import { listCreditors } from '../../db/queries/creditors.ts';
import { confirmCaseLink } from '../../src/actions/cases/confirm-link.ts';
import { isNotFound } from '../../src/actions/cases/find-case.ts';
import { setCreditorReferenceFormat } from '../../src/actions/cases/reference-format.ts';
import { unlinkMention } from '../../src/actions/cases/unlink.ts';
import { viewCase } from '../../src/actions/cases/view.ts';
import { decideCaseStep } from '../../src/actions/steps/decide.ts';
import { can } from '../../src/core/auth/roles.ts';
import { AppError } from '../../src/core/errors.ts';
import { queryString } from '../lib/format.ts';
import { renderPage } from '../lib/render.ts';
import { requireCsrfToken, requireSession } from '../lib/session.ts';
import { caseFlashFor, CasePage, casePath } from '../pages/case.tsx';
import { type CaseListForm, CasesPage } from '../pages/cases.tsx';
import { listCases, type CaseList } from '../../src/actions/cases/list-cases.ts';
import type { CaseListQueryInput } from '../../src/actions/cases/schemas.ts';
import { caseFilterValues } from '../../db/queries/case-list.ts';
import { actionProblems, type Ctx, originCheck, formLimit, field, notFoundPage, mentionIdParam, caseLinkItems } from '../lib/route-kit.tsx';
import type { AppEnv } from '../../src/api/env.ts';

/** Case pages are for roles with `cases:read`; confirming and removing links needs `cases:write`. */
const requireCasesRead = requirePermission('cases:read', 'Your role cannot see collection cases.');

const requireCasesWrite = requirePermission('cases:write', 'Your role cannot change the links of collection cases.');

const MAX_REF = 100;

const NO_CASE = 'There is no case with that reference. It may have been erased, or not imported yet.';

const NO_LINK = 'This mention is not linked to the case. The link may have been removed already.';

const NO_STEP = 'There is no such step on this case.';

/** The `:ref` path parameter, or null when no case could have it (the API's limits on GET /api/cases/{ref}). */
function refParam(c: Ctx): string | null {
  const ref = c.req.param('ref') ?? '';
  return ref.length >= 1 && ref.length <= MAX_REF ? ref : null;
}

/** The not-found page for what a case action did not find; null for any other error. */
function missingPage(c: Ctx, err: unknown) {
  if (isNotFound(err, 'case')) return notFoundPage(c, NO_CASE);
  if (isNotFound(err, 'link')) return notFoundPage(c, NO_LINK);
  return null;
}

/** Collection cases: search, a case's page, its links and creditors' reference formats. */
export function caseRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();

  const renderCases = async (c: Ctx, extra: { form?: CaseListForm; page?: CaseList; problem?: string; flash?: string | null; status?: ContentfulStatusCode } = {}) => {
    const db = c.get('deps').db;
    const [formats, values] = await Promise.all([listCreditors(db), caseFilterValues(db)]);
    const page = extra.page ?? (await listCases(c.get('deps'), c.get('user'), {}));
    return renderPage(
      c,
      <CasesPage
        user={c.get('user')}
        csrfToken={c.get('csrfToken')}
        form={extra.form ?? {}}
        creditorsFound={values.creditors}
        teams={values.teams}
        cases={page.items}
        next={page.next_cursor}
        creditors={formats.map((r) => ({ creditor: r.creditor, cases: r.cases, format: r.ref_format }))}
        canWrite={can(c.get('user').role, 'cases:write')}
        problem={extra.problem}
        flash={extra.flash}
      />,
      extra.status ?? 200,
    );
  };

  // The list and its filters; a reference alone that names one case opens it.
  r.get('/cases', requireSession, requireCasesRead, async (c) => {
    const q = c.req.query();
    const flash =
      q.done === 'format'
        ? `Saved the reference format of ${q.creditor ?? 'the creditor'}: ${q.mentions ?? 0} mentions read again, ${q.added ?? 0} links added, ${q.removed ?? 0} removed.`
        : null;
    const form: CaseListForm = {
      ref: q.ref?.trim().slice(0, MAX_REF) || undefined,
      creditor: q.creditor || undefined,
      team: q.team || undefined,
      status: q.status || undefined,
      with_complaints: q.with_complaints === 'true' ? 'true' : undefined,
    };
    try {
      // The action reads the form with the API's schema: a bad status or cursor comes back as a problem.
      const page = await listCases(c.get('deps'), c.get('user'), { ...form, cursor: q.cursor } as CaseListQueryInput);
      const alone = form.ref && !form.creditor && !form.team && !form.status && !form.with_complaints && !q.cursor;
      const same = (ref: string) => ref.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
      const named = page.items.filter((i) => same(i.case_ref) === same(form.ref ?? ''));
      const one = page.items.length === 1 ? page.items[0] : named.length === 1 ? named[0] : undefined;
      if (alone && one) return c.redirect(casePath(one.case_ref), 303);
      return renderCases(c, { form, page, flash });
    } catch (err) {
      const refused = actionProblems(err);
      if (!refused) throw err;
      return renderCases(c, { form, page: { items: [], next_cursor: null }, problem: refused.message, status: refused.status });
    }
  });

  // As PUT /api/creditors/{creditor}/reference-format: the same action, so validated, audited and re-linked alike.
  r.post('/cases/reference-format', originCheck, formLimit, requireSession, requireCsrfToken, requireCasesWrite, async (c) => {
    const body = await c.req.parseBody();
    const creditor = field(body, 'creditor');
    const format = field(body, 'format').trim();
    try {
      const done = await setCreditorReferenceFormat(c.get('deps'), c.get('user'), creditor, { format: format || null });
      const r = done.relinked;
      return c.redirect(`/cases${queryString({ done: 'format', creditor, mentions: r.mentions, added: r.links_added, removed: r.links_removed })}`, 303);
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND') return renderCases(c, { problem: `${creditor}: ${err.message}`, status: 404 });
      const refused = actionProblems(err);
      if (refused) return renderCases(c, { problem: `${creditor}: ${refused.message}`, status: refused.status });
      throw err;
    }
  });

  r.get('/cases/:ref', requireSession, requireCasesRead, async (c) => {
    const deps = c.get('deps');
    const ref = refParam(c);
    if (ref === null) return notFoundPage(c, NO_CASE);
    let viewed;
    try {
      viewed = await viewCase(deps, c.get('user'), ref);
    } catch (err) {
      const page = missingPage(c, err);
      if (page) return page;
      throw err;
    }
    const { kase: found, identifiers, actions, steps } = viewed;
    const links = await caseLinkItems(deps.db, viewed.links);
    return renderPage(
      c,
      <CasePage
        user={c.get('user')}
        csrfToken={c.get('csrfToken')}
        kase={found}
        identifiers={identifiers}
        actions={actions}
        links={links}
        steps={steps}
        canWrite={can(c.get('user').role, 'cases:write')}
        flash={caseFlashFor(c.req.query())}
      />,
    );
  });

  // Confirm and remove, as PATCH and DELETE /api/cases/{ref}/links/{mention_id} do (the same actions).
  for (const [action, done] of [
    ['confirm', 'confirmed'],
    ['remove', 'removed'],
  ] as const) {
    r.post(`/cases/:ref/links/:mentionId/${action}`, originCheck, formLimit, requireSession, requireCsrfToken, requireCasesWrite, async (c) => {
      const deps = c.get('deps');
      const ref = refParam(c);
      if (ref === null) return notFoundPage(c, NO_CASE);
      const mentionId = mentionIdParam(c);
      if (mentionId === null) return notFoundPage(c, (await caseByRef(deps.db, ref)) ? NO_LINK : NO_CASE);
      try {
        if (action === 'confirm') await confirmCaseLink(deps, c.get('user'), ref, mentionId);
        else await unlinkMention(deps, c.get('user'), ref, mentionId);
      } catch (err) {
        const page = missingPage(c, err);
        if (page) return page;
        throw err;
      }
      // The reference matched the case exactly, so it is the case's own.
      return c.redirect(`${casePath(ref)}${queryString({ done, mention: mentionId })}`, 303);
    });
  }

  // Accept or dismiss a proposed step, as PATCH /api/cases/{ref}/steps/{id} does (the same action).
  r.post('/cases/:ref/steps/:stepId', originCheck, formLimit, requireSession, requireCsrfToken, requireCasesWrite, async (c) => {
    const deps = c.get('deps');
    const ref = refParam(c);
    const stepId = Number(c.req.param('stepId'));
    if (ref === null) return notFoundPage(c, NO_CASE);
    if (!Number.isSafeInteger(stepId) || stepId < 1) return notFoundPage(c, NO_STEP);
    const form = await c.req.parseBody();
    const decision = field(form, 'decision') === 'dismissed' ? 'dismissed' : 'accepted';
    // Accepted with another due time: hours from now, as a person says it ("within 4 hours").
    const hours = field(form, 'due_hours').trim();
    if (hours && !/^\d{1,3}$/.test(hours)) throw new HTTPException(400, { message: 'Due in hours: a whole number of hours, 1 to 720.' });
    const dueAt = hours ? new Date(deps.clock.now() + Math.min(720, Math.max(1, Number(hours))) * HOUR_MS).toISOString() : undefined;
    try {
      await decideCaseStep(deps, c.get('user'), ref, stepId, { decision, note: field(form, 'note').slice(0, 500) || undefined, ...(dueAt && { due_at: dueAt }) });
    } catch (err) {
      if (isNotFound(err, 'step')) return notFoundPage(c, NO_STEP);
      const page = missingPage(c, err);
      if (page) return page;
      // Decided already (by someone else, or twice): the page says so and shows what was decided.
      if (actionProblems(err)?.status === 409) return c.redirect(`${casePath(ref)}${queryString({ done: 'already' })}`, 303);
      throw err;
    }
    return c.redirect(`${casePath(ref)}${queryString({ done: decision })}`, 303);
  });

  return r;
}
