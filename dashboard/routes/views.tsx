import { Hono } from 'hono';
import type { SavedViewPage } from '../../db/schema/constants.ts';
import { removeView } from '../../src/actions/views/remove.ts';
import { saveView } from '../../src/actions/views/save.ts';
import type { AppEnv } from '../../src/api/env.ts';
import { AppError } from '../../src/core/errors.ts';
import { renderPage } from '../lib/render.ts';
import { actionProblems, field, formLimit, notFoundPage, originCheck } from '../lib/route-kit.tsx';
import { requireCsrfToken, requireSession } from '../lib/session.ts';
import { ErrorPage } from '../pages/error.tsx';

/** Saved views of the Mentions and Tactics pages: save the filters shown under a name, remove one. */
export function viewRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  const form = [originCheck, formLimit, requireSession, requireCsrfToken] as const;

  r.post('/views', ...form, async (c) => {
    const body = await c.req.parseBody();
    const page = field(body, 'page') as SavedViewPage;
    try {
      const view = await saveView(c.get('deps'), c.get('user'), { page, name: field(body, 'name'), query: field(body, 'query') });
      return c.redirect(`/${view.page}${view.query ? `?${view.query}` : ''}`, 303);
    } catch (err) {
      const refused = actionProblems(err);
      if (!refused) throw err;
      const message = `The view was not saved: ${refused.message.replace(/^name: /, 'Name: ')}. Go back to change it.`;
      return renderPage(c, <ErrorPage status={refused.status} title="Not saved" message={message} user={c.get('user')} csrfToken={c.get('csrfToken')} />, refused.status);
    }
  });

  r.post('/views/:id{[0-9]+}/delete', ...form, async (c) => {
    const body = await c.req.parseBody();
    const back = field(body, 'back');
    try {
      await removeView(c.get('deps'), c.get('user'), Number(c.req.param('id')));
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND') return notFoundPage(c, 'That view no longer exists.');
      throw err;
    }
    return c.redirect(/^\/(mentions|tactics)(\?|$)/.test(back) ? back : '/', 303);
  });

  return r;
}
