import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SourceFetchError } from '../../../src/core/ingest/fetch-errors.ts';
import { hackerNewsAdapter } from '../../../src/sources/hacker-news.ts';
import { startFeedServer } from '../../helpers/feed-server.ts';
import { pollAdapter } from '../../helpers/poll-adapter.ts';
import { T0 } from '../../helpers/test-deps.ts';

type Server = Awaited<ReturnType<typeof startFeedServer>>;
type Hit = Record<string, unknown> & { objectID?: unknown; created_at_i?: unknown };

const S0 = T0 / 1000; // Algolia counts seconds
const PATH = '/api/v1/search_by_date';

let server: Server;
/** The fake index: every hit Algolia knows about, in any order. */
let index: Hit[];
/** Hits per page the fake serves (Algolia honours hitsPerPage; a small page keeps the fixtures short). */
let pageSize: number;
/** Query strings the fake received, in order. */
let queries: URLSearchParams[];
/** Extra response headers, per page number. */
let pageHeaders: Record<number, Record<string, string>>;

const story = (id: number, t: number, over: Partial<Hit> = {}): Hit => ({
  objectID: String(id),
  created_at: new Date(t * 1000).toISOString().replace('.000', ''),
  created_at_i: t,
  author: 'maija_k',
  title: 'Lumera raised its collection fees again',
  url: 'https://example.com/lumera-fees',
  points: 12,
  story_text: null,
  comment_text: null,
  num_comments: 4,
  story_id: null,
  story_title: null,
  story_url: null,
  parent_id: null,
  _tags: ['story', 'author_maija_k', `story_${id}`],
  ...over,
});

const comment = (id: number, t: number, over: Partial<Hit> = {}): Hit => ({
  objectID: String(id),
  created_at: new Date(t * 1000).toISOString().replace('.000', ''),
  created_at_i: t,
  author: 'jonas_p',
  title: null,
  url: null,
  points: null,
  story_text: null,
  comment_text: '<p>Lumera phoned my neighbour about my debt. That is not allowed.</p>',
  num_comments: null,
  story_id: 41000000,
  story_title: 'Debt collectors in the Baltics',
  story_url: 'https://example.com/baltic-debt',
  parent_id: 41000000,
  _tags: ['comment', 'author_jonas_p', 'story_41000000'],
  ...over,
});

/** Algolia's search_by_date, faithfully enough: numeric filters on created_at_i, newest first, paged. */
function algolia(req: IncomingMessage, res: ServerResponse) {
  const params = new URL(req.url!, 'http://x').searchParams;
  queries.push(params);
  const filters = (params.get('numericFilters') ?? '').split(',').filter(Boolean);
  const pass = (h: Hit) =>
    filters.every((f) => {
      const [, op, n] = /^created_at_i(>=|<=|>|<)(-?\d+)$/.exec(f)!;
      const t = Number(h.created_at_i);
      return op === '>' ? t > +n! : op === '>=' ? t >= +n! : op === '<' ? t < +n! : t <= +n!;
    });
  const matching = index.filter(pass).sort((a, b) => Number(b.created_at_i ?? 0) - Number(a.created_at_i ?? 0));
  const page = Number(params.get('page') ?? 0);
  const nbPages = Math.ceil(matching.length / pageSize);
  const body = {
    hits: matching.slice(page * pageSize, (page + 1) * pageSize),
    nbHits: matching.length,
    page,
    nbPages,
    hitsPerPage: pageSize,
    processingTimeMS: 1,
    query: params.get('query'),
    params: params.toString(),
  };
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', ...pageHeaders[page] }).end(JSON.stringify(body));
}

const config = (over: Record<string, unknown> = {}) => ({ query: 'Lumera', api_base: server.url('/api/v1'), ...over });
const keys = (r: { entries: { externalKey: string }[] }) => r.entries.map((e) => e.externalKey);

beforeEach(async () => {
  index = [];
  pageSize = 100;
  queries = [];
  pageHeaders = {};
  server = await startFeedServer({ [PATH]: algolia });
});
afterEach(() => server.close());

describe('hacker_news adapter', () => {
  it('asks Algolia for the query and maps every field of a story and a comment, HTML stripped', async () => {
    index = [
      story(41000001, S0 - 3600, {
        title: 'Ask HN: Is Lumera allowed to do this?',
        story_text: '<p>Lumera &amp; its agents sent me <i>three</i> letters &quot;final notice&quot; in one week.</p><p>Is that normal?</p>',
        points: 31,
        num_comments: 9,
      }),
      comment(41000002, S0 - 60),
    ];
    const r = await pollAdapter(hackerNewsAdapter, { config: config({ tags: 'comment' }) });

    const q = queries[0]!;
    expect(q.get('query')).toBe('Lumera');
    expect(q.get('tags')).toBe('comment');
    expect(q.get('hitsPerPage')).toBe('100');
    expect(q.get('page')).toBe('0');
    expect(q.has('numericFilters')).toBe(false); // first poll: the newest hits, no lower bound
    expect(server.hits[0]!.headers.accept).toBe('application/json');

    expect(r.skipped).toEqual([]);
    expect(r.entries).toEqual([
      {
        externalKey: 'id:41000002',
        url: 'https://news.ycombinator.com/item?id=41000002',
        author: 'jonas_p',
        title: null,
        text: 'Lumera phoned my neighbour about my debt. That is not allowed.',
        publishedAt: (S0 - 60) * 1000,
        languageHint: null,
        authorReach: null,
        engagement: null,
      },
      {
        externalKey: 'id:41000001',
        url: 'https://news.ycombinator.com/item?id=41000001',
        author: 'maija_k',
        title: 'Ask HN: Is Lumera allowed to do this?',
        text: 'Lumera & its agents sent me three letters "final notice" in one week.\n\nIs that normal?',
        publishedAt: (S0 - 3600) * 1000,
        languageHint: null,
        authorReach: null,
        engagement: 40,
      },
    ]);
    expect(r.state.cursor).toEqual({ newest: S0 - 60, recent: { '41000002': S0 - 60 } });
    expect(r.notModified).toBe(false);
  });

  it('searches stories and comments by default, and a link story with no text keeps its title', async () => {
    index = [story(41000010, S0 - 100)];
    const r = await pollAdapter(hackerNewsAdapter, { config: config() });
    expect(queries[0]!.get('tags')).toBe('(story,comment)');
    expect(r.entries).toMatchObject([{ title: 'Lumera raised its collection fees again', text: '', engagement: 16 }]);
  });

  it('reads at most maxPages pages; the next poll asks only for what is newer and delivers only new hits', async () => {
    pageSize = 2;
    index = [1, 2, 3, 4, 5, 6].map((i) => story(41000100 + i, S0 - 10_000 + i * 100));
    const first = await pollAdapter(hackerNewsAdapter, { config: config(), maxPages: 2 });
    expect(queries.map((q) => q.get('page'))).toEqual(['0', '1']);
    expect(keys(first)).toEqual(['id:41000106', 'id:41000105', 'id:41000104', 'id:41000103']);
    const newest = S0 - 10_000 + 600;
    // The first poll does not go back into history: no gap is kept for the two oldest hits.
    expect(first.state.cursor).toEqual({ newest, recent: { '41000106': newest, '41000105': newest - 100, '41000104': newest - 200, '41000103': newest - 300 } });

    // Two new hits, and one posted earlier that Algolia indexed late (older than the newest seen, within the overlap).
    index.push(story(41000107, S0 - 500), comment(41000108, S0 - 400), comment(41000109, newest - 50));
    queries = [];
    const second = await pollAdapter(hackerNewsAdapter, { config: config(), state: first.state, maxPages: 5 });
    expect(queries[0]!.get('numericFilters')).toBe(`created_at_i>${newest - 600}`);
    expect(keys(second)).toEqual(['id:41000108', 'id:41000107', 'id:41000109']);
    expect((second.state.cursor as { newest: number }).newest).toBe(S0 - 400);

    // Nothing new: the window holds only delivered hits.
    const third = await pollAdapter(hackerNewsAdapter, { config: config(), state: second.state });
    expect(third.entries).toEqual([]);
    expect(third.notModified).toBe(true);
  });

  it('stops paging at a page of hits already delivered', async () => {
    pageSize = 2;
    const t = S0 - 1000;
    index = [story(1, t - 500), story(2, t - 400), story(3, t - 300), story(4, t)];
    const recent = { '1': t - 500, '2': t - 400, '3': t - 300, '4': t };
    index.push(comment(5, t + 100), comment(6, t + 200));
    const r = await pollAdapter(hackerNewsAdapter, { config: config(), state: { cursor: { newest: t, recent } } });
    // Page 0: the two new comments; page 1: hits 4 and 3, both delivered before, so page 2 is never asked for.
    expect(queries.map((q) => q.get('page'))).toEqual(['0', '1']);
    expect(keys(r)).toEqual(['id:6', 'id:5']);
  });

  it('a later poll cut short by the page cap keeps the rest as a gap and reads it next time', async () => {
    pageSize = 2;
    const t = S0 - 5000;
    const state = { cursor: { newest: t, recent: {} } };
    index = [1, 2, 3, 4, 5].map((i) => story(100 + i, t + i * 10));
    const first = await pollAdapter(hackerNewsAdapter, { config: config(), state, maxPages: 1 });
    expect(keys(first)).toEqual(['id:105', 'id:104']);
    expect(first.state.cursor).toMatchObject({ newest: t + 50, gap: { after: t - 600, upTo: t + 40 } });

    index.push(story(106, t + 60)); // arrives meanwhile; read after the gap
    queries = [];
    const second = await pollAdapter(hackerNewsAdapter, { config: config(), state: first.state, maxPages: 5 });
    expect(queries[0]!.get('numericFilters')).toBe(`created_at_i>${t - 600},created_at_i<=${t + 40}`);
    // upTo is inclusive, so 104 is asked for again, but it is among the remembered recent ids and not delivered twice.
    expect(keys(second)).toEqual(['id:103', 'id:102', 'id:101']);
    expect(second.state.cursor).not.toHaveProperty('gap');

    const third = await pollAdapter(hackerNewsAdapter, { config: config(), state: second.state });
    expect(keys(third)).toEqual(['id:106']);
  });

  it('stops paging when the remaining quota is 0, and keeps a gap', async () => {
    pageSize = 1;
    const t = S0 - 5000;
    index = [story(1, t + 10), story(2, t + 20), story(3, t + 30)];
    pageHeaders = { 0: { 'x-ratelimit-remaining': '0' } };
    const r = await pollAdapter(hackerNewsAdapter, { config: config(), state: { cursor: { newest: t, recent: {} } } });
    expect(queries).toHaveLength(1);
    expect(keys(r)).toEqual(['id:3']);
    expect(r.state.cursor).toMatchObject({ gap: { upTo: t + 30 } });
  });

  it('skips malformed hits with a reason and keeps the good ones', async () => {
    index = [
      story(10, S0 - 10, { title: 'Lumera answered within a day, very helpful' }),
      { ...comment(11, S0 - 20), objectID: undefined },
      comment(12, S0 - 30, { created_at_i: 'yesterday', created_at: 'not a date' }),
      comment(13, S0 - 40, { comment_text: null }),
      comment(14, S0 - 50, { comment_text: 'Lumera sent a <b>payment plan</b>, thanks.', points: 'many' }),
    ];
    const r = await pollAdapter(hackerNewsAdapter, { config: config() });
    expect(keys(r)).toEqual(['id:10', 'id:14']);
    expect(r.entries[1]!.text).toBe('Lumera sent a payment plan, thanks.');
    expect(r.entries[1]!.engagement).toBeNull(); // an unreadable count is dropped, not the comment
    expect(r.skipped).toEqual([
      { index: 1, reason: 'The hit has no objectID' },
      { index: 2, reason: 'The hit has no creation time' },
      { index: 3, reason: 'The hit has neither a title nor any text' },
    ]);
  });

  it('429 with Retry-After is a TOO_MANY_REQUESTS error with the wait', async () => {
    server.routes[PATH] = (_req, res) => res.writeHead(429, { 'retry-after': '120' }).end('{"message":"slow down"}');
    const err = await pollAdapter(hackerNewsAdapter, { config: config() }).catch((e) => e);
    expect(err).toBeInstanceOf(SourceFetchError);
    expect(err).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: 429, retryAfterMs: 120_000 });
  });

  it('a body that is not JSON, or JSON of another shape, is a PARSE_ERROR', async () => {
    server.routes[PATH] = (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Lumera</body></html>');
    await expect(pollAdapter(hackerNewsAdapter, { config: config() })).rejects.toMatchObject({
      code: 'PARSE_ERROR',
      message: 'Hacker News search answered with something that is not JSON',
    });
    server.routes[PATH] = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"results":[]}');
    await expect(pollAdapter(hackerNewsAdapter, { config: config() })).rejects.toMatchObject({
      code: 'PARSE_ERROR',
      message: 'Hacker News search answered JSON without a list of hits',
    });
  });

  it('checks its config', () => {
    const parse = (c: unknown) => hackerNewsAdapter.config.safeParse(c);
    expect(parse({ query: 'Lumera' })).toMatchObject({ success: true, data: { query: 'Lumera', api_base: 'https://hn.algolia.com/api/v1' } });
    expect(parse({ query: 'Lumera', tags: '(story,comment)', api_base: 'http://127.0.0.1:9/api/v1/' })).toMatchObject({
      success: true,
      data: { api_base: 'http://127.0.0.1:9/api/v1' },
    });
    expect(parse({ query: '  ' }).error?.issues[0]?.message).toBe('query must not be empty');
    expect(parse({}).error?.issues[0]?.message).toBe('query is required');
    expect(parse({ query: 'Lumera', tags: 'story&x=1' }).success).toBe(false);
    expect(parse({ query: 'Lumera', api_base: 'ftp://example.com' }).success).toBe(false);
    expect(parse({ query: 'Lumera', token: 'x' }).success).toBe(false); // strict
  });
});
