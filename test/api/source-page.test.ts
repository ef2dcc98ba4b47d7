// A source's own page: its health in words, what each poll found (new mentions apart from copies of stored ones,
// failures with their reason, escaped) and what it brought per day; read by any role, changed only by those who may.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/core/auth/accounts.ts';
import { setupApi, type ApiHarness } from '../helpers/api.ts';
import { rss, serveBody, startFeedServer } from '../helpers/feed-server.ts';
import { logInOverHttp, serveApp } from '../helpers/serve-app.ts';

const PASSWORD = 'a long enough password';
let api: ApiHarness;
let feeds: Awaited<ReturnType<typeof startFeedServer>>;
let server: Awaited<ReturnType<typeof serveApp>>;
let forumId: number;
let newsId: number;

const item = (n: number, link: string) => ({
  guid: `g${n}`,
  title: `Lumera post ${n}`,
  link,
  description: `Lumera called me ${n} times about my debt.`,
  pubDate: 'Thu, 19 Nov 2026 10:00:00 GMT',
});

beforeAll(async () => {
  api = await setupApi();
  feeds = await startFeedServer({
    '/forum.xml': serveBody(rss([item(1, 'https://forum.example/1'), item(2, 'https://forum.example/2')])),
    // One new entry and one that copies the forum's first post (the same address).
    '/news.xml': serveBody(rss([item(3, 'https://news.example/3'), { ...item(4, 'https://forum.example/1'), title: 'Reposted' }])),
  });
  const add = async (name: string, path: string) =>
    ((await (await api.call('POST', '/api/sources', { body: { name, kind: 'rss', url: feeds.url(path) } })).json()) as { id: number }).id;
  forumId = await add('Forum', '/forum.xml');
  newsId = await add('News <b>', '/news.xml');
  for (const id of [forumId, newsId]) expect((await api.call('POST', `/api/sources/${id}/poll`)).status).toBe(200);
  // The next poll of the news feed fails: its reason is kept, escaped.
  feeds.routes['/news.xml'] = (_req, res) => res.writeHead(500, { 'content-type': 'text/plain' }).end('<b>down</b>');
  api.clock.advance(60_000);
  expect((await api.call('POST', `/api/sources/${newsId}/poll`)).status).toBe(200);
  await createUser(api.deps, { email: 'source-viewer@test.local', role: 'viewer', password: PASSWORD });
  await createUser(api.deps, { email: 'source-admin@test.local', role: 'admin', password: PASSWORD });
  server = await serveApp(api.app);
});

afterAll(async () => {
  await server?.close();
  await feeds?.close();
});

const page = async (email: string, path: string) => {
  const { cookie } = await logInOverHttp(server.base, email, PASSWORD);
  const res = await fetch(`${server.base}${path}`, { headers: { cookie } });
  return { status: res.status, html: await res.text() };
};

describe('a source page', () => {
  it('lists each poll: new mentions, copies skipped, failures with their reason', async () => {
    const { status, html } = await page('source-admin@test.local', `/sources/${newsId}`);
    expect(status).toBe(200);
    expect(html).toContain('<h1>News &lt;b&gt;</h1>');
    const polls = [...html.matchAll(/<tr data-outcome="(\w+)">([\s\S]*?)<\/tr>/g)];
    expect(polls.map((m) => m[1])).toEqual(['failed', 'ok']);
    expect(polls[0]![2]).toContain('Failed:');
    expect(html).not.toContain('<b>down</b>');
    // The read: one new, one copy of the forum's post.
    const cells = [...polls[1]![2]!.matchAll(/<td class="num"[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
    expect(cells.slice(0, 5)).toEqual(['1', '0', '0', '1', '0']);
    expect(html).toContain('1 new mention and 1 copy of mentions already stored');
    expect(html).toContain('data-testid="last-error"');
    expect(html).toMatch(/href="\/sources\/\d+\/edit"/);
  });

  it('is linked from the list, read by a viewer without the controls, and 404 for no such source', async () => {
    const list = await page('source-viewer@test.local', '/sources');
    expect(list.html).toContain(`href="/sources/${forumId}"`);
    const { status, html } = await page('source-viewer@test.local', `/sources/${forumId}`);
    expect(status).toBe(200);
    expect(html).toContain('2 new mentions and 0 copies');
    expect(html).not.toMatch(/href="\/sources\/\d+\/edit"/);
    expect((await page('source-viewer@test.local', '/sources/999999')).status).toBe(404);
    expect((await page('source-admin@test.local', '/sources/new')).status).toBe(200);
  });
});
