import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from '../helpers/browser.ts';
import { earshot, startServer, tempWorkspace } from '../helpers/earshot-process.ts';
import { startFeedServer } from '../helpers/feed-server.ts';
import { formatIsoWeek, isoWeekOf } from '../../src/core/digest/week.ts';

const isoWeekName = (ms: number) => formatIsoWeek(isoWeekOf(ms, 'UTC'));

const SANITIZE = resolve(import.meta.dirname, '../../../shared/corpora/feedparser/wellformed/sanitize');
const TOKEN = 'corpus-admin-token-0123456789';
const PASSWORD = 'corpus passphrase 123';

describe.skipIf(!hasChromium)('hostile HTML corpus: polled, stored, shown in the dashboard', () => {
  let feeds: Awaited<ReturnType<typeof startFeedServer>>;
  let ws: ReturnType<typeof tempWorkspace>;
  let server: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    feeds = await startFeedServer();
    ws = tempWorkspace({
      EARSHOT_DEMO: '0',
      EARSHOT_ADMIN_TOKEN: TOKEN,
      LOG_LEVEL: 'warn',
      EARSHOT_POLL_BATCH: '1000',
      EARSHOT_FETCH_ALLOW: '127.0.0.1',
      EARSHOT_HOST_GAP_MS: '0',
    });
    expect((await earshot(['user', 'create', '--email', 'c@x.test', '--role', 'viewer', '--password-stdin'], ws.env, PASSWORD)).code).toBe(0);
    server = await startServer({ ...ws.env, LOG_LEVEL: 'info' });
    for (const [i, name] of readdirSync(SANITIZE).entries()) {
      const body = readFileSync(join(SANITIZE, name));
      feeds.routes[`/${i}.xml`] = (_req, res) => res.writeHead(200, { 'content-type': 'application/xml' }).end(body);
      const res = await fetch(`${server.url}/api/sources`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: name, kind: 'rss', url: feeds.url(`/${i}.xml`) }),
      });
      expect(res.status).toBe(201);
    }
    const poll = await earshot(['poll', '--all'], ws.env);
    expect(poll.code, poll.stderr).toBe(0);
  }, 600_000);

  afterAll(async () => {
    await server?.stop();
    await feeds?.close();
    ws?.remove();
  });

  it('nothing from the corpus executes, loads or navigates anywhere', async () => {
    const ids: number[] = [];
    const stored: { title: string | null; text: string }[] = [];
    for (let cursor: string | null = ''; cursor !== null; ) {
      const res = await fetch(`${server.url}/api/mentions?limit=200${cursor ? `&cursor=${cursor}` : ''}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      const page = (await res.json()) as { items: { id: number; title: string | null; text: string }[]; next_cursor: string | null };
      ids.push(...page.items.map((i) => i.id));
      stored.push(...page.items);
      cursor = page.next_cursor;
    }
    expect(ids.length).toBeGreaterThan(100);

    // The weekly digest quotes negative mentions about collection, two a week from one source: push each stored
    // corpus text again as such a complaint, two to an ISO week, so every one of them is quoted in some digest.
    const MONDAY = Date.UTC(2024, 0, 1);
    const complaints = stored.map((m, i) => ({
      external_id: `digest-${i}`,
      title: m.title,
      text: `${m.text} Lumera debt collection keeps calling me about this debt, it is harassment and I am furious.`.slice(0, 90_000),
      published_at: new Date(MONDAY + Math.floor(i / 2) * 7 * 86_400_000 + (i % 2) * 86_400_000 + 12 * 3_600_000).toISOString(),
      language: 'en',
    }));
    for (let i = 0; i < complaints.length; i += 200) {
      const res = await fetch(`${server.url}/api/mentions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(complaints.slice(i, i + 200)),
      });
      expect(res.status, await res.clone().text()).toBe(201);
    }
    const weeks = [...new Set(complaints.map((c) => isoWeekName(Date.parse(c.published_at))))];

    const context = await launchChromium();
    try {
      const page = await context.newPage();
      const incidents: string[] = [];
      page.on('dialog', (d) => {
        incidents.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
      const origin = new URL(server.url).origin;
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith(origin)) return route.continue();
        incidents.push(`request: ${url}`);
        return route.abort();
      });
      await page.goto(`${server.url}/login`);
      await page.fill('#email', 'c@x.test');
      await page.fill('#password', PASSWORD);
      await page.click('button[type=submit]');
      await page.waitForURL(`${server.url}/`);

      const pages = [...ids.map((id) => `/mentions/${id}`), '/mentions?limit=200', '/', ...weeks.map((w) => `/digest/preview.html?week=${w}&time_zone=UTC`)];
      let quoted = 0;
      for (const path of pages) {
        await page.goto(`${server.url}${path}`);
        const found = await page.evaluate(() => ({
          scripts: document.querySelectorAll('script').length,
          handlers: [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
          frames: document.querySelectorAll('iframe, object, embed').length,
          pwned: Object.keys(window).filter((k) => /pwn|xss/i.test(k)),
        }));
        if (found.scripts || found.handlers || found.frames || found.pwned.length) incidents.push(`${path}: ${JSON.stringify(found)}`);
        if (new URL(page.url()).origin !== origin) incidents.push(`${path}: navigated to ${page.url()}`);
        if (path.startsWith('/digest/')) quoted += await page.locator('a[href*="/mentions/"]').count();
      }
      expect(quoted).toBeGreaterThan(stored.length / 2);
      expect(incidents).toEqual([]);
      console.log(
        `sanitize corpus: ${readdirSync(SANITIZE).length} documents, ${ids.length} mentions rendered in Chromium, ${quoted} quoted in ${weeks.length} weekly digests, 0 incidents`,
      );
    } finally {
      await context.close();
    }
  }, 600_000);
});
