import { afterEach, describe, expect, it } from 'vitest';
import { createUser } from '../../src/core/auth/accounts.ts';
import { setupApi } from '../helpers/api.ts';
import { logInOverHttp, serveApp } from '../helpers/serve-app.ts';

// Issue 14, item 11: behind a TLS proxy the session cookie is `Secure`, from an https EARSHOT_PUBLIC_URL or, when
// EARSHOT_TRUST_PROXY=1, the proxy's X-Forwarded-Proto; an untrusted header changes nothing.
const PASSWORD = 'a long enough password';
let close: (() => Promise<void>) | undefined;
afterEach(() => close?.());

async function sessionCookie(env: Record<string, string>, headers: Record<string, string> = {}) {
  const api = await setupApi(env);
  await createUser(api.deps, { email: 'ana@test.local', role: 'comms', password: PASSWORD });
  const server = await serveApp(api.app);
  close = server.close;
  return (await logInOverHttp(server.base, 'ana@test.local', PASSWORD, headers)).setCookie;
}

const secure = (setCookie: string) => /;\s*Secure(;|$)/i.test(setCookie);

describe('the session cookie behind a TLS proxy', () => {
  it('plain http without a proxy setting: not Secure, whatever a client claims in X-Forwarded-Proto', async () => {
    expect(secure(await sessionCookie({}, { 'x-forwarded-proto': 'https' }))).toBe(false);
  });

  it('an https EARSHOT_PUBLIC_URL makes it Secure', async () => {
    const cookie = await sessionCookie({ EARSHOT_PUBLIC_URL: 'https://earshot.example' });
    expect(secure(cookie)).toBe(true);
    expect(cookie).toMatch(/HttpOnly/i);
  });

  it('EARSHOT_TRUST_PROXY=1 believes the first X-Forwarded-Proto', async () => {
    expect(secure(await sessionCookie({ EARSHOT_TRUST_PROXY: '1' }, { 'x-forwarded-proto': 'https, http' }))).toBe(true);
    await close?.();
    expect(secure(await sessionCookie({ EARSHOT_TRUST_PROXY: '1' }, { 'x-forwarded-proto': 'http' }))).toBe(false);
  });

  it('EARSHOT_TRUST_PROXY takes only a boolean', async () => {
    await expect(setupApi({ EARSHOT_TRUST_PROXY: 'yes' })).rejects.toThrow(/EARSHOT_TRUST_PROXY/);
  });
});
