import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { clientAddress } from '../../src/api/client-address.ts';
import { login, LoginLocked, logout, sessionFor } from '../../src/core/auth/accounts.ts';
import { randomSecret } from '../../src/core/crypto.ts';
import { renderPage } from '../lib/render.ts';
import { isHttps, LOGIN_CSRF_COOKIE, LOGIN_CSRF_PATH, requireCsrfToken, requireSession, safeNext, sameSecret, SESSION_COOKIE } from '../lib/session.ts';
import { LoginPage } from '../pages/login.tsx';
import { type Ctx, originCheck, formLimit, field } from '../lib/route-kit.tsx';
import type { AppEnv } from '../../src/api/env.ts';

const BAD_LOGIN = 'E-mail or password is wrong';

const LOGIN_CSRF_SHAPE = /^[A-Za-z0-9_-]{43}$/;

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

/** Signing in and out. */
export function authRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();

  r.get('/login', async (c) => {
    const next = safeNext(c.req.query('next'));
    const secret = getCookie(c, SESSION_COOKIE);
    if (secret && (await sessionFor(c.get('deps'), secret))) return c.redirect(next, 303);
    return renderLogin(c, { next });
  });

  r.post('/login', originCheck, formLimit, async (c) => {
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
    let session: Awaited<ReturnType<typeof login>> = null;
    try {
      session = email && password && password.length <= 1024 ? await login(deps, email, password, clientAddress(c)) : null;
    } catch (err) {
      if (!(err instanceof LoginLocked)) throw err;
      c.header('retry-after', String(err.retryAfterSeconds));
      return renderLogin(c, { next, email, error: err.message, status: 429 });
    }
    if (!session) return renderLogin(c, { next, email, error: BAD_LOGIN, status: 401 });

    const maxAge = Math.max(0, Math.floor((session.expiresAt - deps.clock.now()) / 1000));
    setCookie(c, SESSION_COOKIE, session.secret, { httpOnly: true, sameSite: 'Lax', path: '/', secure: isHttps(c), maxAge });
    deleteCookie(c, LOGIN_CSRF_COOKIE, { path: LOGIN_CSRF_PATH, secure: isHttps(c) });
    c.header('cache-control', 'no-store');
    return c.redirect(next, 303);
  });

  r.post('/logout', originCheck, formLimit, requireSession, requireCsrfToken, async (c) => {
    const secret = getCookie(c, SESSION_COOKIE);
    if (secret) await logout(c.get('deps'), secret);
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c) });
    return c.redirect('/login', 303);
  });

  return r;
}
