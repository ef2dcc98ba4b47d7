import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../../src/api/env.ts';
import { sessionFor } from '../../src/core/auth/accounts.ts';
import { creditorMayReach } from '../../src/core/auth/roles.ts';
import { timingSafeEqual } from '../../src/core/crypto.ts';

export const SESSION_COOKIE = 'earshot_session';
export const LOGIN_CSRF_COOKIE = 'earshot_login_csrf';
/** The login CSRF cookie is only needed by the login form. */
export const LOGIN_CSRF_PATH = '/login';

const enc = new TextEncoder();

/** Constant-time string comparison (for CSRF tokens); false when either side is empty. */
export function sameSecret(given: string | null | undefined, expected: string | null | undefined): boolean {
  if (!given || !expected) return false;
  return timingSafeEqual(enc.encode(given), enc.encode(expected));
}

/**
 * Cookies get `Secure` when the browser reaches Earshot over https: the request itself, an https
 * EARSHOT_PUBLIC_URL (a TLS proxy in front), or the proxy's X-Forwarded-Proto when EARSHOT_TRUST_PROXY=1.
 */
export function isHttps(c: Context<AppEnv>): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  const config = c.get('deps').config;
  if (config.publicUrl && new URL(config.publicUrl).protocol === 'https:') return true;
  // A proxy chain lists the client's protocol first.
  return config.trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https';
}

const BASE = 'http://earshot.invalid';

/**
 * Where to go after logging in: `next` when it is a same-site path (a single leading `/`, no scheme, no
 * `//host` or `/\host`, no control characters or backslashes), else `/`.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2000) return '/';
  if (!next.startsWith('/') || next.startsWith('//')) return '/';
  // Browsers treat `\` like `/` and drop tabs/newlines, so `/\evil.example` or `/\t/evil.example` would leave the site.
  if (/[\\\u0000-\u001f\u007f]/.test(next)) return '/';
  try {
    const u = new URL(next, BASE);
    if (u.origin !== BASE) return '/';
    return `${u.pathname}${u.search}${u.hash}`;
  } catch {
    return '/';
  }
}

/** The path and query of this request, for `/login?next=…`. */
export function currentPath(c: Context): string {
  const u = new URL(c.req.url);
  return `${u.pathname}${u.search}`;
}

/**
 * Requires a live session: sets `user` and `csrfToken`, marks the response uncacheable. Without one, a GET
 * goes to the login page (coming back here afterwards), anything else to the plain login page.
 */
export const requireSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  const secret = getCookie(c, SESSION_COOKIE) ?? '';
  const session = secret ? await sessionFor(c.get('deps'), secret) : null;
  if (!session) {
    if (secret) deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c) });
    const here = currentPath(c);
    const isRead = c.req.method === 'GET' || c.req.method === 'HEAD';
    const target = isRead && here !== '/' ? `/login?next=${encodeURIComponent(here)}` : '/login';
    c.header('cache-control', 'no-store');
    return c.redirect(target, 303);
  }
  c.set('user', session.user);
  c.set('csrfToken', session.csrfToken);
  if (session.user.role === 'creditor' && !creditorMayReach(c.req.path)) {
    c.header('cache-control', 'no-store');
    // Home for a creditor is their figures; every other page is refused.
    if (c.req.path === '/') return c.redirect('/creditor', 303);
    throw new HTTPException(403, { message: 'A creditor account opens only its own figures and monthly report.' });
  }
  await next();
  c.header('cache-control', 'no-store');
};

/** For POSTs behind `requireSession`: the form's `_csrf` must equal the session's token, else 403. */
export const requireCsrfToken: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const given = (body as Record<string, unknown>)._csrf;
    if (!sameSecret(typeof given === 'string' ? given : '', c.get('csrfToken'))) {
      throw new HTTPException(403, { message: 'This form has expired or did not come from Earshot. Reload the page and try again.' });
    }
  }
  await next();
};
