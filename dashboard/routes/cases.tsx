import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { confirmLink, deleteLink } from '../../db/queries/case-links.ts';
import { actionsOfCase, caseByRef, getLink, identifierCounts, linkedMentionsOfCase } from '../../db/queries/case-view.ts';
import { audit } from '../../db/queries/users.ts';
import { listCreditors } from '../../db/queries/creditors.ts';
import { setReferenceFormat } from '../../src/core/cases/creditor-formats.ts';
import { can } from '../../src/core/auth/roles.ts';
import { AppError } from '../../src/core/errors.ts';
import { queryString } from '../lib/format.ts';
import { renderPage } from '../lib/render.ts';
import { requireCsrfToken, requireSession } from '../lib/session.ts';
import { caseFlashFor, CasePage, casePath, CasesSearchPage } from '../pages/case.tsx';
import { type Ctx, originCheck, formLimit, field, notFoundPage, pagePermission, mentionIdParam, caseLinkItems } from '../lib/route-kit.tsx';
import type { AppEnv } from '../../src/api/env.ts';

/** Case pages are for roles with `cases:read`; confirming and removing links needs `cases:write`. */
const requireCasesRead = pagePermission('cases:read', 'Your role cannot see collection cases.');

const requireCasesWrite = pagePermission('cases:write', 'Your role cannot change the links of collection cases.');

const MAX_REF = 100;

const NO_CASE = 'There is no case with that reference. It may have been erased, or not imported yet.';

/** The case named by the `:ref` path parameter, or null (the same lookup as GET /api/cases/{ref}). */
async function caseFromParam(c: Ctx) {
  const ref = c.req.param('ref') ?? '';
  return ref.length >= 1 && ref.length <= MAX_REF ? caseByRef(c.get('deps').db, ref) : null;
}

/** Collection cases: search, a case's page, its links and creditors' reference formats. */
export function caseRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();


  const renderCases = async (c: Ctx, extra: { problem?: string; flash?: string | null; status?: ContentfulStatusCode } = {}) => {
    const creditors = (await listCreditors(c.get('deps').db)).map((r) => ({ creditor: r.creditor, cases: r.cases, format: r.ref_format }));
    return renderPage(
      c,
      <CasesSearchPage user={c.get('user')} csrfToken={c.get('csrfToken')} creditors={creditors} canWrite={can(c.get('user').role, 'cases:write')} problem={extra.problem} flash={extra.flash} />,
      extra.status ?? 200,
    );
  };

  r.get('/cases', requireSession, requireCasesRead, async (c) => {
    const asked = c.req.query('ref');
    if (asked === undefined) {
      const q = c.req.query();
      const flash = q.done === 'format' ? `Saved the reference format of ${q.creditor ?? 'the creditor'}: ${q.mentions ?? 0} mentions read again, ${q.added ?? 0} links added, ${q.removed ?? 0} removed.` : null;
      return renderCases(c, { flash });
    }
    const ref = asked.trim();
    if (!ref || ref.length > MAX_REF) {
      const problem = ref ? `A case reference has at most ${MAX_REF} characters.` : 'Enter a case reference.';
      return renderPage(c, <CasesSearchPage user={c.get('user')} csrfToken={c.get('csrfToken')} value={ref.slice(0, MAX_REF)} problem={problem} />, 400);
    }
    return c.redirect(casePath(ref), 303);
  });


  // As PUT /api/creditors/{creditor}/reference-format: validated, audited, stored mentions re-linked at once.
  r.post('/cases/reference-format', originCheck, formLimit, requireSession, requireCsrfToken, requireCasesWrite, async (c) => {
    const body = await c.req.parseBody();
    const creditor = field(body, 'creditor');
    const format = field(body, 'format').trim();
    try {
      const done = await setReferenceFormat(c.get('deps'), creditor, format || null, c.get('user').id);
      const r = done.relinked;
      return c.redirect(`/cases${queryString({ done: 'format', creditor, mentions: r.mentions, added: r.links_added, removed: r.links_removed })}`, 303);
    } catch (err) {
      if (err instanceof AppError) return renderCases(c, { problem: `${creditor}: ${err.message}`, status: err.code === 'NOT_FOUND' ? 404 : 400 });
      throw err;
    }
  });

  r.get('/cases/:ref', requireSession, requireCasesRead, async (c) => {
    const deps = c.get('deps');
    const found = await caseFromParam(c);
    if (!found) return notFoundPage(c, NO_CASE);
    const [identifiers, actions, linked] = await Promise.all([identifierCounts(deps.db, found.id), actionsOfCase(deps.db, found.id), linkedMentionsOfCase(deps.db, found.id)]);
    // Audited exactly like GET /api/cases/{ref}.
    await audit(deps.db, { at: deps.clock.now(), actorUserId: c.get('user').id, action: 'case.view', target: `case:${found.case_ref}` });
    const links = await caseLinkItems(deps.db, linked);
    return renderPage(
      c,
      <CasePage
        user={c.get('user')}
        csrfToken={c.get('csrfToken')}
        kase={found}
        identifiers={identifiers}
        actions={actions}
        links={links}
        canWrite={can(c.get('user').role, 'cases:write')}
        flash={caseFlashFor(c.req.query())}
      />,
    );
  });

  // Confirm and remove, as PATCH and DELETE /api/cases/{ref}/links/{mention_id} do (same queries, same audit entries).
  for (const [action, done] of [['confirm', 'confirmed'], ['remove', 'removed']] as const) {
    r.post(`/cases/:ref/links/:mentionId/${action}`, originCheck, formLimit, requireSession, requireCsrfToken, requireCasesWrite, async (c) => {
      const deps = c.get('deps');
      const found = await caseFromParam(c);
      if (!found) return notFoundPage(c, NO_CASE);
      const mentionId = mentionIdParam(c);
      if (mentionId === null || !(await getLink(deps.db, found.id, mentionId))) {
        return notFoundPage(c, 'This mention is not linked to the case. The link may have been removed already.');
      }
      const now = deps.clock.now();
      const actorUserId = c.get('user').id;
      if (action === 'confirm') {
        await confirmLink(deps.db, { caseId: found.id, mentionId, userId: actorUserId, now });
        await audit(deps.db, { at: now, actorUserId, action: 'case.link_confirm', target: `case:${found.case_ref}`, details: { mention_id: mentionId } });
      } else {
        await deleteLink(deps.db, found.id, mentionId);
        await audit(deps.db, { at: now, actorUserId, action: 'case.unlink', target: `case:${found.case_ref}`, details: { mention_id: mentionId } });
      }
      return c.redirect(`${casePath(found.case_ref)}${queryString({ done, mention: mentionId })}`, 303);
    });
  }


  return r;
}
