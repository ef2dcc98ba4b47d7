import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, logIn, watch } from '../helpers/browser.ts';
import { earshot, startServer, tempWorkspace } from '../helpers/earshot-process.ts';

// Issue 14, item 6, end to end: `earshot user disable|enable`, `earshot token list|revoke` against a running server,
// a changed EARSHOT_ADMIN_TOKEN revoking the previous one across restarts, and the Users page in Chromium.
const PASSWORD = 'correct horse battery staple';
const OLD_ADMIN_TOKEN = 'first-admin-token-0123456789';
const NEW_ADMIN_TOKEN = 'second-admin-token-0123456789';

describe('accounts and tokens end to end (server and CLI processes, real Chromium)', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let server: Awaited<ReturnType<typeof startServer>>;
  let anaToken: string;

  const mentions = (token: string) => fetch(`${server.url}/api/mentions`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);

  beforeAll(async () => {
    ws = tempWorkspace({ EARSHOT_DEMO: '0', EARSHOT_ADMIN_TOKEN: OLD_ADMIN_TOKEN });
    for (const [email, role] of [
      ['boss@lumera.example', 'admin'],
      ['ana@lumera.example', 'comms'],
    ]) {
      const created = await earshot(['user', 'create', '--email', email!, '--role', role!, '--password-stdin'], ws.env, `${PASSWORD}\n`);
      expect(created.code, created.stderr).toBe(0);
    }
    anaToken = (await earshot(['user', 'token', '--email', 'ana@lumera.example', '--name', 'laptop'], ws.env)).stdout.trim();
    server = await startServer(ws.env);
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
    ws?.remove();
  });

  it('`user disable` stops a running server from accepting the user at once; `user enable` lets them back', async () => {
    expect(await mentions(anaToken)).toBe(200);
    const disabled = await earshot(['user', 'disable', '--email', 'ana@lumera.example'], ws.env);
    expect(disabled.code, disabled.stderr).toBe(0);
    expect(disabled.stdout).toContain('disabled user');
    expect(await mentions(anaToken)).toBe(401);
    expect((await earshot(['user', 'list'], ws.env)).stdout).toMatch(/ana@lumera\.example\tcomms\t.*\tdisabled$/m);
    expect((await earshot(['user', 'enable', '--email', 'ana@lumera.example'], ws.env)).code).toBe(0);
    expect(await mentions(anaToken)).toBe(200);
    const unknown = await earshot(['user', 'disable', '--email', 'nobody@lumera.example'], ws.env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no user nobody@lumera.example');
  }, 60_000);

  it('`token list` shows tokens (never the secret) with when they were last used; `token revoke` stops one at once', async () => {
    const list = await earshot(['token', 'list', '--email', 'ana@lumera.example'], ws.env);
    expect(list.code, list.stderr).toBe(0);
    const row = list.stdout.split('\n').find((l) => l.includes('\tlaptop\t'))!;
    const [id, email, , , lastUsed, revoked] = row.split('\t');
    expect(email).toBe('ana@lumera.example');
    expect(lastUsed).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(revoked).toBe('-');
    expect(list.stdout).not.toContain(anaToken);

    const revoke = await earshot(['token', 'revoke', id!], ws.env);
    expect(revoke.code, revoke.stderr).toBe(0);
    expect(revoke.stdout).toBe(`revoked token ${id} "laptop" of ana@lumera.example\n`);
    expect(await mentions(anaToken)).toBe(401);
    expect((await earshot(['token', 'list'], ws.env)).stdout).toMatch(new RegExp(`^${id}\\tana@lumera\\.example\\tlaptop\\t.*\\t\\d{4}-\\d\\d-\\d\\dT[^\\t]+$`, 'm'));
    const bad = await earshot(['token', 'revoke', 'abc'], ws.env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('usage: earshot token revoke ID');
    expect((await earshot(['token', 'revoke', '999999'], ws.env)).stderr).toContain('token not found');
    anaToken = (await earshot(['user', 'token', '--email', 'ana@lumera.example', '--name', 'laptop-2'], ws.env)).stdout.trim();
  }, 60_000);

  it.skipIf(!hasChromium)(
    'an admin manages users on the Users page',
    async () => {
      const context: BrowserContext = await launchChromium();
      try {
        const page = await context.newPage();
        const problems = watch(page);
        await logIn(page, server.url, 'boss@lumera.example', PASSWORD, '/');
        await page.click('nav a[href="/users"]');
        await page.waitForURL(`${server.url}/users`);
        const ana = page.locator('[data-testid=user-row][data-email="ana@lumera.example"]');
        expect(await ana.locator('[data-testid=user-status]').textContent()).toBe('active');
        expect(await ana.locator('[data-testid=token]').count()).toBe(2);
        expect(await ana.locator('[data-testid=token][data-revoked=true]').count()).toBe(1);

        await ana.locator('[data-testid=user-disable]').click();
        await page.waitForURL(/\/users\?done=disable$/);
        expect(await page.textContent('[data-testid=flash]')).toContain('their sessions have ended');
        expect(await ana.getAttribute('data-disabled')).toBe('true');
        expect(await mentions(anaToken)).toBe(401);
        await ana.locator('[data-testid=user-enable]').click();
        await page.waitForURL(/done=enable$/);
        expect(await mentions(anaToken)).toBe(200);

        await ana.locator('[data-testid=user-role]').selectOption('viewer');
        await ana.locator('[data-testid=user-role-save]').click();
        await page.waitForURL(/done=role$/);
        expect(await ana.locator('[data-testid=user-role]').inputValue()).toBe('viewer');

        await ana.locator('[data-testid=token][data-revoked=false] [data-testid=token-revoke]').click();
        await page.waitForURL(/done=revoke$/);
        expect(await ana.locator('[data-testid=token][data-revoked=true]').count()).toBe(2);
        expect(await mentions(anaToken)).toBe(401);

        // The last active admin cannot be disabled: refused on the page with the reason.
        const admins = ['boss@lumera.example', 'admin@earshot.local'];
        await page.locator(`[data-testid=user-row][data-email="${admins[1]}"] [data-testid=user-disable]`).click();
        await page.waitForURL(/done=disable$/);
        await page.locator(`[data-testid=user-row][data-email="${admins[0]}"] [data-testid=user-disable]`).click();
        expect(await page.textContent('[data-testid=problems]')).toContain('last active admin');
        await page.goto(`${server.url}/users`);
        await page.locator(`[data-testid=user-row][data-email="${admins[1]}"] [data-testid=user-enable]`).click();
        await page.waitForURL(/done=enable$/);
        expect(problems.filter((p) => !/status of 409/.test(p))).toEqual([]);
      } finally {
        await context.close();
      }
    },
    60_000,
  );

  it('a changed EARSHOT_ADMIN_TOKEN revokes the previous one; a revoked value stays revoked', async () => {
    expect(await mentions(OLD_ADMIN_TOKEN)).toBe(200);
    await server.stop();
    server = await startServer({ ...ws.env, EARSHOT_ADMIN_TOKEN: NEW_ADMIN_TOKEN });
    expect(await mentions(NEW_ADMIN_TOKEN)).toBe(200);
    expect(await mentions(OLD_ADMIN_TOKEN)).toBe(401);
    expect(server.logs.some((l) => l.msg === 'EARSHOT_ADMIN_TOKEN changed: the previous admin token is revoked')).toBe(true);
    expect(JSON.stringify(server.logs)).not.toContain(NEW_ADMIN_TOKEN);

    await server.stop();
    server = await startServer(ws.env); // the old value again
    expect(await mentions(OLD_ADMIN_TOKEN)).toBe(401);
    expect(await mentions(NEW_ADMIN_TOKEN)).toBe(401);
    expect(server.logs.some((l) => String(l.msg).startsWith('EARSHOT_ADMIN_TOKEN has been revoked'))).toBe(true);
    const tokens = (await earshot(['token', 'list', '--email', 'admin@earshot.local'], ws.env)).stdout;
    expect(tokens.match(/\tEARSHOT_ADMIN_TOKEN\t/g)).toHaveLength(2);
  }, 90_000);
});
