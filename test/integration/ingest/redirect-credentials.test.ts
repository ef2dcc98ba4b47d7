import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchFeed, type FetchFeedOptions } from '../../../src/core/ingest/fetch-feed.ts';
import { guardedFetch } from '../../../src/runtime/guarded-fetch.ts';
import { rss, serveBody, startFeedServer } from '../../helpers/feed-server.ts';

// Issue 14, item 3: a source's credentials (API keys, bearer tokens, a sign-in body) go to its own origin only; a
// redirect to another origin is followed without them. Two real servers on 127.0.0.1, on two ports: two origins.

const FEED = rss([{ guid: 'a', title: 'Hello', description: 'World' }]);
const fetchFn = guardedFetch(['127.0.0.1']);
const opts = (extra: Partial<FetchFeedOptions> = {}): FetchFeedOptions => ({
  timeoutMs: 5000,
  maxBytes: 1 << 20,
  maxRedirects: 5,
  userAgent: 'earshot-test',
  now: Date.now(),
  etag: '"v1"',
  headers: { authorization: 'Bearer sekrit-token', apikey: 'sekrit-key', 'x-api-key': 'sekrit-key-2' },
  ...extra,
});
const redirectTo =
  (location: string, status = 302) =>
  (_req: unknown, res: ServerResponse) =>
    res.writeHead(status, { location }).end();

describe('credentials and redirects', () => {
  let home: Awaited<ReturnType<typeof startFeedServer>>;
  let elsewhere: Awaited<ReturnType<typeof startFeedServer>>;
  beforeAll(async () => {
    elsewhere = await startFeedServer({ '/feed.xml': serveBody(FEED), '/session': serveBody('{}', 'application/json') });
    home = await startFeedServer({
      '/feed.xml': serveBody(FEED),
      '/moved-here': redirectTo('/feed.xml', 301),
      '/moved-away': redirectTo(elsewhere.url('/feed.xml')),
      '/away-and-back': redirectTo(elsewhere.url('/feed.xml').replace('/feed.xml', '/back')),
      '/sign-in': redirectTo(elsewhere.url('/session'), 307),
    });
    elsewhere.routes['/back'] = redirectTo(home.url('/feed.xml'));
  });
  afterAll(async () => {
    await home.close();
    await elsewhere.close();
  });

  const last = (s: typeof home) => s.hits.at(-1)!.headers;

  it('keeps them on a redirect within the same origin', async () => {
    const r = await fetchFeed(fetchFn, home.url('/moved-here'), opts());
    expect(r.status).toBe('ok');
    expect(last(home)).toMatchObject({ authorization: 'Bearer sekrit-token', apikey: 'sekrit-key', 'x-api-key': 'sekrit-key-2', 'if-none-match': '"v1"' });
  });

  it('drops the authorization and custom credential headers when the origin changes', async () => {
    const before = elsewhere.hits.length;
    const r = await fetchFeed(fetchFn, home.url('/moved-away'), opts());
    expect(r).toMatchObject({ status: 'ok', finalUrl: elsewhere.url('/feed.xml') });
    expect(elsewhere.hits).toHaveLength(before + 1);
    const headers = last(elsewhere);
    expect(headers.authorization).toBeUndefined();
    expect(headers.apikey).toBeUndefined();
    expect(headers['x-api-key']).toBeUndefined();
    expect(JSON.stringify(headers)).not.toContain('sekrit');
    expect(headers['user-agent']).toBe('earshot-test');
  });

  it('does not send them again when a later hop comes back to the first origin', async () => {
    const r = await fetchFeed(fetchFn, home.url('/away-and-back'), opts());
    expect(r.status).toBe('ok');
    expect(JSON.stringify(last(elsewhere))).not.toContain('sekrit');
    expect(last(home).authorization).toBeUndefined();
  });

  it('refuses to re-send a request body (a sign-in) to another origin', async () => {
    const before = elsewhere.hits.length;
    const err = await fetchFeed(fetchFn, home.url('/sign-in'), opts({ post: { json: { identifier: 'me', password: 'sekrit-password' } } })).catch((e) => e);
    expect(err).toMatchObject({ code: 'HTTP_CLIENT_ERROR', message: 'The source redirected a request with credentials to another server' });
    expect(elsewhere.hits).toHaveLength(before);
  });
});
