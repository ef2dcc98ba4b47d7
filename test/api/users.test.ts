import { eq, like, or } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUserByEmail } from '../../db/queries/users.ts';
import { apiTokens, auditLog, sessions } from '../../db/schema/index.ts';
import { createApiToken, createUser } from '../../src/core/auth/accounts.ts';
import { T0 } from '../helpers/test-deps.ts';
import { setupApi, type ApiHarness } from '../helpers/api.ts';
import { logInOverHttp, serveApp } from '../helpers/serve-app.ts';

// Issue 14, item 6: admins disable users (their sessions end, their tokens stop at once), change roles and revoke
// tokens, through the API and the dashboard's Users page; everything audited without secrets; admins only.
const PASSWORD = 'a long enough password';
let api: ApiHarness;
let server: Awaited<ReturnType<typeof serveApp>>;
let boss: { cookie: string; csrf: string };
let anaId: number;
let anaToken: string;

beforeAll(async () => {
  api = await setupApi();
  await createUser(api.deps, { email: 'boss@test.local', role: 'admin', password: PASSWORD });
  anaId = (await createUser(api.deps, { email: 'ana@test.local', role: 'comms', password: PASSWORD })).id;
  anaToken = await createApiToken(api.deps, anaId, 'ana-laptop');
  server = await serveApp(api.app);
  boss = await logInOverHttp(server.base, 'boss@test.local', PASSWORD);
});

afterAll(() => server?.close());

function call(method: string, path: string, token: string, body?: unknown) {
  return fetch(`${server.base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

function form(path: string, fields: Record<string, string> = {}, session = boss) {
  return fetch(`${server.base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: session.cookie, origin: server.base, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, _csrf: session.csrf }).toString(),
  });
}

const page = (path: string, cookie: string) => fetch(`${server.base}${path}`, { headers: { cookie }, redirect: 'manual' });
type UserJson = { id: number; email: string; role: string; disabled_at: string | null; last_used_at: string | null };
type TokenJson = { id: number; user_id: number; name: string; last_used_at: string | null; revoked_at: string | null };

describe('users and tokens, for admins only', () => {
  it('other roles get 403 from the API and the page, and no Users link', async () => {
    for (const role of ['comms', 'credit_manager', 'viewer'] as const) {
      const token = api.tokens[role];
      expect((await call('GET', '/api/users', token)).status, role).toBe(403);
      expect((await call('PATCH', `/api/users/${anaId}`, token, { disabled: true })).status, role).toBe(403);
      expect((await call('GET', '/api/tokens', token)).status, role).toBe(403);
      expect((await call('DELETE', '/api/tokens/1', token)).status, role).toBe(403);
    }
    const ana = await logInOverHttp(server.base, 'ana@test.local', PASSWORD);
    expect((await page('/users', ana.cookie)).status).toBe(403);
    expect(await (await page('/', ana.cookie)).text()).not.toContain('href="/users"');
    expect((await form(`/users/${anaId}/disable`, {}, ana)).status).toBe(403);
    expect((await findUserByEmail(api.deps.db, 'ana@test.local'))!.disabledAt).toBeNull();
  });

  it('lists users and tokens with when each was last used, never a token or its hash', async () => {
    expect((await call('GET', '/api/mentions', anaToken)).status).toBe(200);
    const listed = (await (await call('GET', '/api/users', api.tokens.admin)).json()) as { items: UserJson[]; next_cursor: null; users: UserJson[] };
    expect(listed.next_cursor).toBeNull();
    expect(listed.users).toEqual(listed.items); // the pre-envelope key, deprecated, for one release
    const users = listed.items;
    expect(users.find((u) => u.email === 'ana@test.local')).toMatchObject({ role: 'comms', disabled_at: null, last_used_at: new Date(T0).toISOString() });
    const res = await call('GET', `/api/tokens?user_id=${anaId}`, api.tokens.admin);
    const text = await res.text();
    expect(JSON.parse(text).items).toEqual([expect.objectContaining({ user_id: anaId, name: 'ana-laptop', last_used_at: new Date(T0).toISOString(), revoked_at: null })]);
    expect(JSON.parse(text).tokens).toEqual(JSON.parse(text).items);
    expect(text).not.toContain(anaToken);
    expect(text).not.toMatch(/hash/i);
    expect(await (await page('/', boss.cookie)).text()).toContain('href="/users"');
  });

  it('a revoked token gets 401 from the next request on; revoking is audited without secrets', async () => {
    const token = await createApiToken(api.deps, anaId, 'ci');
    expect((await call('GET', '/api/mentions', token)).status).toBe(200);
    const [t] = ((await (await call('GET', `/api/tokens?user_id=${anaId}`, api.tokens.admin)).json()) as { tokens: TokenJson[] }).tokens.filter((x) => x.name === 'ci');
    const revoked = await call('DELETE', `/api/tokens/${t!.id}`, api.tokens.admin);
    expect(revoked.status).toBe(200);
    expect(((await revoked.json()) as TokenJson).revoked_at).toBe(new Date(T0).toISOString());
    expect((await call('GET', '/api/mentions', token)).status).toBe(401);
    expect((await call('GET', '/api/mentions', anaToken)).status).toBe(200); // her other token still works
    expect((await call('DELETE', '/api/tokens/999999', api.tokens.admin)).status).toBe(404);
  });

  it('disabling a user ends their sessions and stops their tokens at once; enabling lets them back', async () => {
    const ana = await logInOverHttp(server.base, 'ana@test.local', PASSWORD);
    expect((await page('/mentions', ana.cookie)).status).toBe(200);
    const res = await call('PATCH', `/api/users/${anaId}`, api.tokens.admin, { disabled: true });
    expect(res.status).toBe(200);
    expect(((await res.json()) as UserJson).disabled_at).toBe(new Date(T0).toISOString());
    expect((await call('GET', '/api/mentions', anaToken)).status).toBe(401);
    const after = await page('/mentions', ana.cookie);
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toMatch(/^\/login/);
    expect(await api.deps.db.select().from(sessions).where(eq(sessions.userId, anaId))).toEqual([]);
    await expect(logInOverHttp(server.base, 'ana@test.local', PASSWORD)).rejects.toThrow(/login failed/);

    expect((await call('PATCH', `/api/users/${anaId}`, api.tokens.admin, { disabled: false })).status).toBe(200);
    expect((await call('GET', '/api/mentions', anaToken)).status).toBe(200);
    expect((await logInOverHttp(server.base, 'ana@test.local', PASSWORD)).cookie).toMatch(/^earshot_session=/);
  });

  it('a role change applies to the next request; bad changes are refused with the reason', async () => {
    const mute = { market: 'lv' };
    expect((await call('PATCH', `/api/users/${anaId}`, api.tokens.admin, { role: 'viewer' })).status).toBe(200);
    expect((await call('POST', '/api/alert-mutes', anaToken, mute)).status).toBe(403);
    expect((await call('PATCH', `/api/users/${anaId}`, api.tokens.admin, { role: 'comms' })).status).toBe(200);
    expect((await call('POST', '/api/alert-mutes', anaToken, mute)).status).toBe(201);
    for (const body of [{}, { role: 'overlord' }, { disabled: 'yes' }, { role: 'comms', password: 'x' }]) {
      const bad = await call('PATCH', `/api/users/${anaId}`, api.tokens.admin, body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('BAD_REQUEST');
    }
    expect((await call('PATCH', '/api/users/999999', api.tokens.admin, { disabled: true })).status).toBe(404);
  });

  it('never leaves the workspace without an active admin', async () => {
    const bossId = (await findUserByEmail(api.deps.db, 'boss@test.local'))!.id;
    const adminId = (await findUserByEmail(api.deps.db, 'admin@test.local'))!.id;
    expect((await call('PATCH', `/api/users/${bossId}`, api.tokens.admin, { role: 'viewer' })).status).toBe(200);
    const last = await call('PATCH', `/api/users/${adminId}`, api.tokens.admin, { disabled: true });
    expect(last.status).toBe(409);
    expect(((await last.json()) as { error: { message: string } }).error.message).toContain('last active admin');
    expect((await call('PATCH', `/api/users/${bossId}`, api.tokens.admin, { role: 'admin' })).status).toBe(200);
  });

  it('the Users page lists, disables, enables, changes roles and revokes, through the same checks', async () => {
    const html = await (await page('/users', boss.cookie)).text();
    expect(html).toContain('ana@test.local');
    expect(html).toContain('ana-laptop');
    expect(html).not.toContain(anaToken);

    const disabled = await form(`/users/${anaId}/disable`);
    expect(disabled.status).toBe(303);
    expect(disabled.headers.get('location')).toBe('/users?done=disable');
    expect((await call('GET', '/api/mentions', anaToken)).status).toBe(401);
    expect(await (await page('/users?done=disable', boss.cookie)).text()).toContain('their sessions have ended');
    expect((await form(`/users/${anaId}/enable`)).status).toBe(303);
    expect((await call('GET', '/api/mentions', anaToken)).status).toBe(200);

    const bad = await form(`/users/${anaId}/role`, { role: 'overlord' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('role:');
    expect((await form(`/users/${anaId}/role`, { role: 'credit_manager' })).status).toBe(303);
    expect((await findUserByEmail(api.deps.db, 'ana@test.local'))!.role).toBe('credit_manager');

    const [t] = await api.deps.db.select().from(apiTokens).where(like(apiTokens.name, 'ana-laptop'));
    expect((await form(`/tokens/${t!.id}/revoke`)).status).toBe(303);
    expect((await call('GET', '/api/mentions', anaToken)).status).toBe(401);
    expect((await form('/tokens/abc/revoke')).status).toBe(404);
  });

  it('every change is audited, with ids, roles and names and no secret', async () => {
    const rows = await api.deps.db
      .select()
      .from(auditLog)
      .where(or(like(auditLog.action, 'user.%'), like(auditLog.action, 'token.%')));
    const actions = new Set(rows.map((r) => r.action));
    for (const a of ['user.disable', 'user.enable', 'user.role', 'token.revoke']) expect(actions, a).toContain(a);
    expect(rows.find((r) => r.action === 'user.role')).toMatchObject({ target: `user:${anaId}`, details: { from: 'comms', to: 'viewer' } });
    expect(rows.find((r) => r.action === 'user.disable')?.details).toEqual({ sessions_ended: 2 }); // her two logins above
    const text = JSON.stringify(rows);
    expect(text).not.toContain(anaToken);
    expect(text).not.toContain(PASSWORD);
    for (const t of await api.deps.db.select().from(apiTokens)) expect(text).not.toContain(t.tokenHash);
  });
});
