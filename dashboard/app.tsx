import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { describeZodError } from '../src/core/errors.ts';
import { z } from 'zod';
import type { AppEnv } from '../src/api/env.ts';
import { AppError } from '../src/core/errors.ts';
import { renderPage } from './lib/render.ts';
import { ErrorPage } from './pages/error.tsx';
import { STYLE_CSS, STYLE_VERSION } from './static/style.ts';
import { authRoutes } from './routes/auth.tsx';
import { mentionRoutes } from './routes/mentions.tsx';
import { tacticsRoutes } from './routes/tactics.tsx';
import { sourceRoutes } from './routes/sources.tsx';
import { digestRoutes } from './routes/digest.tsx';
import { alertRoutes } from './routes/alerts.tsx';
import { userRoutes } from './routes/users.tsx';
import { viewRoutes } from './routes/views.tsx';
import { caseRoutes } from './routes/cases.tsx';
import { creditorRoutes } from './routes/creditor.tsx';
import { stepRoutes } from './routes/steps.tsx';
export { DIGEST_PREVIEW_PATH } from './lib/route-kit.tsx';
export { CREDITOR_REPORT_PATH } from './pages/creditor.tsx';

/**
 * The server-rendered dashboard, mounted at `/` by the API app (which sets `deps` and a request id first).
 * Middleware is attached per route, never on `*`, so it cannot touch `/api`, `/metrics` or other routes.
 */
export function createDashboard(): Hono<AppEnv> {
  const dash = new Hono<AppEnv>();

  dash.onError((thrown, c) => {
    const user = c.get('user');
    const csrfToken = c.get('csrfToken');
    // Refused input (the API's schemas, the domain's checks) is shown with its reason and the API's status, never as a 500.
    const err =
      thrown instanceof z.ZodError
        ? new HTTPException(400, { message: describeZodError(thrown) })
        : thrown instanceof AppError && thrown.status < 500
          ? new HTTPException(thrown.status as ContentfulStatusCode, { message: thrown.message })
          : thrown;
    if (err instanceof HTTPException) {
      const status = err.status as ContentfulStatusCode;
      const title = status === 403 ? 'Forbidden' : status === 404 ? 'Not found' : status === 413 ? 'Too large' : 'Request refused';
      const message =
        status === 403 && (!err.message || err.message === 'Forbidden')
          ? 'This request did not come from an Earshot page. Go back, reload the page and try again.'
          : err.message || 'The request could not be handled.';
      return renderPage(c, <ErrorPage status={status} title={title} message={message} user={user} csrfToken={csrfToken} />, status);
    }
    // Only the message: never request bodies or mention text.
    c.get('deps')?.log.error('dashboard request failed', {
      request_id: c.get('requestId'),
      path: c.req.path,
      error: err.message.slice(0, 500),
    });
    return renderPage(
      c,
      <ErrorPage
        status={500}
        title="Something went wrong"
        message="Something went wrong on our side. The request id identifies it in the log."
        requestId={c.get('requestId')}
        user={user}
        csrfToken={csrfToken}
      />,
      500,
    );
  });

  dash.get('/static/style.css', (c) => {
    const versioned = c.req.query('v') === STYLE_VERSION;
    return c.body(STYLE_CSS, 200, {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
    });
  });

  dash.route('/', authRoutes());
  dash.route('/', mentionRoutes());
  dash.route('/', tacticsRoutes());
  dash.route('/', sourceRoutes());
  dash.route('/', digestRoutes());
  dash.route('/', alertRoutes());
  dash.route('/', userRoutes());
  dash.route('/', caseRoutes());
  dash.route('/', creditorRoutes());
  dash.route('/', stepRoutes());
  dash.route('/', viewRoutes());

  return dash;
}
