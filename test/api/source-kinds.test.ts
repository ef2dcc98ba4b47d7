import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFeedServer } from '../helpers/feed-server.ts';
import { T0 } from '../helpers/test-deps.ts';
import { errorCode, setupApi, type ApiHarness } from '../helpers/api.ts';

// A Hacker News source set up and polled through the API: the registry, settings checks, the adapter over
// real HTTP, storage with reach/engagement, and the source's health afterwards.
const hit = (id: string, t: number, text: string) => ({
  objectID: id,
  created_at_i: t,
  created_at: new Date(t * 1000).toISOString(),
  author: 'debtwatcher',
  title: null,
  story_text: null,
  comment_text: text,
  points: 3,
  num_comments: 2,
});

let server: Awaited<ReturnType<typeof startFeedServer>>;
let api: ApiHarness;
beforeAll(async () => {
  server = await startFeedServer({
    '/api/v1/search_by_date': (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          hits: [
            hit('41', T0 / 1000 - 60, 'Lumera called my employer twice about a debt I already paid.'),
            hit('42', T0 / 1000 - 120, '<p>Lumera agreed a payment plan with me, very helpful</p>'),
          ],
          nbPages: 1,
        }),
      ),
  });
});
afterAll(() => server.close());
beforeEach(async () => {
  api = await setupApi();
});

describe('a source of an API kind, through the API', () => {
  it('is checked against its adapter, polled on request and stored with engagement', async () => {
    const bad = await api.call('POST', '/api/sources', { body: { name: 'HN', kind: 'hacker_news', config: {} } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/config\.query/);
    const withUrl = await api.call('POST', '/api/sources', { body: { name: 'HN', kind: 'hacker_news', url: 'https://x.example/', config: { query: 'Lumera' } } });
    expect(await errorCode(withUrl)).toBe('BAD_REQUEST');

    const created = await api.call('POST', '/api/sources', {
      body: { name: 'HN', kind: 'hacker_news', config: { query: 'Lumera', api_base: server.url('/api/v1') } },
    });
    expect(created.status).toBe(201);
    const source = (await created.json()) as { id: number; health: string; config: Record<string, unknown> };
    // Not polled yet: new, until the first poll.
    expect(source).toMatchObject({ health: 'new', config: { query: 'Lumera' } });

    const polled = await api.call('POST', `/api/sources/${source.id}/poll`);
    expect(polled.status).toBe(200);
    const body = (await polled.json()) as { outcome: { outcome: string; new: number }; source: { health: string; last_success_at: string; items_per_day: number } };
    expect(body.outcome).toMatchObject({ outcome: 'ok', new: 2 });
    expect(body.source.last_success_at).toBe(new Date(T0).toISOString());
    expect(body.source.health).toBe('healthy');
    expect(server.hits.at(-1)?.path).toBe('/api/v1/search_by_date');

    const list = (await (await api.call('GET', `/api/mentions?source=${source.id}`)).json()) as { items: { id: number; text: string; tactics: string[] }[] };
    expect(list.items.map((m) => m.text).sort()).toEqual(['Lumera agreed a payment plan with me, very helpful', 'Lumera called my employer twice about a debt I already paid.']);
    const stored = await api.deps.db.query.mentions.findMany();
    expect(stored.map((m) => m.engagement)).toEqual([5, 5]);
    expect(stored.every((m) => m.url?.startsWith('https://news.ycombinator.com/item?id='))).toBe(true);
  });

  it('a failing source shows as degraded, then failing, with the reason in words', async () => {
    const created = await api.call('POST', '/api/sources', {
      body: { name: 'HN gone', kind: 'hacker_news', config: { query: 'Lumera', api_base: server.url('/nothing-here') } },
    });
    const { id } = (await created.json()) as { id: number };
    let last: { health: string; last_error: string; error_count: number } | undefined;
    for (const expected of ['degraded', 'degraded', 'failing']) {
      last = ((await (await api.call('POST', `/api/sources/${id}/poll`)).json()) as { source: typeof last }).source;
      expect(last?.health).toBe(expected);
    }
    expect(last).toMatchObject({ error_count: 3, last_error: 'The source answered 404 Not Found' });
    expect((await api.call('POST', `/api/sources/${id}/poll`, { role: 'viewer' })).status).toBe(403);
  });
});
