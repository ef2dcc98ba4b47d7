import type { App } from '../../src/app.ts';
import { postLoginForm, serveOnLoopback } from '../../src/cli/loopback.ts';

/** The app on a real HTTP server on 127.0.0.1 (random port), as `earshot serve` runs it. */
export const serveApp = (app: App) => serveOnLoopback(app.fetch);

/** Logs in through the real login form over HTTP; returns the session cookie, its CSRF token and the raw Set-Cookie. */
export async function logInOverHttp(base: string, email: string, password: string, headers: Record<string, string> = {}) {
  const res = await postLoginForm(base, email, password, headers);
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('earshot_session='));
  if (res.status !== 303 || !setCookie) throw new Error(`login failed with ${res.status}`);
  const cookie = setCookie.split(';')[0]!;
  const page = await (await fetch(`${base}/`, { headers: { ...headers, cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
  return { cookie, csrf, setCookie };
}
