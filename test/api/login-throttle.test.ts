import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/core/auth/accounts.ts';
import { setupApi, type ApiHarness } from '../helpers/api.ts';
import { postLoginForm } from '../../src/cli/loopback.ts';
import { logInOverHttp, serveApp } from '../helpers/serve-app.ts';

// Issue 14, item 2: failed logins are limited per account and per client address, with a growing lock, audited.
const PASSWORD = 'the right password, long enough';
let api: ApiHarness;
let server: Awaited<ReturnType<typeof serveApp>>;

beforeAll(async () => {
  api = await setupApi();
  await createUser(api.deps, { email: 'ana@lumera.example', role: 'comms', password: PASSWORD });
  await createUser(api.deps, { email: 'bo@lumera.example', role: 'comms', password: PASSWORD });
  server = await serveApp(api.app);
});
afterAll(() => server?.close());

/** One login attempt through the real form; its status, Retry-After and the page's message. */
async function attempt(email: string, password: string) {
  const res = await postLoginForm(server.base, email, password);
  return { status: res.status, retryAfter: Number(res.headers.get('retry-after')), page: await res.text() };
}
const audits = async (action: string) => Number((await api.deps.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM audit_log WHERE action = ${action}`))[0]!.n);

describe('login throttling', () => {
  it('locks an account after five wrong passwords: even the right one is refused until the lock ends, then works', async () => {
    for (let i = 0; i < 5; i++) expect((await attempt('ana@lumera.example', `wrong ${i}`)).status).toBe(401);
    const locked = await attempt('ana@lumera.example', PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.retryAfter).toBeGreaterThan(0);
    expect(locked.page).toContain('Too many failed logins');
    expect(await audits('login.locked')).toBe(1);
    // Another account from the same address is not locked out by it.
    expect((await attempt('bo@lumera.example', PASSWORD)).status).toBe(303);

    api.clock.advance(locked.retryAfter * 1000 + 1);
    expect((await attempt('ana@lumera.example', PASSWORD)).status).toBe(303);
    // The success cleared the account's count: one more wrong password is a plain 401, not a lock.
    expect((await attempt('ana@lumera.example', 'wrong again')).status).toBe(401);
  });

  it('locks for twice as long with each further failure, and an unknown e-mail behaves like a known one', async () => {
    const waits: number[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await attempt('nobody@lumera.example', 'guess');
      if (r.status === 429) {
        waits.push(r.retryAfter);
        api.clock.advance(r.retryAfter * 1000 + 1);
      }
    }
    expect(waits.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThanOrEqual(waits[i - 1]! * 2 - 1);
  });

  it('locks a client address that guesses across many accounts', async () => {
    api.clock.advance(60 * 60_000);
    let status = 0;
    for (let i = 0; i < 25 && status !== 429; i++) status = (await attempt(`user${i}@lumera.example`, 'guess')).status;
    expect(status).toBe(429);
    // From this address nobody gets in while it is locked, not even with the right password.
    expect((await attempt('bo@lumera.example', PASSWORD)).status).toBe(429);
    api.clock.advance(2 * 60 * 60_000);
    await expect(logInOverHttp(server.base, 'bo@lumera.example', PASSWORD)).resolves.toMatchObject({ cookie: expect.any(String) });
  });
});

describe('login throttling behind a trusted proxy (EARSHOT_TRUST_PROXY=1)', () => {
  it('counts per forwarded client address, not per proxy', async () => {
    const proxied = await setupApi({ EARSHOT_TRUST_PROXY: '1' });
    await createUser(proxied.deps, { email: 'cy@lumera.example', role: 'comms', password: PASSWORD });
    const s = await serveApp(proxied.app);
    try {
      const tryFrom = async (address: string, email: string, password: string) =>
        (await postLoginForm(s.base, email, password, { 'x-forwarded-for': `${address}, 10.0.0.1` })).status;
      let status = 0;
      for (let i = 0; i < 25 && status !== 429; i++) status = await tryFrom('203.0.113.9', `guess${i}@lumera.example`, 'guess');
      expect(status).toBe(429);
      expect(await tryFrom('203.0.113.9', 'cy@lumera.example', PASSWORD)).toBe(429);
      expect(await tryFrom('198.51.100.4', 'cy@lumera.example', PASSWORD)).toBe(303);
    } finally {
      await s.close();
    }
  });
});
