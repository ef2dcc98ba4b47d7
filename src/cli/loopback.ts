import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';

/** An app on a real HTTP server on 127.0.0.1 (a random port), as `earshot serve` runs it; for benches and tests. */
export async function serveOnLoopback(fetch: (request: Request) => Response | Promise<Response>): Promise<{ base: string; close: () => Promise<void> }> {
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}

/** Posts the dashboard's login form as a browser would: its CSRF cookie and token first. The answer, not followed. */
export async function postLoginForm(base: string, email: string, password: string, headers: Record<string, string> = {}): Promise<Response> {
  const form = await fetch(`${base}/login`, { headers });
  const cookie = form.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  return fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...headers, cookie, origin: base, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
  });
}
