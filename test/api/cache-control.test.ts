import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/core/auth/accounts.ts';
import { setupApi, type ApiHarness } from '../helpers/api.ts';
import { logInOverHttp, serveApp } from '../helpers/serve-app.ts';

// Issue 14, item 18: answers with personal or case data say `Cache-Control: no-store`: every /api answer
// (errors too), and the dashboard's pages of mentions, cases and users.
const PASSWORD = 'a long enough password';
let api: ApiHarness;
let server: Awaited<ReturnType<typeof serveApp>>;
let cookie: string;

beforeAll(async () => {
  api = await setupApi();
  await createUser(api.deps, { email: 'boss@test.local', role: 'admin', password: PASSWORD });
  await api.call('POST', '/api/mentions', { body: [{ text: 'Lumera called me at 23:00 about case 40512377.', author: 'Kim V', external_id: 'cc-1' }] });
  server = await serveApp(api.app);
  cookie = (await logInOverHttp(server.base, 'boss@test.local', PASSWORD)).cookie;
});

afterAll(() => server?.close());

const get = (path: string, headers: Record<string, string>) => fetch(`${server.base}${path}`, { headers, redirect: 'manual' });

describe('Cache-Control: no-store', () => {
  it('on every JSON answer of the API, errors included', async () => {
    const auth = { authorization: `Bearer ${api.tokens.admin}` };
    for (const [path, headers, status] of [
      ['/api/mentions', auth, 200],
      ['/api/mentions/1', auth, 200],
      ['/api/alerts', auth, 200],
      ['/api/cases/LV-1', auth, 404],
      ['/api/mentions?limit=0', auth, 400],
      ['/api/mentions', {}, 401],
      ['/api/nothing-here', auth, 404],
    ] as const) {
      const res = await get(path, headers);
      expect(res.status, path).toBe(status);
      expect(res.headers.get('content-type'), path).toMatch(/^application\/json/);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
    }
  });

  it('on dashboard pages that show mentions, cases or users', async () => {
    for (const path of ['/', '/mentions', '/mentions/1', '/alerts', '/cases', '/users']) {
      const res = await get(path, { cookie });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
    }
  });
});
