import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from '../helpers/browser.ts';
import { earshot, startServer, tempWorkspace } from '../helpers/earshot-process.ts';
import { rss, serveBody, startFeedServer } from '../helpers/feed-server.ts';

const ADMIN_TOKEN = 'e2e-admin-token-0123456789';
const PASSWORD = 'correct horse battery staple';

// A hostile item: after XML and HTML decoding its text is literally "<script>…</script>", which must show as text.
const HOSTILE = '&lt;script&gt;window.__pwned = 1; alert(1)&lt;/script&gt; Lumera phoned my employer twice.';

describe.skipIf(!hasChromium)('dashboard end to end (real server, real feed, real Chromium)', () => {
  let feeds: Awaited<ReturnType<typeof startFeedServer>>;
  let ws: ReturnType<typeof tempWorkspace>;
  let server: Awaited<ReturnType<typeof startServer>>;
  let context: BrowserContext;

  beforeAll(async () => {
    feeds = await startFeedServer({
      '/lumera.xml': serveBody(
        rss([
          {
            guid: 'e1',
            title: 'Calls every day',
            description: 'Lumera called me ten times today, it is harassment. Terrible service.',
            pubDate: 'Wed, 18 Nov 2026 08:00:00 GMT',
            author: 'pat',
          },
          { guid: 'e2', title: 'Kind agent', description: 'The Lumera agent was very kind and helpful, we agreed a payment plan.', pubDate: 'Thu, 19 Nov 2026 08:00:00 GMT' },
          { guid: 'e3', title: 'Piedzinēji', description: 'Lumera piedzinēji zvana katru dienu, briesmīgi.', pubDate: 'Fri, 20 Nov 2026 08:00:00 GMT' },
          { guid: 'e4', title: 'Employer', description: HOSTILE, pubDate: 'Sat, 21 Nov 2026 08:00:00 GMT' },
        ]),
      ),
    });
    // The feed server is on loopback, which Earshot refuses unless allowed.
    ws = tempWorkspace({ EARSHOT_DEMO: '0', EARSHOT_ADMIN_TOKEN: ADMIN_TOKEN, EARSHOT_FETCH_ALLOW: '127.0.0.1' });
    const created = await earshot(['user', 'create', '--email', 'comms@lumera.example', '--role', 'comms', '--password-stdin'], ws.env, `${PASSWORD}\n`);
    expect(created.code, created.stderr).toBe(0);

    server = await startServer(ws.env);
    const res = await fetch(`${server.url}/api/sources`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Lumera feed', kind: 'rss', url: feeds.url('/lumera.xml') }),
    });
    expect(res.status).toBe(201);
    const poll = await earshot(['poll'], ws.env);
    expect(poll.code, poll.stderr).toBe(0);
    // The server's own scheduler may have polled the new source first (a minute tick); either way, 4 stored.
    expect(JSON.parse(poll.stdout.trim().split('\n').at(-1)!)).toMatchObject({ status: 'ok', counts: { failed: 0 } });
    const stored = await fetch(`${server.url}/api/mentions`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(((await stored.json()) as { items: unknown[] }).items).toHaveLength(4);

    context = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    await server?.stop();
    await feeds?.close();
    ws?.remove();
  });

  it('logs in, filters, opens a mention; a <script> in a feed item is shown as text and never runs', async () => {
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });

    await page.goto(`${server.url}/mentions`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('#email', 'comms@lumera.example');
    await page.fill('#password', 'wrong password');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('body')).toContain('E-mail or password is wrong');

    await page.fill('#email', 'comms@lumera.example');
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${server.url}/mentions`);
    expect(await page.locator('[data-testid=mention-row]').count()).toBe(4);

    await page.selectOption('#sentiment', 'positive');
    await page.click('form.filters button[type=submit]');
    await page.waitForURL(/sentiment=positive/);
    const rows = page.locator('[data-testid=mention-row]');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Kind agent');

    await page.goto(`${server.url}/mentions?q=employer`);
    expect(await rows.count()).toBe(1);
    await rows.first().locator('a').first().click();
    await page.waitForURL(/\/mentions\/\d+$/);
    const text = await page.textContent('[data-testid=mention-text]');
    expect(text).toContain('<script>window.__pwned = 1; alert(1)</script>');
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);

    await page.goto(`${server.url}/`);
    expect(await page.locator('[data-testid=overview] svg').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(ws.dir, 'overview.png'), fullPage: true });
  }, 60_000);
});
