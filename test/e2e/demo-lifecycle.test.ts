import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../dashboard/lib/session.ts';
import { postLoginForm } from '../../src/cli/loopback.ts';
import { earshot, startServer, tempWorkspace } from '../helpers/earshot-process.ts';

/** The demo belongs to a workspace that never had anything of its own, and leaves nothing behind when it ends. */
describe('the demo on a real workspace', () => {
  const workspaces: ReturnType<typeof tempWorkspace>[] = [];
  const fresh = (extra: Record<string, string> = {}) => {
    const ws = tempWorkspace(extra);
    delete ws.env.EARSHOT_DEMO;
    if (!extra.EARSHOT_ADMIN_TOKEN) delete ws.env.EARSHOT_ADMIN_TOKEN;
    workspaces.push(ws);
    return ws;
  };
  afterAll(() => workspaces.forEach((ws) => ws.remove()));
  const demoStarted = (logs: Record<string, unknown>[]) => logs.some((l) => String(l.msg).startsWith('demo workspace'));
  const count = async (ws: ReturnType<typeof tempWorkspace>, sql: string) => {
    const db = createClient({ url: ws.env.DATABASE_URL! });
    try {
      return Number((await db.execute(sql)).rows[0]![0]);
    } finally {
      db.close();
    }
  };

  it('does not start where a person added a source of any kind (here a push source), a user or an admin token', async () => {
    const withPush = fresh();
    const file = join(withPush.dir, 'export.jsonl');
    writeFileSync(file, '{"text":"The collector called twice today.","published_at":"2026-11-01T10:00:00Z"}\n');
    expect((await earshot(['import', 'mentions', file, '--source', 'Helpdesk export'], withPush.env)).code).toBe(0);
    const withUser = fresh();
    expect((await earshot(['user', 'create', '--email', 'ops@example.com', '--role', 'viewer'], withUser.env)).code).toBe(0);
    const withToken = fresh({ EARSHOT_ADMIN_TOKEN: 'real-admin-token-0123456789' });
    for (const ws of [withPush, withUser, withToken]) {
      const server = await startServer(ws.env);
      await server.stop();
      expect(demoStarted(server.logs), JSON.stringify(server.logs.map((l) => l.msg))).toBe(false);
      expect(await count(ws, "SELECT count(*) FROM users WHERE email = 'demo@earshot.local'")).toBe(0);
      expect(await count(ws, 'SELECT count(*) FROM sources WHERE is_demo = 1')).toBe(0);
    }
  }, 90_000);

  it('ends once the workspace has data of its own: demo data removed, its user disabled, its sessions and tokens dead', async () => {
    const ws = fresh();
    let server = await startServer(ws.env);
    expect(demoStarted(server.logs)).toBe(true);
    const password = String(server.logs.find((l) => String(l.msg).startsWith('demo workspace'))!.demo_password);
    const demoToken = (await earshot(['user', 'token', '--email', 'demo@earshot.local'], ws.env)).stdout.trim();
    const api = (path: string, token: string, init: RequestInit = {}) =>
      fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } });
    // Wait for the demo feeds to be polled, so there are demo mentions to remove.
    for (let i = 0; i < 100 && (await count(ws, 'SELECT count(*) FROM mentions')) === 0; i++) await new Promise((r) => setTimeout(r, 200));
    expect(await count(ws, 'SELECT count(*) FROM mentions')).toBeGreaterThan(0);
    expect(await count(ws, 'SELECT count(*) FROM cases')).toBeGreaterThan(0);
    // A session of the demo user, to see it end.
    const signIn = () => postLoginForm(server.url, 'demo@earshot.local', password);
    const signedIn = await signIn();
    expect(signedIn.status).toBe(303);
    const session = signedIn.headers
      .getSetCookie()
      .find((c) => c.startsWith(`${SESSION_COOKIE}=`))!
      .split(';')[0]!;
    expect((await fetch(`${server.url}/`, { headers: { cookie: session }, redirect: 'manual' })).status).toBe(200);

    // Someone adds a real source (a JSON API, not RSS), as the demo's admin may.
    const created = await api('/api/sources', demoToken, {
      method: 'POST',
      body: JSON.stringify({ name: 'Complaints API', kind: 'json', url: 'https://complaints.example/api', config: { items: '/items', text: '/body', id: '/id' } }),
    });
    expect(created.status).toBe(201);
    await server.stop();

    server = await startServer(ws.env);
    try {
      expect(demoStarted(server.logs)).toBe(false);
      const ended = server.logs.find((l) => String(l.msg).startsWith('demo ended'));
      expect(ended).toMatchObject({ sources: 4 });
      expect(Number(ended!.mentions)).toBeGreaterThan(0);
      expect(await count(ws, 'SELECT count(*) FROM sources WHERE is_demo = 1')).toBe(0);
      expect(await count(ws, "SELECT count(*) FROM sources WHERE name = 'Complaints API'")).toBe(1);
      expect(await count(ws, 'SELECT count(*) FROM mentions')).toBe(0);
      expect(await count(ws, 'SELECT count(*) FROM cases')).toBe(0);
      expect(await count(ws, 'SELECT count(*) FROM case_actions')).toBe(0);
      expect(await count(ws, "SELECT count(*) FROM audit_log WHERE action = 'demo.end'")).toBe(1);
      // The demo user can no longer get in, by any door.
      expect((await api('/api/sources', demoToken)).status).toBe(401);
      expect((await fetch(`${server.url}/`, { headers: { cookie: session }, redirect: 'manual' })).status).not.toBe(200);
      expect((await signIn()).status).not.toBe(303);
    } finally {
      await server.stop();
    }
    // A later start finds nothing more to end.
    server = await startServer(ws.env);
    await server.stop();
    expect(server.logs.some((l) => String(l.msg).startsWith('demo ended'))).toBe(false);
  }, 120_000);
});
