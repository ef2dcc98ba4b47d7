import { eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listSources } from '../../../db/queries/sources.ts';
import { auditLog, sources } from '../../../db/schema/index.ts';
import type { Role } from '../../../db/schema/constants.ts';
import { createUser, login } from '../../../src/core/auth/accounts.ts';
import { setupApi, type ApiHarness } from '../../helpers/api.ts';

// The dashboard's source routes in process: who may do what, CSRF, and that the form is held to the API's checks.
const ORIGIN = 'http://localhost';
let api: ApiHarness;
const sessions = {} as Record<'admin' | 'viewer', { cookie: string; csrf: string }>;

// Logging in costs scrypt (a hash and a check, ~0.3 s each), so once per file; each test starts with no sources
// and an empty audit log instead of a fresh database.
beforeAll(async () => {
  api = await setupApi({ EARSHOT_SECRET_KEY: 'unit-secret-key-0123456789-0123456789' });
  for (const role of ['admin', 'viewer'] as const satisfies Role[]) {
    await createUser(api.deps, { email: `${role}-web@test.local`, role, password: 'a long enough password' });
    const s = (await login(api.deps, `${role}-web@test.local`, 'a long enough password'))!;
    sessions[role] = { cookie: `earshot_session=${s.secret}`, csrf: s.csrfToken };
  }
});

beforeEach(async () => {
  await api.deps.db.delete(sources);
  await api.deps.db.delete(auditLog);
});

function get(path: string, role: 'admin' | 'viewer' = 'admin') {
  return api.app.request(path, { headers: { cookie: sessions[role].cookie } });
}

function post(path: string, form: Record<string, string>, opts: { role?: 'admin' | 'viewer'; csrf?: string | null; origin?: string } = {}) {
  const role = opts.role ?? 'admin';
  const body = new URLSearchParams(form);
  if (opts.csrf !== null) body.set('_csrf', opts.csrf ?? sessions[role].csrf);
  return api.app.request(path, {
    method: 'POST',
    headers: { cookie: sessions[role].cookie, origin: opts.origin ?? ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  });
}

const reddit = { kind: 'reddit', name: 'Reddit Lumera', interval: '20', 'config.query': 'lumera', 'config.client_id': 'id-123', 'config.client_secret': 'very-secret-value' };

describe('dashboard source routes', () => {
  it('an admin adds a source through the form: the API checks apply and credentials are sealed', async () => {
    const res = await post('/sources', reddit);
    expect(res.status).toBe(303);
    const [s] = await listSources(api.deps.db);
    expect(res.headers.get('location')).toBe(`/sources?done=added&id=${s!.id}`);
    expect(s).toMatchObject({ name: 'Reddit Lumera', kind: 'reddit', url: null, pollIntervalSeconds: 1200, isPaused: false });
    expect(s!.config.query).toBe('lumera');
    expect(s!.config.api_base).toBe('https://oauth.reddit.com');
    expect(String(s!.config.client_secret)).toMatch(/^sealed:v1:/);
    expect(String(s!.config.client_id)).toMatch(/^sealed:v1:/);
    expect(JSON.stringify(s!.config)).not.toContain('very-secret-value');
    const audits = await api.deps.db.select().from(auditLog).where(eq(auditLog.action, 'source.create'));
    expect(audits.map((a) => a.target)).toEqual([`source:${s!.id}`]);

    const page = await (await get(`/sources?done=added&id=${s!.id}`)).text();
    expect(page).toContain('Added “Reddit Lumera”.');
    expect(page).toContain('Reddit search or subreddits');
    expect(page).not.toContain('very-secret-value');
  });

  it('a refused form says why in the shared words, keeps what was typed and never echoes a credential', async () => {
    const res = await post('/sources', { ...reddit, 'config.query': '' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('The source was not added:');
    expect(html).toContain('Query: give a search query, a list of subreddits, or both');
    expect(html).toContain('value="Reddit Lumera"');
    expect(html).not.toContain('very-secret-value');
    expect(html).not.toContain('id-123');
    expect(await listSources(api.deps.db)).toEqual([]);

    expect((await post('/sources', reddit)).status).toBe(303);
    const dup = await post('/sources', reddit);
    expect(dup.status).toBe(409);
    expect(await dup.text()).toContain('A source named “Reddit Lumera” already exists');
  });

  it('escapes what was typed', async () => {
    const html = await (await post('/sources', { kind: 'rss', name: '<script>alert(1)</script>', url: 'javascript:alert(1)' })).text();
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).toContain('The address must be an http:// or https:// URL');
  });

  it('refuses forms without the session token or from another origin', async () => {
    expect((await post('/sources', reddit, { csrf: null })).status).toBe(403);
    expect((await post('/sources', reddit, { csrf: 'wrong' })).status).toBe(403);
    expect((await post('/sources', reddit, { origin: 'https://evil.example' })).status).toBe(403);
    expect(await listSources(api.deps.db)).toEqual([]);
  });

  it('a viewer sees the list without actions and may change nothing', async () => {
    expect((await post('/sources', reddit)).status).toBe(303);
    const [s] = await listSources(api.deps.db);
    const html = await (await get('/sources', 'viewer')).text();
    expect(html).toContain('Reddit Lumera');
    expect(html).not.toContain('<form method="post" action="/sources/');
    expect(html).not.toContain('href="/sources/new"');
    expect((await get('/sources/new', 'viewer')).status).toBe(403);
    expect((await get(`/sources/${s!.id}/delete`, 'viewer')).status).toBe(403);
    for (const path of ['/sources', '/sources/test', `/sources/${s!.id}/pause`, `/sources/${s!.id}/poll`, `/sources/${s!.id}/delete`]) {
      expect((await post(path, reddit, { role: 'viewer' })).status, path).toBe(403);
    }
    expect((await listSources(api.deps.db))[0]).toMatchObject({ isPaused: false });
  });

  it('pauses, resumes and deletes, each audited', async () => {
    expect((await post('/sources', reddit)).status).toBe(303);
    const [s] = await listSources(api.deps.db);
    expect((await post(`/sources/${s!.id}/pause`, {})).headers.get('location')).toBe(`/sources?done=paused&id=${s!.id}`);
    expect((await listSources(api.deps.db))[0]!.isPaused).toBe(true);
    expect(await (await get('/sources')).text()).toContain('>paused</span>');
    expect((await post(`/sources/${s!.id}/resume`, {})).status).toBe(303);
    expect((await listSources(api.deps.db))[0]!.isPaused).toBe(false);
    expect((await get(`/sources/${s!.id}/delete`)).status).toBe(200);
    expect((await post(`/sources/${s!.id}/delete`, {})).headers.get('location')).toBe('/sources?done=deleted');
    expect(await listSources(api.deps.db)).toEqual([]);
    expect((await post(`/sources/${s!.id}/pause`, {})).status).toBe(404);
    const actions = (await api.deps.db.select().from(auditLog)).map((a) => a.action).filter((a) => a.startsWith('source.'));
    expect(actions).toEqual(['source.create', 'source.update', 'source.update', 'source.delete']);
  });

  it('the message after an action comes from known words and the database, not from the link', async () => {
    const spoof = await (await get('/sources?done=added&id=999&name=Call%20this%20number')).text();
    expect(spoof).toContain('Added the source.');
    expect(spoof).not.toContain('Call this number');
    expect(await (await get('/sources?done=%3Cscript%3E')).text()).not.toContain('data-testid="flash"');
  });

  it('step 1 offers every kind; an unknown kind is a 404 with the list again', async () => {
    const step1 = await (await get('/sources/new')).text();
    // One click per kind.
    expect(step1).toContain('<a class="button secondary" href="/sources/new?kind=rss">RSS or Atom feed</a>');
    expect(step1).toContain('href="/sources/new?kind=push"');
    const unknown = await get('/sources/new?kind=%3Cb%3Etelepathy');
    expect(unknown.status).toBe(404);
    const html = await unknown.text();
    expect(html).toContain('There is no kind of source called “&lt;b&gt;telepathy”.');
    expect(html).toContain('data-testid="kind-choices"');
  });
});
