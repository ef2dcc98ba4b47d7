import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, logIn, watch } from '../helpers/browser.ts';
import { earshot, startServer, tempWorkspace } from '../helpers/earshot-process.ts';
import { rss, serveBody, startFeedServer } from '../helpers/feed-server.ts';
import { startSmtpServer } from '../helpers/smtp-server.ts';

const PASSWORD = 'correct horse battery staple';
const DAY = 86_400_000;
/** Where the test keeps its screenshots, for a person to look at. */
const SHOTS = '/tmp/earshot-sources';

describe.skipIf(!hasChromium)('sources page end to end (real server, real feeds, real Chromium)', () => {
  let feeds: Awaited<ReturnType<typeof startFeedServer>>;
  let ws: ReturnType<typeof tempWorkspace>;
  let server: Awaited<ReturnType<typeof startServer>>;
  let context: BrowserContext;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

  const row = (page: Page, name: string) => page.locator(`[data-testid=source-row][data-source="${name}"]`);

  const logInAs = (page: Page, email: string) => logIn(page, server.url, email, PASSWORD, '/sources');

  beforeAll(async () => {
    // Recent items, so they count in the 14-day sparkline.
    const ago = (days: number) => new Date(Date.now() - days * DAY).toUTCString();
    feeds = await startFeedServer({
      '/forum.xml': serveBody(
        rss([
          { guid: 'f1', title: 'Calls every day', description: 'Lumera called me ten times today, it is harassment. Terrible service.', pubDate: ago(1), author: 'pat' },
          { guid: 'f2', title: 'Kind agent', description: 'The Lumera agent was very kind and helpful, we agreed a payment plan.', pubDate: ago(2) },
          { guid: 'f3', title: '<b>Bold</b> claim', description: 'Lumera sent a letter about a debt I do not owe.', pubDate: ago(3) },
        ]),
      ),
      '/broken.xml': (_req, res) => res.writeHead(500, { 'content-type': 'text/plain' }).end('boom'),
      '/news.xml': serveBody(rss([{ guid: 'n1', title: 'Collector fined', description: 'The regulator fined Lumera for calling debtors late at night.', pubDate: ago(1) }])),
    });
    smtp = await startSmtpServer();
    // The fixture server is on loopback, which Earshot refuses unless allowed; the key lets it seal credentials.
    ws = tempWorkspace({
      EARSHOT_DEMO: '0',
      EARSHOT_FETCH_ALLOW: '127.0.0.1',
      EARSHOT_SECRET_KEY: 'e2e-secret-key-0123456789-0123456789-abcdef',
      SMTP_URL: smtp.url,
    });
    for (const [email, role] of [
      ['admin@lumera.example', 'admin'],
      ['viewer@lumera.example', 'viewer'],
    ]) {
      const created = await earshot(['user', 'create', '--email', email!, '--role', role!, '--password-stdin'], ws.env, `${PASSWORD}\n`);
      expect(created.code, created.stderr).toBe(0);
    }
    server = await startServer(ws.env);
    context = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    await server?.stop();
    await feeds?.close();
    await smtp?.close();
    ws?.remove();
  });

  it('an admin adds a feed in two steps, tests it, adds it, polls it now and pauses it', async () => {
    const page = await context.newPage();
    const problems = watch(page);
    await logInAs(page, 'admin@lumera.example');
    expect(await page.textContent('main')).toContain('No sources yet');
    expect(await page.getAttribute('nav a[href="/sources"]', 'aria-current')).toBe('page');

    // Step 1: the kind, one click.
    await page.click('a[href="/sources/new"]');
    await page.click('[data-testid=kind-choices] a[href="/sources/new?kind=rss"]');
    await page.waitForURL(/\/sources\/new\?kind=rss$/);
    expect(await page.textContent('main')).toContain('RSS or Atom feed');

    // Step 2: the fields; test first.
    await page.fill('#name', 'Lumera forum');
    await page.fill('#url', feeds.url('/forum.xml'));
    await page.fill('#interval', '30');
    await page.click('button:has-text("Test this source")');
    await page.waitForURL(`${server.url}/sources/test`);
    const preview = page.locator('[data-testid=preview]');
    expect(await preview.textContent()).toContain('answered with 3 items');
    expect(await preview.textContent()).toContain('Nothing has been stored');
    const previewRows = page.locator('[data-testid=preview-row]');
    expect(await previewRows.count()).toBe(3);
    expect(await previewRows.first().textContent()).toContain('Calls every day');
    expect(await previewRows.first().locator('.badge.sentiment').textContent()).toBe('negative');
    expect(await previewRows.nth(1).locator('.badge.sentiment').textContent()).toBe('positive');
    // The feed's markup in a title is text, never HTML.
    expect(await page.locator('.preview-title b').count()).toBe(0);
    // What was entered is kept for the next step.
    expect(await page.inputValue('#name')).toBe('Lumera forum');
    expect(await page.inputValue('#url')).toBe(feeds.url('/forum.xml'));
    expect(await page.inputValue('#interval')).toBe('30');
    await page.screenshot({ path: `${SHOTS}-test.png`, fullPage: true });

    // Nothing was stored by the test.
    expect(await (await context.request.get(`${server.url}/sources`)).text()).toContain('No sources yet');

    await page.click('button:has-text("Add source")');
    await page.waitForURL(/\/sources\?done=added&id=\d+$/);
    expect(await page.textContent('[data-testid=flash]')).toBe('Added “Lumera forum”.');
    expect(await row(page, 'Lumera forum').count()).toBe(1);

    // Poll now (the server's own scheduler may have polled it first: then nothing is new).
    await row(page, 'Lumera forum').locator('button:has-text("Poll now")').click();
    await page.waitForURL(/done=polled&id=\d+&outcome=ok/);
    expect(await page.textContent('[data-testid=flash]')).toMatch(/^Polled “Lumera forum”: [03] new, 0 updated\.$/);
    const r = row(page, 'Lumera forum');
    expect(await r.locator('[data-testid=health]').textContent()).toBe('healthy');
    expect(await r.locator('svg title').textContent()).toBe('Lumera forum: 3 mentions in the last 14 days');
    expect(await r.locator('svg').getAttribute('role')).toBe('img');
    expect(await r.locator('svg rect').count()).toBe(3);
    expect(await r.locator('.per-day').textContent()).toBe('0.2 a day');
    expect(await r.locator('.last-error').textContent()).toBe('none');
    expect(await r.locator('td.when time').first().getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
    expect(await r.locator('td.when').first().textContent()).toContain('just now');
    expect(await r.locator('td.when').nth(1).textContent()).toMatch(/in (29|30) minutes/);
    // The name opens the source's page: its first poll and what it brought; from there, its mentions.
    await r.locator('th.source-name a').click();
    await page.waitForURL(/\/sources\/\d+$/);
    expect(await page.locator('[data-testid=source-polls] tbody tr').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('[data-testid=source-polls] tbody tr').first().getAttribute('data-outcome')).toBe('ok');
    await page.locator('a:has-text("its mentions")').click();
    await page.waitForURL(/\/mentions\?source=\d+$/);
    expect(await page.locator('[data-testid=mention-row]').count()).toBe(3);

    await page.goto(`${server.url}/sources`);
    await row(page, 'Lumera forum').locator('button:has-text("Pause")').click();
    await page.waitForURL(/done=paused/);
    expect(await page.textContent('[data-testid=flash]')).toContain('Paused “Lumera forum”');
    expect(await row(page, 'Lumera forum').locator('[data-testid=health]').textContent()).toBe('paused');
    expect(await row(page, 'Lumera forum').locator('td.when').nth(1).textContent()).toBe('paused');
    expect(await row(page, 'Lumera forum').locator('button:has-text("Resume")').count()).toBe(1);

    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('a feed that answers 500 shows as degraded with its last error, and sorts before the rest', async () => {
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(`${server.url}/sources/new?kind=rss`);
    await page.fill('#name', 'Broken feed');
    await page.fill('#url', 'ftp://127.0.0.1/broken.xml');
    await page.click('button:has-text("Add source")');
    // Refused with the reason, the entries kept.
    expect(await page.textContent('[data-testid=problems]')).toContain('The address must be an http:// or https:// URL');
    expect(await page.inputValue('#name')).toBe('Broken feed');
    // The one console line the refusal itself causes (the page answers 400).
    expect(problems.splice(0)).toEqual([expect.stringMatching(/status of 400/)]);

    await page.fill('#url', feeds.url('/broken.xml'));
    await page.click('button:has-text("Add source")');
    await page.waitForURL(/done=added/);
    await row(page, 'Broken feed').locator('button:has-text("Poll now")').click();
    await page.waitForURL(/done=polled&id=\d+&outcome=failed$/);
    expect(await page.textContent('[data-testid=flash]')).toBe('Polling “Broken feed” failed; its last error is in the list below.');
    const r = row(page, 'Broken feed');
    expect(await r.locator('[data-testid=health]').textContent()).toBe('degraded');
    expect(await r.locator('.last-error').textContent()).toContain('The source answered 500 Internal Server Error');
    expect(await r.locator('td.when').first().textContent()).toBe('never');
    const names = await page.locator('[data-testid=source-row]').evaluateAll((rows) => rows.map((x) => x.getAttribute('data-source')));
    expect(names).toEqual(['Broken feed', 'Lumera forum']);
    await page.screenshot({ path: `${SHOTS}-list.png`, fullPage: true });

    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('a viewer sees the list but no actions, and cannot reach the form', async () => {
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(`${server.url}/sources`);
    await page.click('form[action="/logout"] button');
    await page.waitForURL(/\/login/);
    await logInAs(page, 'viewer@lumera.example');
    expect(await page.locator('[data-testid=source-row]').count()).toBe(2);
    expect(await row(page, 'Broken feed').locator('[data-testid=health]').textContent()).toBe('degraded');
    expect(await page.locator('form.row-action, .row-actions, a[href="/sources/new"], a[href$="/delete"]').count()).toBe(0);
    expect(await page.locator('thead th').allTextContents()).not.toContain('Actions');
    expect((await context.request.get(`${server.url}/sources/new`)).status()).toBe(403);
    const id = (await row(page, 'Broken feed').locator('a').first().getAttribute('href'))!.split('=')[1];
    // Even with the viewer's own, valid form token, the action itself is refused.
    const csrf = (await page.getAttribute('form[action="/logout"] input[name=_csrf]', 'value'))!;
    const refused = await context.request.post(`${server.url}/sources/${id}/pause`, { form: { _csrf: csrf }, headers: { origin: server.url } });
    expect(refused.status()).toBe(403);
    expect(await refused.text()).toContain('Only admins can add, change or delete sources.');
    expect(problems).toEqual([]);

    await page.click('form[action="/logout"] button');
    await page.waitForURL(/\/login/);
    await page.close();
  }, 60_000);

  it('an admin deletes a source through the confirmation page', async () => {
    const page = await context.newPage();
    const problems = watch(page);
    await logInAs(page, 'admin@lumera.example');
    await row(page, 'Broken feed').locator('a:has-text("Delete")').click();
    await page.waitForURL(/\/sources\/\d+\/delete$/);
    expect(await page.textContent('h1')).toBe('Delete “Broken feed”?');
    await page.click('button:has-text("Delete source")');
    await page.waitForURL(/done=deleted$/);
    expect(await page.textContent('[data-testid=flash]')).toBe('Deleted the source and the mentions it brought in.');
    expect(await page.locator('[data-testid=source-row]').count()).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('an admin adds a source, tests it and sends themselves the digest in 8 actions from the sources page', async () => {
    await context.clearCookies();
    const page = await context.newPage();
    const problems = watch(page);
    await logInAs(page, 'admin@lumera.example');
    let actions = 0;
    const act = async (step: () => Promise<unknown>) => {
      actions++;
      await step();
    };
    await act(() => page.click('a[href="/sources/new"]'));
    await act(() => page.click('[data-testid=kind-choices] a[href="/sources/new?kind=rss"]'));
    await page.waitForURL(/kind=rss$/);
    await act(() => page.fill('#url', feeds.url('/news.xml')));
    await act(() => page.click('button:has-text("Test this source")'));
    expect(await page.locator('[data-testid=preview]').textContent()).toContain('answered with 1 item');
    await act(() => page.click('button:has-text("Add source")'));
    await page.waitForURL(/done=added/);
    // Unnamed, it is called after its address's host.
    expect(await page.textContent('[data-testid=flash]')).toBe(`Added “${new URL(feeds.base).host}”.`);
    await act(() => page.click('nav a[href="/digest"]'));
    await act(() => page.click('button:has-text("Send this to me")'));
    expect(await page.textContent('[data-testid=flash]')).toBe('Sent this digest to admin@lumera.example.');
    expect(actions).toBeLessThanOrEqual(8);
    expect(smtp.inbox.map((m) => (m.to && 'text' in m.to ? m.to.text : ''))).toContain('admin@lumera.example');
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
