import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { earshot, startServer, tempWorkspace } from '../helpers/earshot-process.ts';

describe('the demo workspace on a fresh database, nothing configured', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let server: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    ws = tempWorkspace();
    delete ws.env.EARSHOT_DEMO;
    delete ws.env.EARSHOT_ADMIN_TOKEN;
    server = await startServer(ws.env);
  }, 40_000);
  afterAll(async () => {
    await server?.stop();
    ws?.remove();
  });

  it('says it is a demo and how to log in, then fills through the real pipeline', async () => {
    const demoLine = server.logs.find((l) => String(l.msg).startsWith('demo workspace'));
    expect(demoLine).toMatchObject({ demo_user: 'demo@earshot.local' });
    expect(String(demoLine!.demo_password).length).toBeGreaterThan(10);
    expect(String(demoLine!.how_to_configure)).toContain('EARSHOT_DEMO=0');
    expect(demoLine).toMatchObject({ demo_role: 'admin' });

    // The demo user's own API token (the workspace is the demo's: it is its admin).
    const token = (await earshot(['user', 'token', '--email', 'demo@earshot.local'], ws.env)).stdout.trim();
    const get = async (path: string) => (await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json();
    let items: { language: string; source: string }[] = [];
    // Until all four demo feeds have been polled (the forum and social feeds alone carry over 50 posts).
    const filled = () => items.length >= 50 && new Set(items.map((i) => i.source)).size === 4;
    for (let i = 0; i < 100 && !filled(); i++) {
      items = ((await get('/api/mentions?limit=200')) as { items: typeof items }).items;
      if (!filled()) await new Promise((r) => setTimeout(r, 300));
    }
    expect(items.length).toBeGreaterThanOrEqual(50);
    expect(new Set(items.map((i) => i.language)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(items.map((i) => i.source)).size).toBe(4);

    const sources = (await get('/api/sources')) as { items: { name: string; error_count: number; last_success_at: string | null }[] };
    const demo = sources.items.filter((s) => s.name.startsWith('Demo: '));
    expect(demo).toHaveLength(4);
    expect(demo.every((s) => s.error_count === 0 && s.last_success_at)).toBe(true);

    // The demo user can sign in with the logged password.
    const loginPage = await fetch(`${server.url}/login`);
    expect(loginPage.status).toBe(200);
  }, 40_000);
});
