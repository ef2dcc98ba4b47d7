// Saved views: the filters of the Mentions or Tactics page under a name, shared with everyone who may see the page;
// only the page's own parameters are kept; removed by their author or an admin; audited.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/core/auth/accounts.ts';
import { setupApi, type ApiHarness } from '../helpers/api.ts';
import { logInOverHttp, serveApp } from '../helpers/serve-app.ts';

const PASSWORD = 'a long enough password';
let api: ApiHarness;
let server: Awaited<ReturnType<typeof serveApp>>;
const sessions: Record<string, { cookie: string; csrf: string }> = {};

beforeAll(async () => {
  api = await setupApi();
  server = await serveApp(api.app);
  for (const [email, role] of [
    ['cm@test.local', 'credit_manager'],
    ['boss@test.local', 'admin'],
    ['desk@test.local', 'comms'],
    ['v1@test.local', 'viewer'],
    ['v2@test.local', 'viewer'],
  ] as const) {
    await createUser(api.deps, { email, role, password: PASSWORD });
    sessions[email] = await logInOverHttp(server.base, email, PASSWORD);
  }
});

afterAll(() => server?.close());

const post = (who: string, path: string, form: Record<string, string>) =>
  fetch(`${server.base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: sessions[who]!.cookie, origin: server.base, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...form, _csrf: sessions[who]!.csrf }).toString(),
  });
const get = async (who: string, path: string) => (await fetch(`${server.base}${path}`, { headers: { cookie: sessions[who]!.cookie } })).text();

describe('saved views', () => {
  it('keeps only the page’s own filters and shows the view to everyone who may see the page, its name escaped', async () => {
    const res = await post('cm@test.local', '/views', { page: 'tactics', name: 'Riga <b>SMS</b>', query: 'by=team&sort=low&cursor=abc&evil=%3Cb%3E' });
    expect([res.status, res.headers.get('location')]).toEqual([303, '/tactics?by=team&sort=low']);
    const page = await get('boss@test.local', '/tactics');
    expect(page).toContain('<a href="/tactics?by=team&amp;sort=low">Riga &lt;b&gt;SMS&lt;/b&gt;</a>');
    // Communications staff may not see the Tactics page, so they cannot save a view of it either.
    expect((await post('desk@test.local', '/views', { page: 'tactics', name: 'x', query: '' })).status).toBe(403);
  });

  it('refuses a name the page already has and an empty one, in words', async () => {
    const dup = await post('boss@test.local', '/views', { page: 'tactics', name: 'Riga <b>SMS</b>', query: 'by=channel' });
    expect(dup.status).toBe(409);
    expect(await dup.text()).toContain('already has a view named');
    const empty = await post('boss@test.local', '/views', { page: 'mentions', name: '  ', query: '' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Name: give the view a name');
  });

  it('is removed by its author or an admin, not by another viewer; every change is audited', async () => {
    expect((await post('v1@test.local', '/views', { page: 'mentions', name: 'Latvian negative', query: 'language=lv&sentiment=negative' })).status).toBe(303);
    const listed = await get('v2@test.local', '/mentions');
    const id = /action="\/views\/(\d+)\/delete"/.exec(await get('v1@test.local', '/mentions'))![1]!;
    expect(listed).toContain('>Latvian negative</a>');
    expect(listed).not.toContain(`/views/${id}/delete`);
    expect((await post('v2@test.local', `/views/${id}/delete`, { back: '/mentions' })).status).toBe(403);
    const removed = await post('v1@test.local', `/views/${id}/delete`, { back: '/mentions?language=lv' });
    expect([removed.status, removed.headers.get('location')]).toEqual([303, '/mentions?language=lv']);
    expect(await get('v2@test.local', '/mentions')).not.toContain('Latvian negative');
    const audit = await api.deps.db.all<{ action: string }>(sql`SELECT action FROM audit_log WHERE action LIKE 'view.%' ORDER BY id`);
    expect(audit.map((a) => a.action)).toEqual(['view.save', 'view.save', 'view.remove']);
  });
});
