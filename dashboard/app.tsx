import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { getMention, listMentions, overviewStats } from '../db/queries/mentions.ts';
import { listSources } from '../db/queries/sources.ts';
import type { AppEnv } from '../src/api/env.ts';
import { login, logout, sessionFor } from '../src/core/auth/accounts.ts';
import { encodeCursor } from '../src/core/cursor.ts';
import { randomSecret } from '../src/core/crypto.ts';
import { parseFilters } from './lib/filters.ts';
import { DAY_MS, queryString, startOfUtcDay } from './lib/format.ts';
import { renderPage } from './lib/render.ts';
import {
  isHttps,
  LOGIN_CSRF_COOKIE,
  LOGIN_CSRF_PATH,
  requireCsrfToken,
  requireSession,
  safeNext,
  sameSecret,
  SESSION_COOKIE,
} from './lib/session.ts';
import { ErrorPage } from './pages/error.tsx';
import { LoginPage } from './pages/login.tsx';
import { MentionPage } from './pages/mention.tsx';
import { MentionsPage } from './pages/mentions.tsx';
import { OverviewPage, RANGES, type RangeDays } from './pages/overview.tsx';
import { STYLE_CSS, STYLE_VERSION } from './static/style.ts';

const PAGE_SIZE = 50;
const MAX_FORM_BYTES = 16 * 1024;
const BAD_LOGIN = 'E-mail or password is wrong';
const LOGIN_CSRF_SHAPE = /^[A-Za-z0-9_-]{43}$/;

type Ctx = Context<AppEnv>;

/** Origin check for unsafe methods (hono's `csrf()`): the request's own origin, plus EARSHOT_PUBLIC_URL behind a proxy. */
const originCheck = csrf({
  origin: (origin, c) => {
    if (origin === new URL(c.req.url).origin) return true;
    const publicUrl = (c as Ctx).get('deps')?.config.publicUrl;
    return !!publicUrl && origin === new URL(publicUrl).origin;
  },
});

const formLimit = bodyLimit({
  maxSize: MAX_FORM_BYTES,
  onError: () => {
    throw new HTTPException(413, { message: 'That form was too large.' });
  },
});

function field(body: Record<string, unknown>, name: string): string {
  const v = body[name];
  return typeof v === 'string' ? v : '';
}

/** The login form's double-submit token: reuse a well-formed cookie (several tabs), else make a new one. */
function loginCsrfToken(c: Ctx, fresh = false): string {
  const existing = getCookie(c, LOGIN_CSRF_COOKIE);
  if (!fresh && existing && LOGIN_CSRF_SHAPE.test(existing)) return existing;
  const token = randomSecret();
  setCookie(c, LOGIN_CSRF_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: LOGIN_CSRF_PATH, secure: isHttps(c), maxAge: 60 * 60 });
  return token;
}

function renderLogin(c: Ctx, opts: { next: string; email?: string; error?: string; status?: ContentfulStatusCode; freshToken?: boolean }) {
  const token = loginCsrfToken(c, opts.freshToken);
  c.header('cache-control', 'no-store');
  return renderPage(c, <LoginPage csrf={token} next={opts.next} email={opts.email} error={opts.error} />, opts.status ?? 200);
}

function notFoundPage(c: Ctx, message: string) {
  return renderPage(
    c,
    <ErrorPage status={404} title="Not found" message={message} user={c.get('user')} csrfToken={c.get('csrfToken')} />,
    404,
  );
}

/**
 * The server-rendered dashboard, mounted at `/` by the API app (which sets `deps` and a request id first).
 * Middleware is attached per route, never on `*`, so it cannot touch `/api`, `/metrics` or other routes.
 */
export function createDashboard(): Hono<AppEnv> {
  const dash = new Hono<AppEnv>();

  dash.onError((err, c) => {
    const user = c.get('user');
    const csrfToken = c.get('csrfToken');
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

  // ---- login / logout ----

  dash.get('/login', async (c) => {
    const next = safeNext(c.req.query('next'));
    const secret = getCookie(c, SESSION_COOKIE);
    if (secret && (await sessionFor(c.get('deps'), secret))) return c.redirect(next, 303);
    return renderLogin(c, { next });
  });

  dash.post('/login', originCheck, formLimit, async (c) => {
    const deps = c.get('deps');
    const body = await c.req.parseBody();
    const next = safeNext(field(body, 'next'));
    const email = field(body, 'email').trim().slice(0, 254);
    const password = field(body, 'password');

    if (!sameSecret(field(body, '_csrf'), getCookie(c, LOGIN_CSRF_COOKIE))) {
      return renderLogin(c, {
        next,
        email,
        error: 'The login form had expired. Please try again.',
        status: 403,
        freshToken: true,
      });
    }
    const session = email && password && password.length <= 1024 ? await login(deps, email, password) : null;
    if (!session) return renderLogin(c, { next, email, error: BAD_LOGIN, status: 401 });

    const maxAge = Math.max(0, Math.floor((session.expiresAt - deps.clock.now()) / 1000));
    setCookie(c, SESSION_COOKIE, session.secret, { httpOnly: true, sameSite: 'Lax', path: '/', secure: isHttps(c), maxAge });
    deleteCookie(c, LOGIN_CSRF_COOKIE, { path: LOGIN_CSRF_PATH, secure: isHttps(c) });
    c.header('cache-control', 'no-store');
    return c.redirect(next, 303);
  });

  dash.post('/logout', originCheck, formLimit, requireSession, requireCsrfToken, async (c) => {
    const secret = getCookie(c, SESSION_COOKIE);
    if (secret) await logout(c.get('deps'), secret);
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c) });
    return c.redirect('/login', 303);
  });

  // ---- pages behind a session ----

  dash.get('/', requireSession, async (c) => {
    const deps = c.get('deps');
    const asked = Number(c.req.query('days'));
    const days: RangeDays = (RANGES as readonly number[]).includes(asked) ? (asked as RangeDays) : 30;
    const end = startOfUtcDay(deps.clock.now()) + DAY_MS;
    const from = end - days * DAY_MS;
    const stats = await overviewStats(deps.db, from, end);
    return renderPage(c, <OverviewPage user={c.get('user')} csrfToken={c.get('csrfToken')} days={days} from={from} stats={stats} />);
  });

  dash.get('/mentions', requireSession, async (c) => {
    const deps = c.get('deps');
    const sources = await listSources(deps.db);
    const parsed = parseFilters(c.req.query(), new Set(sources.map((s) => s.id)));
    const { items, nextCursor } = await listMentions(deps.db, parsed.filters, { limit: PAGE_SIZE, cursor: parsed.cursor });
    const olderHref = nextCursor ? queryString({ ...parsed.values, cursor: encodeCursor(nextCursor) }) : null;
    return renderPage(
      c,
      <MentionsPage
        user={c.get('user')}
        csrfToken={c.get('csrfToken')}
        sources={sources.map((s) => ({ id: s.id, name: s.name }))}
        values={parsed.values}
        problems={parsed.problems}
        items={items}
        olderHref={olderHref}
        paged={parsed.cursor !== null}
      />,
    );
  });

  dash.get('/mentions/:id', requireSession, async (c) => {
    const idText = c.req.param('id');
    const id = /^\d{1,15}$/.test(idText) ? Number(idText) : NaN;
    const mention = Number.isSafeInteger(id) && id > 0 ? await getMention(c.get('deps').db, id) : null;
    if (!mention) return notFoundPage(c, 'There is no mention with that number. It may have been removed with its source.');
    return renderPage(c, <MentionPage user={c.get('user')} csrfToken={c.get('csrfToken')} mention={mention} />);
  });

  return dash;
}
