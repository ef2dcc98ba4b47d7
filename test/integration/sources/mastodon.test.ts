import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SourceFetchError } from '../../../src/core/ingest/fetch-errors.ts';
import { mastodonAdapter } from '../../../src/sources/mastodon.ts';
import { startFeedServer } from '../../helpers/feed-server.ts';
import { pollAdapter } from '../../helpers/poll-adapter.ts';

type Server = Awaited<ReturnType<typeof startFeedServer>>;
type Status = Record<string, unknown> & { id: string };

let server: Server;
/** The fake instance's statuses per hashtag, in any order. */
let tags: Record<string, Status[]>;
/** Query strings the fake received, per path, in order. */
let queries: { path: string; params: URLSearchParams; auth: string | undefined }[];
/** Extra headers for every timeline answer. */
let extraHeaders: Record<string, string>;

/** Snowflake-like ids: same length, so they sort as strings and as numbers alike. */
const sid = (n: number) => String(114_900_000_000_000_000n + BigInt(n));

const status = (n: number, over: Partial<Status> = {}): Status => ({
  id: sid(n),
  uri: `https://social.example/users/ilze/statuses/${sid(n)}`,
  url: `https://social.example/@ilze/${sid(n)}`,
  created_at: new Date(Date.UTC(2026, 10, 1) + n * 60_000).toISOString(),
  edited_at: null,
  in_reply_to_id: null,
  sensitive: false,
  spoiler_text: '',
  visibility: 'public',
  language: 'lv',
  content: `<p>Lumera ziņa numur ${n}.</p>`,
  replies_count: 1,
  reblogs_count: 0,
  favourites_count: 2,
  quotes_count: 0,
  reblog: null,
  account: { id: '77', username: 'ilze', acct: 'ilze', display_name: 'Ilze', followers_count: 50, following_count: 10, statuses_count: 300 },
  media_attachments: [],
  mentions: [],
  tags: [],
  emojis: [],
  card: null,
  poll: null,
  ...over,
});

const newer = (a: string, b: string) => (a.length !== b.length ? a.length > b.length : a > b);

/** Mastodon's tag timeline, faithfully enough: newest first, max_id/since_id/min_id, limit, and the Link header. */
function tagTimeline(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url!, server.base);
  const tag = decodeURIComponent(url.pathname.split('/').pop()!);
  queries.push({ path: url.pathname, params: url.searchParams, auth: req.headers.authorization });
  const limit = Math.min(Number(url.searchParams.get('limit') ?? 20), 40);
  const max = url.searchParams.get('max_id');
  const min = url.searchParams.get('min_id');
  const since = url.searchParams.get('since_id');
  const all = [...(tags[tag] ?? [])].sort((a, b) => (newer(a.id, b.id) ? -1 : 1));
  const pool = all.filter((s) => (!max || newer(max, s.id)) && (!since || newer(s.id, since)) && (!min || newer(s.id, min)));
  // min_id: the statuses immediately newer than it (the oldest end of the pool), still listed newest first.
  const page = min ? pool.slice(Math.max(0, pool.length - limit)) : pool.slice(0, limit);
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', ...extraHeaders };
  if (page.length) {
    const self = `${server.base}${url.pathname}?limit=${limit}`;
    headers.link = `<${self}&max_id=${page.at(-1)!.id}>; rel="next", <${self}&min_id=${page[0]!.id}>; rel="prev"`;
  }
  res.writeHead(200, headers).end(JSON.stringify(page));
}

const config = (over: Record<string, unknown> = {}) => ({ instance: server.base, hashtags: ['lumera'], ...over });
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

beforeEach(async () => {
  tags = {};
  queries = [];
  extraHeaders = {};
  server = await startFeedServer();
  for (const t of ['lumera', 'inkasso', 'perintä']) server.routes[`/api/v1/timelines/tag/${encodeURIComponent(t)}`] = tagTimeline;
});
afterEach(() => server.close());

describe('mastodon adapter', () => {
  it('maps every field of a status; HTML and entities come out as plain text', async () => {
    tags.lumera = [
      status(1, {
        language: 'sv',
        spoiler_text: 'Inkasso',
        content:
          '<p>Fick ett <a href="https://social.example/tags/lumera" class="mention hashtag" rel="tag">#<span>lumera</span></a>-krav för en faktura jag redan betalat &amp; ingen svarar.</p><p>Riktigt dåligt &lt;3</p>',
        replies_count: 3,
        reblogs_count: 4,
        favourites_count: 12,
        quotes_count: 1,
        account: { id: '9', username: 'anna_s', acct: 'anna_s@sv.example', followers_count: 312 },
      }),
    ];
    const r = await pollAdapter(mastodonAdapter, { config: config({ access_token: 'tok-123' }) });

    expect(r.skipped).toEqual([]);
    expect(r.entries).toEqual([
      {
        externalKey: `id:https://social.example/users/ilze/statuses/${sid(1)}`,
        url: `https://social.example/@ilze/${sid(1)}`,
        author: 'anna_s@sv.example',
        title: 'Inkasso',
        text: 'Fick ett #lumera-krav för en faktura jag redan betalat & ingen svarar.\n\nRiktigt dåligt <3',
        publishedAt: Date.UTC(2026, 10, 1, 0, 1),
        languageHint: 'sv',
        authorReach: 312,
        engagement: 20,
      },
    ]);
    expect(queries).toHaveLength(1);
    expect(queries[0]!.path).toBe('/api/v1/timelines/tag/lumera');
    expect(queries[0]!.params.get('limit')).toBe('40');
    expect(queries[0]!.params.has('min_id')).toBe(false);
    expect(queries[0]!.auth).toBe('Bearer tok-123');
    expect(server.hits[0]!.headers.accept).toBe('application/json');
    expect(r.state.cursor).toEqual({ newest: { '#lumera': sid(1) }, turn: 0 });
  });

  it('pages back through the Link header on the first poll, stops at the page cap, then reads only what is new', async () => {
    tags.lumera = range(1, 100).map((n) => status(n));
    const first = await pollAdapter(mastodonAdapter, { config: config(), maxPages: 2 });
    expect(first.entries).toHaveLength(80);
    expect(first.entries[0]!.text).toBe('Lumera ziņa numur 100.');
    expect(first.entries.at(-1)!.text).toBe('Lumera ziņa numur 21.');
    expect(queries.map((q) => q.params.get('max_id'))).toEqual([null, sid(61)]);
    expect(first.state.cursor).toEqual({ newest: { '#lumera': sid(100) }, turn: 0 });
    expect(first.notModified).toBe(false);

    // Three new posts: one request from the newest id read, and nothing old again.
    tags.lumera.push(...range(101, 103).map((n) => status(n)));
    queries = [];
    const second = await pollAdapter(mastodonAdapter, { config: config(), state: first.state, maxPages: 2 });
    expect(second.entries.map((e) => e.text)).toEqual(['Lumera ziņa numur 103.', 'Lumera ziņa numur 102.', 'Lumera ziņa numur 101.']);
    expect(queries).toHaveLength(1);
    expect(queries[0]!.params.get('min_id')).toBe(sid(100));
    expect(second.state.cursor).toEqual({ newest: { '#lumera': sid(103) }, turn: 0 });

    // Nothing new: not modified, cursor unchanged.
    const third = await pollAdapter(mastodonAdapter, { config: config(), state: second.state, maxPages: 2 });
    expect(third.entries).toEqual([]);
    expect(third.notModified).toBe(true);
    expect(third.state.cursor).toEqual(second.state.cursor);
  });

  it('catches up on a burst forwards from the cursor, across polls, without a gap', async () => {
    tags.lumera = range(1, 10).map((n) => status(n));
    const first = await pollAdapter(mastodonAdapter, { config: config() });
    expect(first.entries).toHaveLength(10);

    tags.lumera.push(...range(11, 100).map((n) => status(n))); // 90 new ones, more than two pages
    queries = [];
    const second = await pollAdapter(mastodonAdapter, { config: config(), state: first.state, maxPages: 2 });
    expect(queries.map((q) => q.params.get('min_id'))).toEqual([sid(10), sid(50)]);
    expect(second.entries.map((e) => e.text).sort()).toEqual(
      range(11, 90)
        .map((n) => `Lumera ziņa numur ${n}.`)
        .sort(),
    );
    expect(second.state.cursor).toMatchObject({ newest: { '#lumera': sid(90) } });

    const third = await pollAdapter(mastodonAdapter, { config: config(), state: second.state, maxPages: 2 });
    expect(third.entries.map((e) => e.text).sort()).toEqual(
      range(91, 100)
        .map((n) => `Lumera ziņa numur ${n}.`)
        .sort(),
    );
    expect(third.state.cursor).toMatchObject({ newest: { '#lumera': sid(100) } });
  });

  it('drops statuses it has already read even when a server ignores min_id, and stops there', async () => {
    const fixed = [status(3), status(2), status(1)];
    server.routes['/api/v1/timelines/tag/lumera'] = (req, res) => {
      queries.push({ path: '/api/v1/timelines/tag/lumera', params: new URL(req.url!, server.base).searchParams, auth: undefined });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(fixed));
    };
    const first = await pollAdapter(mastodonAdapter, { config: config() });
    expect(first.entries).toHaveLength(3);
    fixed.unshift(status(4));
    const second = await pollAdapter(mastodonAdapter, { config: config(), state: first.state });
    expect(second.entries.map((e) => e.text)).toEqual(['Lumera ziņa numur 4.']);
    const third = await pollAdapter(mastodonAdapter, { config: config(), state: second.state });
    expect(third.entries).toEqual([]);
    expect(third.notModified).toBe(true);
    expect(queries).toHaveLength(3);
  });

  it('reads several hashtags and a search in turns, drops a post seen under two tags, and rotates who goes first', async () => {
    const shared = status(5, { content: '<p>Lumera hat mich angerufen. #inkasso #lumera</p>', language: 'de' });
    tags.lumera = [status(1), shared];
    tags.inkasso = [status(2, { content: '<p>Lumera soitti taas illalla.</p>', language: 'fi' }), shared];
    tags.perintä = [status(3, { content: '<p>Lumera lähetti kirjeen.</p>', language: 'fi' })];
    server.routes['/api/v2/search'] = (req, res) => {
      const url = new URL(req.url!, server.base);
      queries.push({ path: url.pathname, params: url.searchParams, auth: req.headers.authorization });
      const statuses = [status(4, { content: '<p>Lumera skambino mano mamai.</p>', language: 'lt' })];
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ accounts: [], statuses, hashtags: [] }));
    };
    const cfg = config({ hashtags: ['#Lumera', 'inkasso', 'perintä'], query: 'Lumera' });

    const r = await pollAdapter(mastodonAdapter, { config: cfg, maxPages: 10 });
    expect(r.entries.map((e) => e.text).sort()).toEqual(
      ['Lumera hat mich angerufen. #inkasso #lumera', 'Lumera lähetti kirjeen.', 'Lumera skambino mano mamai.', 'Lumera soitti taas illalla.', 'Lumera ziņa numur 1.'].sort(),
    );
    expect(queries.map((q) => q.path)).toEqual([
      '/api/v1/timelines/tag/lumera',
      '/api/v1/timelines/tag/inkasso',
      `/api/v1/timelines/tag/${encodeURIComponent('perintä')}`,
      '/api/v2/search',
    ]);
    const search = queries[3]!.params;
    expect([search.get('q'), search.get('type'), search.get('limit'), search.get('min_id')]).toEqual(['Lumera', 'statuses', '40', null]);
    expect(r.state.cursor).toEqual({ newest: { '#lumera': sid(5), '#inkasso': sid(5), '#perintä': sid(3), '?Lumera': sid(4) }, turn: 0 });

    // One page per poll for four streams: each poll starts where the last one stopped.
    queries = [];
    let state = r.state;
    for (let i = 0; i < 4; i++) state = (await pollAdapter(mastodonAdapter, { config: cfg, state, maxPages: 1 })).state;
    expect(queries.map((q) => q.path)).toEqual([
      '/api/v1/timelines/tag/lumera',
      '/api/v1/timelines/tag/inkasso',
      `/api/v1/timelines/tag/${encodeURIComponent('perintä')}`,
      '/api/v2/search',
    ]);
    expect(queries.at(-1)!.params.get('min_id')).toBe(sid(4));
  });

  it('stops paging when the rate-limit budget is spent, and keeps what it read', async () => {
    tags.lumera = range(1, 100).map((n) => status(n));
    extraHeaders = { 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': '0' };
    const r = await pollAdapter(mastodonAdapter, { config: config(), maxPages: 5 });
    expect(queries).toHaveLength(1);
    expect(r.entries).toHaveLength(40);
  });

  it('a 429 with Retry-After is TOO_MANY_REQUESTS with the wait', async () => {
    server.routes['/api/v1/timelines/tag/lumera'] = (_req, res) => res.writeHead(429, { 'retry-after': '120' }).end('slow down');
    const err = await pollAdapter(mastodonAdapter, { config: config() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceFetchError);
    expect(err).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterMs: 120_000, status: 429 });
  });

  it('a 401 says whether a token is missing or refused; the token is never in the message', async () => {
    server.routes['/api/v1/timelines/tag/lumera'] = (_req, res) =>
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"This method requires an authenticated user"}');
    const without = await pollAdapter(mastodonAdapter, { config: config() }).catch((e: unknown) => e);
    expect(without).toMatchObject({ code: 'HTTP_CLIENT_ERROR', status: 401 });
    expect((without as Error).message).toMatch(/wants an access token/);
    const refused = await pollAdapter(mastodonAdapter, { config: config({ access_token: 'secret-tok' }) }).catch((e: unknown) => e);
    expect((refused as Error).message).toMatch(/refused the access token/);
    expect((refused as Error).message).not.toContain('secret-tok');
  });

  it('skips a malformed status with a plain reason and keeps the good ones', async () => {
    tags.lumera = [
      status(1, { content: '<p>Lumera ringte to ganger i dag.</p>', language: 'nb' }),
      status(2, { account: null, content: '<p>Hemmelig tekst om Lumera</p>' }),
      status(3, { content: '<p>Lumera ringede igen &mdash; tredje gang.</p>', language: 'da' }),
    ];
    const r = await pollAdapter(mastodonAdapter, { config: config() });
    expect(r.entries.map((e) => [e.text, e.languageHint])).toEqual([
      ['Lumera ringede igen — tredje gang.', 'da'],
      ['Lumera ringte to ganger i dag.', 'nb'],
    ]);
    expect(r.skipped).toEqual([{ index: 1, reason: 'not a readable post (account is missing or not valid)' }]);
    expect(JSON.stringify(r.skipped)).not.toContain('Hemmelig');
    // The malformed one still moves the cursor on, so it is not read again and again.
    expect(r.state.cursor).toMatchObject({ newest: { '#lumera': sid(3) } });
  });

  it('a body that is not JSON, or not a list of posts, is a PARSE_ERROR', async () => {
    server.routes['/api/v1/timelines/tag/lumera'] = (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>maintenance</html>');
    await expect(pollAdapter(mastodonAdapter, { config: config() })).rejects.toMatchObject({ code: 'PARSE_ERROR' });
    server.routes['/api/v1/timelines/tag/lumera'] = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"error":"Record not found"}');
    await expect(pollAdapter(mastodonAdapter, { config: config() })).rejects.toMatchObject({
      code: 'PARSE_ERROR',
      message: 'The Mastodon instance did not answer with a list of posts',
    });
  });

  it('checks its settings', () => {
    const parse = (c: unknown) => mastodonAdapter.config.safeParse(c);
    expect(parse({ instance: 'https://social.example/@ilze', hashtags: ['#Inkasso', 'inkasso'] }).data).toEqual({ instance: 'https://social.example', hashtags: ['inkasso'] });
    expect(parse({ instance: 'ftp://social.example', hashtags: ['x'] }).success).toBe(false);
    expect(parse({ instance: 'https://social.example', hashtags: ['two words'] }).error?.issues[0]?.message).toMatch(/letters, digits and underscores/);
    expect(parse({ instance: 'https://social.example' }).error?.issues[0]?.message).toBe('Give at least one hashtag or a search query');
    expect(parse({ instance: 'https://social.example', hashtags: ['x'], extra: 1 }).success).toBe(false);
    expect(mastodonAdapter.secrets).toEqual(['access_token']);
  });
});
