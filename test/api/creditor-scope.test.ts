import { beforeAll, describe, expect, it } from 'vitest';
import { createUser, createApiToken, login } from '../../src/core/auth/accounts.ts';
import { seedAction, seedCase, seedLink, seedMention, oct } from '../helpers/cases-fixture.ts';
import { refusal } from '../helpers/actions.ts';
import { setupApi, TEST_CREDITOR, type ApiHarness } from '../helpers/api.ts';

// A creditor account reaches its own creditor's aggregates and nothing else: every route of the API and every page
// of the dashboard is tried as one, with the route table itself as the list (a route added later is tried too).
const ORIGIN = 'http://localhost';
let api: ApiHarness;
let cookie = '';
let csrf = '';

beforeAll(async () => {
  api = await setupApi();
  const db = api.deps.db;
  for (const [creditor, ref] of [
    [TEST_CREDITOR, 'NW-40512371'],
    ['Southgate', 'SG-40512372'],
  ] as const) {
    const c = await seedCase(db, { ref, creditor, segment: 'unable', country: 'LV', team: 'A' });
    await seedAction(db, c, oct(2), 'sms', 'sms');
    for (let i = 0; i < 6; i++) await seedLink(db, await seedMention(db, { publishedAt: oct(4) }), c);
  }
  await createUser(api.deps, { email: 'portal@northwind.example', role: 'creditor', creditor: TEST_CREDITOR, password: 'a long enough password' });
  const s = (await login(api.deps, 'portal@northwind.example', 'a long enough password'))!;
  cookie = `earshot_session=${s.secret}`;
  csrf = s.csrfToken;
});

const OWN = /^\/api\/creditor\/(figures|report)$/;

describe('a creditor account on the API', () => {
  it('is refused on every route but its own figures and report', async () => {
    const doc = (await (await api.call('GET', '/api/openapi.json', { role: null })).json()) as { paths: Record<string, Record<string, unknown>> };
    const tried: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const method of Object.keys(methods)) {
        const url = `${path.replace(/\{[^}]+\}/g, '1')}${path.startsWith('/api/creditor/') ? '?month=2026-10' : ''}`;
        const res = await api.call(method.toUpperCase(), url, { role: 'creditor', ...(method === 'get' || method === 'delete' ? {} : { body: {} }) });
        // Routes that need no token at all (health) answer anyone alike.
        const open = (await api.call(method.toUpperCase(), url, { role: null })).status !== 401;
        tried.push(`${method} ${path} ${res.status}`);
        if (OWN.test(path)) expect(res.status, `${method} ${path}`).toBe(200);
        // The ingest routes take a source's own ingest token, never a user's: refused as unknown.
        else if (path.startsWith('/api/ingest/')) expect(res.status, `${method} ${path}`).toBe(401);
        else if (!open) expect(res.status, `${method} ${path}`).toBe(403);
      }
    }
    expect(tried.length).toBeGreaterThan(60);
  });

  it("reads its own creditor's aggregates only: never another's, never a reference, text or author", async () => {
    const own = await api.call('GET', '/api/creditor/figures?month=2026-10', { role: 'creditor' });
    const body = await own.text();
    expect(JSON.parse(body)).toMatchObject({ creditor: TEST_CREDITOR, complaints: 6, contacted: { cases: 1, actions: 1 } });
    for (const secret of ['NW-4051', 'SG-4051', 'Southgate', 'Lumera keeps texting']) expect(body).not.toContain(secret);
    expect((await api.call('GET', '/api/creditor/figures?creditor=Southgate', { role: 'creditor' })).status).toBe(403);
    expect((await api.call('GET', '/api/creditor/report?creditor=Southgate', { role: 'creditor' })).status).toBe(403);
    const report = (await (await api.call('GET', '/api/creditor/report?month=2026-10', { role: 'creditor' })).json()) as { html: string; text: string };
    for (const secret of ['NW-4051', 'Southgate', 'Lumera keeps texting']) expect(report.html + report.text).not.toContain(secret);
  });

  it('lets staff with creditor:read name any creditor; other staff are refused', async () => {
    const south = await api.call('GET', '/api/creditor/figures?creditor=Southgate&month=2026-10', { role: 'credit_manager' });
    expect(((await south.json()) as { creditor: string }).creditor).toBe('Southgate');
    expect((await api.call('GET', '/api/creditor/figures?month=2026-10', { role: 'admin' })).status).toBe(400);
    expect((await api.call('GET', '/api/creditor/figures?creditor=Nobody', { role: 'admin' })).status).toBe(404);
    expect((await api.call('GET', '/api/creditor/figures?creditor=Southgate', { role: 'comms' })).status).toBe(403);
    expect((await api.call('GET', '/api/creditor/figures?creditor=Southgate', { role: 'viewer' })).status).toBe(403);
  });

  it('cannot be made from a staff account, nor named without a creditor that cases name', async () => {
    const viewer = await createUser(api.deps, { email: 'v2@test.local', role: 'viewer' });
    const change = await api.call('PATCH', `/api/users/${viewer.id}`, { body: { role: 'creditor' } });
    expect(change.status).toBe(400);
    expect(((await change.json()) as { error: { message: string } }).error.message).toMatch(/^role: a creditor account cannot change role/);
    const make = (role: 'creditor' | 'comms', creditor?: string) => createUser(api.deps, { email: 'x@test.local', role, ...(creditor && { creditor }) });
    expect((await refusal(make('creditor'))).message).toBe('creditor: a creditor account names its creditor');
    expect((await refusal(make('creditor', 'Nobody'))).message).toBe('creditor: no case names this creditor');
    expect((await refusal(make('comms', 'Southgate'))).message).toBe('creditor: only a creditor account names a creditor');
    const token = await createApiToken(api.deps, (await make('creditor', 'Southgate')).id, 'portal');
    const theirs = (await (await api.call('GET', '/api/creditor/figures', { token })).json()) as { creditor: string };
    expect(theirs.creditor).toBe('Southgate');
  });
});

describe('a creditor account in the dashboard', () => {
  const page = (path: string, method = 'GET') =>
    api.app.request(path, {
      method,
      headers: { cookie, origin: ORIGIN, ...(method === 'POST' && { 'content-type': 'application/x-www-form-urlencoded' }) },
      ...(method === 'POST' && { body: new URLSearchParams({ _csrf: csrf }).toString() }),
    });

  it('opens its figures and report; every other page is refused, and the home page leads to its figures', async () => {
    const own = await (await page('/creditor?from=2026-10-01&to=2026-10-31')).text();
    expect(own).toContain(`${TEST_CREDITOR}: customer experience in collection`);
    expect(own).not.toContain('Southgate');
    expect(own).not.toContain('NW-4051');
    expect((await page('/creditor?creditor=Southgate')).status).toBe(403);
    expect((await page('/creditor/report?creditor=Southgate')).status).toBe(403);
    expect((await page('/creditor/report?month=2026-10')).headers.get('content-security-policy')).toContain("style-src 'unsafe-inline'");
    const routes = api.app.routes.filter((r) => ['GET', 'POST'].includes(r.method) && !r.path.startsWith('/api') && !r.path.includes('*'));
    const paths = [...new Set(routes.map((r) => `${r.method} ${r.path}`))];
    expect(paths.length).toBeGreaterThan(40);
    // Logging out last: it ends the session the others use.
    for (const entry of [...paths.filter((p) => p !== 'POST /logout'), 'POST /logout']) {
      const [method, path] = entry.split(' ') as [string, string];
      const res = await page(path.replace(/:[A-Za-z]+(\{[^}]*\})?/g, '1'), method);
      if (path === '/creditor' || path === '/creditor/report') expect(res.status, entry).toBe(200);
      else if (path === '/logout') expect(res.status, entry).toBe(303);
      else if (path === '/') expect(res.headers.get('location'), entry).toBe('/creditor');
      else if (['/login', '/static/style.css', '/metrics', '/demo/feeds/:slug', '/demo/collection-system/steps'].includes(path)) continue;
      else expect(res.status, entry).toBe(403);
    }
  });
});
