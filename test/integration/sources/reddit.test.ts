import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SourceFetchError } from '../../../src/core/ingest/fetch-errors.ts';
import { redditAdapter } from '../../../src/sources/reddit.ts';
import type { PollResult, PollState } from '../../../src/sources/types.ts';
import { startFeedServer } from '../../helpers/feed-server.ts';
import { pollAdapter } from '../../helpers/poll-adapter.ts';
import { T0 } from '../../helpers/test-deps.ts';

type Server = Awaited<ReturnType<typeof startFeedServer>>;
let server: Server;

const CLIENT_ID = 'lumera-watch-id';
const CLIENT_SECRET = 's3cr3t-value';
const BASIC = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;

/** Our own short texts about a fictional collector, in several languages. */
const TEXTS = [
  ['Lumera ringer mig varje dag', 'Lumera skickade ett krav på en faktura som redan var betald.'],
  ['Lumera maksusuunnitelma', 'Lumera vastasi nopeasti ja maksusuunnitelma onnistui.'],
  ['Lumera ringte naboen min', 'Lumera ringte naboen min om gjelden. Helt uakseptabelt.'],
  ['Lumera vēstule', 'Lumera atsūtīja vēstuli ar nepareizu summu.'],
  ['Лумера снова звонит', 'Лумера звонит мне каждый день, это невыносимо.'],
  ['Lumera nie odpowiada', 'Lumera nie odpowiada na moje reklamacje.'],
] as const;

interface RedditPost {
  id: string;
  name: string;
  subreddit: string;
  title: string;
  selftext: string;
  author: string;
  author_fullname: string;
  created_utc: number;
  score: number;
  num_comments: number;
  permalink: string;
  [k: string]: unknown;
}

/** A t3 child as Reddit's listing sends it; `n` also orders posts in time (higher is newer). */
function post(n: number, extra: Partial<RedditPost> = {}): { kind: string; data: RedditPost } {
  const id = `p${n.toString(36)}`;
  const [title, selftext] = TEXTS[n % TEXTS.length]!;
  return {
    kind: 't3',
    data: {
      id,
      name: `t3_${id}`,
      subreddit: 'Sverige',
      subreddit_name_prefixed: 'r/Sverige',
      title,
      selftext,
      author: `user_${n % 7}`,
      author_fullname: `t2_u${n % 7}`,
      created_utc: (T0 - 86_400_000) / 1000 + n * 60,
      score: n % 11,
      ups: n % 11,
      downs: 0,
      upvote_ratio: 0.9,
      num_comments: n % 5,
      permalink: `/r/Sverige/comments/${id}/lumera/`,
      url: `https://www.reddit.com/r/Sverige/comments/${id}/lumera/`,
      is_self: true,
      over_18: false,
      ...extra,
    },
  };
}

/** Posts numbered from..to, newest first as a listing orders them. */
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => post(to - i));

interface Api {
  /** Newest first. Anything JSON-serialisable, so malformed children can be slipped in. */
  children: unknown[];
  /** Tokens issued and not expired. */
  valid: Set<string>;
  /** Tokens the listing refuses although they were issued (expired early). */
  expired: Set<string>;
  issued: number;
  tokenRequests: { authorization?: string; contentType?: string; body: string; method?: string }[];
  listing: { path: string; query: URLSearchParams; authorization?: string; userAgent?: string; accept?: string }[];
  karma: URLSearchParams[];
  karmaStatus?: number;
  listingHeaders?: Record<string, string>;
}

let api: Api;

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers }).end(JSON.stringify(body));

function tokenEndpoint(req: IncomingMessage, res: ServerResponse) {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    api.tokenRequests.push({ authorization: req.headers.authorization, contentType: req.headers['content-type'], body, method: req.method });
    if (req.method !== 'POST' || req.headers.authorization !== BASIC || new URLSearchParams(body).get('grant_type') !== 'client_credentials') {
      return json(res, 401, { message: 'Unauthorized', error: 401 });
    }
    const token = `tok-${++api.issued}`;
    api.valid.add(token);
    json(res, 200, { access_token: token, token_type: 'bearer', expires_in: 86400, scope: '*' });
  });
}

/** A stand-in for a Reddit listing: bearer auth, `limit` and `after` (a fullname) paging, newest first. */
function listingEndpoint(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url!, 'http://x');
  api.listing.push({ path: url.pathname, query: url.searchParams, authorization: req.headers.authorization, userAgent: req.headers['user-agent'], accept: req.headers.accept });
  const token = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
  if (!api.valid.has(token) || api.expired.has(token)) return json(res, 401, { message: 'Unauthorized', error: 401 });
  const limit = Number(url.searchParams.get('limit') ?? 25);
  const after = url.searchParams.get('after');
  const nameOf = (c: unknown) => (c as { data?: { name?: string } })?.data?.name;
  const start = after ? api.children.findIndex((c) => nameOf(c) === after) + 1 : 0;
  const page = start === 0 && after ? [] : api.children.slice(start, start + limit);
  const more = start + limit < api.children.length;
  json(
    res,
    200,
    { kind: 'Listing', data: { after: more ? (nameOf(page.at(-1)) ?? null) : null, before: null, dist: page.length, modhash: '', geo_filter: '', children: page } },
    api.listingHeaders,
  );
}

function karmaEndpoint(req: IncomingMessage, res: ServerResponse) {
  const q = new URL(req.url!, 'http://x').searchParams;
  api.karma.push(q);
  if (api.karmaStatus) return json(res, api.karmaStatus, { message: 'Forbidden', error: api.karmaStatus });
  const out: Record<string, unknown> = {};
  for (const id of (q.get('ids') ?? '').split(',')) {
    const n = Number(id.replace('t2_u', ''));
    out[id] = { name: `user_${n}`, created_utc: 1_500_000_000, link_karma: 100 * n, comment_karma: 10 * n, profile_img: '', profile_over_18: false };
  }
  json(res, 200, out);
}

const config = (extra: Record<string, unknown> = {}) => ({
  query: 'Lumera',
  client_id: CLIENT_ID,
  client_secret: CLIENT_SECRET,
  api_base: server.base,
  auth_base: server.base,
  ...extra,
});
const poll = (o: { state?: Partial<PollState>; maxPages?: number; config?: Record<string, unknown> } = {}) =>
  pollAdapter(redditAdapter, { config: config(o.config), state: o.state, maxPages: o.maxPages });

type Cursor = { listing: string; newest: number; recent: Record<string, number>; walk?: { after: string; floor: number } };
const cursorOf = (r: PollResult) => r.state.cursor as Cursor;
const keys = (r: PollResult) => r.entries.map((e) => e.externalKey);
const keysOf = (from: number, to: number) => range(from, to).map((c) => `id:${c.data.name}`);

beforeEach(async () => {
  server = await startFeedServer();
  api = { children: [], valid: new Set(), expired: new Set(), issued: 0, tokenRequests: [], listing: [], karma: [] };
  server.routes['/api/v1/access_token'] = tokenEndpoint;
  server.routes['/search.json'] = listingEndpoint;
  server.routes['/r/suomi+sverige/new.json'] = listingEndpoint;
  server.routes['/r/suomi+sverige/search.json'] = listingEndpoint;
  server.routes['/api/user_data_by_account_ids'] = karmaEndpoint;
});
afterEach(() => server.close());

describe('reddit adapter', () => {
  it('signs in with client credentials, searches newest first and maps a post to a plain-text mention with karma', async () => {
    api.children = [
      post(3, {
        title: 'Lumera &amp; the &quot;final&quot; reminder',
        selftext: '<p>Lumera sent <b>two</b> letters &amp; a text message.</p>\n\nI had already paid &lt;3 days&gt; earlier.',
        author: 'velka_fraga_42',
        author_fullname: 't2_u3',
        created_utc: 1795176000.5,
        score: 87,
        num_comments: 41,
        permalink: '/r/Sverige/comments/p3/lumera_final_reminder/',
      }),
    ];

    const result = await poll();

    expect(result.skipped).toEqual([]);
    expect(result.entries).toEqual([
      {
        externalKey: 'id:t3_p3',
        url: 'https://www.reddit.com/r/Sverige/comments/p3/lumera_final_reminder/',
        author: 'velka_fraga_42',
        title: 'Lumera & the "final" reminder',
        text: 'Lumera sent two letters & a text message.\n\nI had already paid <3 days> earlier.',
        publishedAt: 1795176000500,
        languageHint: null,
        authorReach: 330, // link 300 + comment 30
        engagement: 128, // score 87 + 41 comments
      },
    ]);

    // The token: POST, HTTP Basic with id:secret, grant_type=client_credentials as a form.
    expect(api.tokenRequests).toEqual([{ method: 'POST', authorization: BASIC, contentType: 'application/x-www-form-urlencoded', body: 'grant_type=client_credentials' }]);
    // The search: bearer token, JSON, a descriptive User-Agent, newest first, 100 a page.
    expect(api.listing).toHaveLength(1);
    const [req] = api.listing;
    expect(req!.path).toBe('/search.json');
    expect(Object.fromEntries(req!.query)).toEqual({ q: 'Lumera', sort: 'new', type: 'link', limit: '100' });
    expect(req!.authorization).toBe('Bearer tok-1');
    expect(req!.accept).toBe('application/json');
    expect(req!.userAgent).toMatch(/\S{3,}/);
    // One karma lookup for the page's authors.
    expect(api.karma.map((q) => q.get('ids'))).toEqual(['t2_u3']);
    // The cursor remembers what was read, never a token or a secret.
    expect(cursorOf(result)).toEqual({ listing: '/search.json?q=Lumera&sort=new&type=link', newest: 1795176000500, recent: { t3_p3: 1795176000500 } });
    expect(JSON.stringify(result.state)).not.toMatch(/tok-|s3cr3t|lumera-watch-id/);
  });

  it('reads new posts of subreddits, or searches only within them', async () => {
    api.children = range(1, 3);
    const listing = await poll({ config: { query: undefined, subreddits: ['r/Suomi', 'Sverige'] } });
    expect(keys(listing)).toEqual(keysOf(1, 3));
    expect(api.listing[0]!.path).toBe('/r/suomi+sverige/new.json');
    expect(Object.fromEntries(api.listing[0]!.query)).toEqual({ limit: '100' });

    const search = await poll({ config: { subreddits: ['sverige', 'suomi'] } });
    expect(keys(search)).toEqual(keysOf(1, 3));
    expect(api.listing[1]!.path).toBe('/r/suomi+sverige/search.json');
    expect(Object.fromEntries(api.listing[1]!.query)).toEqual({ q: 'Lumera', sort: 'new', type: 'link', restrict_sr: '1', limit: '100' });

    // A changed listing does not reuse the other listing's cursor.
    const other = await poll({ config: { subreddits: ['sverige', 'suomi'] }, state: listing.state });
    expect(keys(other)).toEqual(keysOf(1, 3));
  });

  it('checks its settings', () => {
    const base = { client_id: CLIENT_ID, client_secret: CLIENT_SECRET };
    const issues = (c: unknown) => {
      const r = redditAdapter.config.safeParse(c);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(issues(base)).toEqual(['query: give a search query, a list of subreddits, or both']);
    expect(issues({ ...base, subreddits: ['no spaces please'] })[0]).toMatch(/^subreddits\.0: a subreddit name is/);
    expect(issues({ ...base, query: 'x', client_secret: undefined })[0]).toMatch(/^client_secret: client_secret is required/);
    expect(issues({ ...base, query: 'x', api_base: 'ftp://x' })).toHaveLength(1);
    expect(issues({ ...base, query: 'x', colour: 'red' })).toHaveLength(1);
    expect(redditAdapter.config.parse({ ...base, subreddits: ['/r/Sverige'] })).toEqual({
      ...base,
      subreddits: ['Sverige'],
      api_base: 'https://oauth.reddit.com',
      auth_base: 'https://www.reddit.com',
    });
    expect(redditAdapter.secrets).toEqual(['client_id', 'client_secret']);
    expect(redditAdapter.url).toBe('none');
  });

  it('pages with `after` up to the page cap on the first poll, then reads only what is new', async () => {
    api.children = range(1, 250);
    const first = await poll({ maxPages: 2 });

    expect(keys(first)).toEqual(keysOf(51, 250));
    expect(api.listing.map((r) => r.query.get('after'))).toEqual([null, `t3_p${(151).toString(36)}`]);
    // The first poll does not carry on into history.
    expect(cursorOf(first).walk).toBeUndefined();
    expect(cursorOf(first).newest).toBe(post(250).data.created_utc * 1000);
    // One karma lookup per page, at most 100 ids.
    expect(api.karma).toHaveLength(2);

    // Three new posts: one page from the top, which reaches what was read before.
    api.children = range(1, 253);
    api.listing = [];
    const second = await poll({ state: first.state, maxPages: 2 });
    expect(keys(second)).toEqual(keysOf(251, 253));
    expect(api.listing).toHaveLength(1);
    expect(api.listing[0]!.query.get('after')).toBeNull();
    expect(second.notModified).toBe(false);

    // Nothing new: one page, nothing delivered.
    api.listing = [];
    const third = await poll({ state: second.state, maxPages: 2 });
    expect(third.entries).toEqual([]);
    expect(third.notModified).toBe(true);
    expect(api.listing).toHaveLength(1);
    expect(cursorOf(third).newest).toBe(cursorOf(second).newest);
  });

  it('a burst larger than the cap is finished on the next poll, so nothing between two polls is lost', async () => {
    api.children = range(1, 10);
    const first = await poll({ maxPages: 2 });
    expect(keys(first)).toEqual(keysOf(1, 10));

    api.children = range(1, 260); // 250 new posts
    api.listing = [];
    const second = await poll({ state: first.state, maxPages: 2 });
    expect(keys(second)).toEqual(keysOf(61, 260));
    expect(cursorOf(second).walk).toEqual({ after: `t3_p${(61).toString(36)}`, floor: cursorOf(first).newest - 10 * 60_000 });

    api.listing = [];
    const third = await poll({ state: second.state, maxPages: 2 });
    expect(api.listing[0]!.query.get('after')).toBe(`t3_p${(61).toString(36)}`);
    expect(keys(third)).toEqual(keysOf(11, 60));
    expect(cursorOf(third).walk).toBeUndefined();
    expect(cursorOf(third).newest).toBe(post(260).data.created_utc * 1000);
  });

  it('a post indexed late, just below the newest one read, is still delivered once', async () => {
    api.children = range(1, 20);
    const first = await poll();
    // Post 15.5 was made between 15 and 16 but shows up only now.
    const late = post(1000, { created_utc: (post(15).data.created_utc + post(16).data.created_utc) / 2 });
    api.children = [...range(16, 21), late, ...range(1, 15)];
    const second = await poll({ state: first.state });
    expect(keys(second)).toEqual([...keysOf(21, 21), `id:${late.data.name}`]);
  });

  it('stops at a page of posts already delivered, even when the overlap holds more than a page', async () => {
    // A post every two seconds: ten minutes back is three pages.
    const busy = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => post(to - i, { created_utc: T0 / 1000 - 3_600 + (to - i) * 2 }));
    api.children = busy(1, 300);
    const first = await poll({ maxPages: 1 });
    expect(first.entries).toHaveLength(100);

    api.listing = [];
    const second = await poll({ state: first.state, maxPages: 3 });
    // The older pages are history the first poll left alone, not news.
    expect(api.listing).toHaveLength(1);
    expect(second.entries).toEqual([]);
  });

  it('signs in again once when the API refuses the token, then retries the request', async () => {
    api.children = range(1, 2);
    // The first token has expired by the time it is used: the adapter must fetch a second one.
    api.expired.add('tok-1');
    const result = await poll();
    expect(keys(result)).toEqual(keysOf(1, 2));
    expect(api.tokenRequests).toHaveLength(2);
    expect(api.listing.map((r) => r.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-2']);

    // A token that is refused every time: one retry, then the 401 stands.
    api.tokenRequests = [];
    api.listing = [];
    server.routes['/search.json'] = (_req, res) => {
      api.listing.push({ path: '/search.json', query: new URLSearchParams() });
      json(res, 401, { message: 'Unauthorized', error: 401 });
    };
    const err = await poll().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceFetchError);
    expect(err).toMatchObject({ code: 'HTTP_CLIENT_ERROR', status: 401 });
    expect(api.tokenRequests).toHaveLength(2);
    expect(api.listing).toHaveLength(2);
  });

  it('says plainly when Reddit refuses the app credentials, without repeating them', async () => {
    const err = await poll({ config: { client_secret: 'wrong-secret' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceFetchError);
    expect(err).toMatchObject({ code: 'HTTP_CLIENT_ERROR', status: 401, message: 'Reddit refused the app credentials; check client_id and client_secret' });
    expect((err as Error).message).not.toMatch(/wrong-secret|lumera-watch-id/);
    expect(api.listing).toHaveLength(0);

    // A 200 that carries an error instead of a token says the same.
    server.routes['/api/v1/access_token'] = (_req, res) => json(res, 200, { error: 'invalid_grant' });
    await expect(poll()).rejects.toMatchObject({ code: 'HTTP_CLIENT_ERROR', message: /refused the app credentials/ });
  });

  it('429 with Retry-After is a TOO_MANY_REQUESTS error with the delay', async () => {
    server.routes['/search.json'] = (_req, res) => json(res, 429, { message: 'Too Many Requests', error: 429 }, { 'retry-after': '120' });
    const err = await poll().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceFetchError);
    expect(err).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: 429, retryAfterMs: 120_000 });
  });

  it('stops paging when Reddit reports no requests left, keeping what it read', async () => {
    api.children = range(1, 10);
    const first = await poll();
    api.children = range(1, 310);
    api.listing = [];
    api.karma = [];
    api.listingHeaders = { 'x-ratelimit-remaining': '0.0', 'x-ratelimit-used': '600', 'x-ratelimit-reset': '42' };
    const second = await poll({ state: first.state, maxPages: 5 });
    expect(api.listing).toHaveLength(1);
    expect(keys(second)).toEqual(keysOf(211, 310));
    // No karma lookup on an exhausted quota: reach is unknown, the posts are kept.
    expect(api.karma).toHaveLength(0);
    expect(second.entries.every((e) => e.authorReach === null)).toBe(true);
    expect(cursorOf(second).walk?.after).toBe(`t3_p${(211).toString(36)}`);
  });

  it('skips malformed items with a reason and keeps the good ones', async () => {
    const noName = post(5);
    delete (noName.data as Partial<RedditPost>).name;
    const noTime = post(4, { created_utc: 'yesterday' as unknown as number });
    const noPermalink = post(3, { permalink: 'https://elsewhere.example/' });
    api.children = [
      post(7),
      { kind: 't1', data: { id: 'c1', name: 't1_c1', body: 'Lumera comment' } },
      noName,
      noTime,
      noPermalink,
      'junk',
      post(2, { selftext: '[removed]', author: '[deleted]', author_fullname: undefined }),
    ];

    const result = await poll();

    expect(result.skipped).toEqual([
      { index: 1, reason: 'The item is not a post (only posts are read)' },
      { index: 2, reason: 'The post has no fullname (name)' },
      { index: 3, reason: 'The post has no creation time' },
      { index: 4, reason: 'The post has no permalink' },
      { index: 5, reason: 'The post is not in the shape Reddit uses' },
    ]);
    expect(keys(result)).toEqual(['id:t3_p7', 'id:t3_p2']);
    // A removed post keeps its title; the placeholders are not text or an author.
    expect(result.entries[1]).toMatchObject({ author: null, text: '', title: TEXTS[2][0], authorReach: null });
    expect(api.karma.map((q) => q.get('ids'))).toEqual(['t2_u0']);
  });

  it('a refused karma lookup leaves reach unknown and keeps the posts', async () => {
    api.children = range(1, 2);
    api.karmaStatus = 403;
    const result = await poll();
    expect(keys(result)).toEqual(keysOf(1, 2));
    expect(result.entries.map((e) => e.authorReach)).toEqual([null, null]);
    expect(result.entries.map((e) => e.engagement)).toEqual([2 + 2, 1 + 1]);
  });

  it('a body that is not JSON, or not a listing, is a PARSE_ERROR', async () => {
    server.routes['/search.json'] = (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>blocked</body></html>');
    await expect(poll()).rejects.toMatchObject({ code: 'PARSE_ERROR', message: 'Reddit answered with something that is not JSON' });

    server.routes['/search.json'] = (_req, res) => json(res, 200, { kind: 't3', data: { children: 'none' } });
    await expect(poll()).rejects.toMatchObject({ code: 'PARSE_ERROR', message: 'Reddit answered JSON that is not a listing of posts' });
  });
});
