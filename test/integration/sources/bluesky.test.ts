import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SourceFetchError } from '../../../src/core/ingest/fetch-errors.ts';
import { blueskyAdapter } from '../../../src/sources/bluesky.ts';
import type { PollResult, PollState } from '../../../src/sources/types.ts';
import { startFeedServer } from '../../helpers/feed-server.ts';
import { pollAdapter } from '../../helpers/poll-adapter.ts';
import { T0 } from '../../helpers/test-deps.ts';

type Server = Awaited<ReturnType<typeof startFeedServer>>;
/** Signing in and reading are different hosts on Bluesky; so they are here. */
let auth: Server;
let appView: Server;

const HANDLE = 'lumera-watch.bsky.social';
const APP_PASSWORD = 'abcd-efgh-ijkl-mnop';

/** Our own short texts about a fictional collector, with the language the author declared. */
const TEXTS = [
  ['Lumera vastasi nopeasti ja maksusuunnitelma onnistui.', 'fi'],
  ['Lumera gav mig en rimelig afdragsordning.', 'da'],
  ['Lumera darbuotojas buvo mandagus ir padėjo.', 'lt'],
  ['Lumera saatis meeldetuletuse, kuigi võlg oli makstud.', 'et'],
  ['Lumera called me four times before nine in the morning.', 'en'],
] as const;

interface PostView {
  uri: string;
  cid: string;
  author: { did: string; handle: string; displayName?: string; [k: string]: unknown };
  record: { $type: string; text: string; langs?: string[]; createdAt: string; [k: string]: unknown };
  indexedAt: string;
  replyCount?: number;
  repostCount?: number;
  likeCount?: number;
  quoteCount?: number;
  [k: string]: unknown;
}

const minute = 60_000;
const timeOf = (n: number) => T0 - 86_400_000 + n * minute;
const rkeyOf = (n: number) => `3lw${n.toString(36).padStart(10, 'a')}`;
const didOf = (n: number) => `did:plc:author${n % 4}`;
const uriOf = (n: number) => `at://${didOf(n)}/app.bsky.feed.post/${rkeyOf(n)}`;

/** A postView as searchPosts sends it; `n` also orders posts in time (higher is newer). */
function post(n: number, extra: Partial<PostView> = {}): PostView {
  const [text, lang] = TEXTS[n % TEXTS.length]!;
  return {
    uri: uriOf(n),
    cid: `bafyrei${n}`,
    author: { did: didOf(n), handle: `author${n % 4}.bsky.social`, displayName: `Author ${n % 4}`, labels: [], createdAt: '2023-05-02T10:00:00.000Z' },
    record: { $type: 'app.bsky.feed.post', text, langs: [lang], createdAt: new Date(timeOf(n)).toISOString() },
    replyCount: n % 3,
    repostCount: n % 5,
    likeCount: n % 7,
    quoteCount: 1,
    bookmarkCount: 0,
    indexedAt: new Date(timeOf(n) + 1_000).toISOString(),
    labels: [],
    ...extra,
  };
}

/** Posts numbered from..to. */
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => post(to - i));
/** The sort time searchPosts uses: createdAt, unless indexing came first. */
const sortAt = (p: unknown) => {
  const v = p as PostView;
  return Math.min(Date.parse(v.record?.createdAt), Date.parse(v.indexedAt));
};

interface Api {
  posts: unknown[];
  issued: number;
  /** Tokens the AppView refuses although they were issued (expired early). */
  expired: Set<string>;
  sessions: { body: unknown; contentType?: string; method?: string }[];
  searches: { query: URLSearchParams; authorization?: string; accept?: string }[];
  profiles: { actors: string[]; authorization?: string }[];
  searchHeaders?: Record<string, string>;
}
let api: Api;

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));

function createSession(req: IncomingMessage, res: ServerResponse) {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    const parsed = JSON.parse(body) as { identifier?: string; password?: string };
    api.sessions.push({ body: parsed, contentType: req.headers['content-type'], method: req.method });
    if (req.method !== 'POST' || parsed.identifier !== HANDLE || parsed.password !== APP_PASSWORD) {
      return json(res, 401, { error: 'AuthenticationRequired', message: 'Invalid identifier or password' });
    }
    const n = ++api.issued;
    json(res, 200, { did: 'did:plc:watcher', handle: HANDLE, accessJwt: `jwt-${n}`, refreshJwt: `refresh-${n}`, active: true });
  });
}

const authorised = (req: IncomingMessage) => {
  const token = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
  return /^jwt-\d+$/.test(token) && !api.expired.has(token);
};

/** A stand-in for searchPosts: since (inclusive) and until (exclusive) on the sort time, lang, offset cursors. */
function searchPosts(req: IncomingMessage, res: ServerResponse) {
  const q = new URL(req.url!, 'http://x').searchParams;
  api.searches.push({ query: q, authorization: req.headers.authorization, accept: req.headers.accept });
  if (!authorised(req)) return json(res, 400, { error: 'ExpiredToken', message: 'Token has expired' }); // as a PDS answers
  const since = q.get('since') ? Date.parse(q.get('since')!) : -Infinity;
  const until = q.get('until') ? Date.parse(q.get('until')!) : Infinity;
  const lang = q.get('lang');
  const hits = api.posts
    .filter((p) => typeof p !== 'object' || p === null || !('record' in p) || Number.isNaN(sortAt(p)) || (sortAt(p) >= since && sortAt(p) < until))
    .filter((p) => !lang || !(p as PostView).record?.langs || (p as PostView).record.langs!.some((l) => l.split('-')[0] === lang));
  const offset = Number(q.get('cursor') ?? 0);
  const limit = Number(q.get('limit') ?? 25);
  const page = hits.slice(offset, offset + limit);
  const more = offset + limit < hits.length;
  json(res, 200, { ...(more && { cursor: String(offset + limit) }), hitsTotal: hits.length, posts: page }, api.searchHeaders);
}

function getProfiles(req: IncomingMessage, res: ServerResponse) {
  const q = new URL(req.url!, 'http://x').searchParams;
  api.profiles.push({ actors: q.getAll('actors'), authorization: req.headers.authorization });
  if (!authorised(req)) return json(res, 400, { error: 'ExpiredToken', message: 'Token has expired' }); // as a PDS answers
  const profiles = q.getAll('actors').map((did) => ({
    did,
    handle: `${did.slice(8)}.bsky.social`,
    followersCount: 1000 + Number(did.at(-1)),
    followsCount: 10,
    postsCount: 99,
  }));
  json(res, 200, { profiles });
}

const config = (extra: Record<string, unknown> = {}) => ({
  query: 'Lumera',
  identifier: HANDLE,
  app_password: APP_PASSWORD,
  auth_base: auth.base,
  api_base: appView.base,
  ...extra,
});
const poll = (o: { state?: Partial<PollState>; maxPages?: number; config?: Record<string, unknown> } = {}) =>
  pollAdapter(blueskyAdapter, { config: config(o.config), state: o.state, maxPages: o.maxPages });

type Cursor = { search: string; newest: number; recent: Record<string, number>; gap?: { since: number; until: number } };
const cursorOf = (r: PollResult) => r.state.cursor as Cursor;
const keys = (r: PollResult) => r.entries.map((e) => e.externalKey);
const keysOf = (from: number, to: number) => range(from, to).map((p) => `id:${p.uri}`);
const iso = (ms: number) => new Date(ms).toISOString();

beforeEach(async () => {
  auth = await startFeedServer({ '/xrpc/com.atproto.server.createSession': createSession });
  appView = await startFeedServer({ '/xrpc/app.bsky.feed.searchPosts': searchPosts, '/xrpc/app.bsky.actor.getProfiles': getProfiles });
  api = { posts: [], issued: 0, expired: new Set(), sessions: [], searches: [], profiles: [] };
});
afterEach(async () => {
  await auth.close();
  await appView.close();
});

describe('bluesky adapter', () => {
  it('signs in with the app password, searches the latest posts and maps one to a mention with its author reach', async () => {
    api.posts = [
      post(7, {
        uri: 'at://did:plc:ainov/app.bsky.feed.post/3mabc2def3gh4',
        author: { did: 'did:plc:author3', handle: 'aino-v.bsky.social', displayName: 'Aino V.' },
        record: {
          $type: 'app.bsky.feed.post',
          text: 'Lumera <b>soitti</b> taas &amp; taas.\nMaksusuunnitelma on jo sovittu.',
          langs: ['fi-FI', 'en'],
          createdAt: '2026-11-19T07:41:12.345678Z',
        },
        indexedAt: '2026-11-19T07:41:14.120Z',
        replyCount: 2,
        repostCount: 5,
        likeCount: 31,
        quoteCount: 1,
      }),
    ];

    const result = await poll({ config: { language: 'FI' } });

    expect(result.skipped).toEqual([]);
    expect(result.entries).toEqual([
      {
        externalKey: 'id:at://did:plc:ainov/app.bsky.feed.post/3mabc2def3gh4',
        url: 'https://bsky.app/profile/aino-v.bsky.social/post/3mabc2def3gh4',
        author: 'aino-v.bsky.social',
        title: null,
        text: 'Lumera soitti taas & taas.\nMaksusuunnitelma on jo sovittu.',
        publishedAt: Date.UTC(2026, 10, 19, 7, 41, 12, 345),
        languageHint: 'fi',
        authorReach: 1003,
        engagement: 39,
      },
    ]);

    // Signed in on the auth host with a JSON body; the AppView was only read, with the bearer token.
    expect(api.sessions).toEqual([{ method: 'POST', contentType: 'application/json', body: { identifier: HANDLE, password: APP_PASSWORD } }]);
    expect(auth.hits.map((h) => h.path)).toEqual(['/xrpc/com.atproto.server.createSession']);
    expect(appView.hits.map((h) => h.path)).toEqual(['/xrpc/app.bsky.feed.searchPosts', '/xrpc/app.bsky.actor.getProfiles']);
    expect(api.searches).toHaveLength(1);
    expect(Object.fromEntries(api.searches[0]!.query)).toEqual({ q: 'Lumera', sort: 'latest', limit: '25', lang: 'fi' });
    expect(api.searches[0]!.authorization).toBe('Bearer jwt-1');
    expect(api.searches[0]!.accept).toBe('application/json');
    expect(api.profiles).toEqual([{ actors: ['did:plc:author3'], authorization: 'Bearer jwt-1' }]);
    // The cursor: what was read, never a token or the password.
    expect(cursorOf(result)).toEqual({
      search: '["Lumera","fi"]',
      newest: Date.UTC(2026, 10, 19, 7, 41, 12, 345),
      recent: { 'at://did:plc:ainov/app.bsky.feed.post/3mabc2def3gh4': Date.UTC(2026, 10, 19, 7, 41, 12, 345) },
    });
    expect(JSON.stringify(result.state)).not.toMatch(/jwt-|refresh-|abcd-efgh/);
  });

  it('dates a post by the earlier of createdAt and indexedAt, and addresses a post whose handle is invalid by DID', async () => {
    api.posts = [
      post(2, {
        author: { did: 'did:plc:gone', handle: 'handle.invalid' },
        record: { $type: 'app.bsky.feed.post', text: 'Lumera atsūtīja vēstuli ar nepareizu summu.', createdAt: '2030-01-01T00:00:00Z' },
        indexedAt: '2026-11-19T10:00:00.000Z',
        replyCount: undefined,
        repostCount: undefined,
        likeCount: undefined,
        quoteCount: undefined,
      }),
    ];
    const [entry] = (await poll()).entries;
    expect(entry).toMatchObject({
      url: `https://bsky.app/profile/did:plc:gone/post/${rkeyOf(2)}`,
      author: 'did:plc:gone',
      publishedAt: Date.UTC(2026, 10, 19, 10, 0, 0),
      languageHint: null,
      engagement: null,
    });
  });

  it('checks its settings', () => {
    const base = { query: 'Lumera', identifier: HANDLE, app_password: APP_PASSWORD };
    const issues = (c: unknown) => {
      const r = blueskyAdapter.config.safeParse(c);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(issues(base)).toEqual([]);
    expect(issues({ ...base, app_password: 'my-main-password' })).toEqual([
      'app_password: app_password must be a Bluesky app password (xxxx-xxxx-xxxx-xxxx), not the account password',
    ]);
    expect(issues({ ...base, language: 'swedish' })).toEqual(['language: language must be a two-letter language code such as sv or fi']);
    expect(issues({ ...base, query: '' })).toHaveLength(1);
    expect(issues({ ...base, api_base: 'ftp://x' })).toHaveLength(1);
    expect(issues({ ...base, colour: 'red' })).toHaveLength(1);
    expect(blueskyAdapter.config.parse({ ...base, identifier: `@${HANDLE}`, language: 'SV' })).toEqual({
      ...base,
      language: 'sv',
      auth_base: 'https://bsky.social',
      api_base: 'https://api.bsky.app',
    });
    expect(blueskyAdapter.secrets).toEqual(['app_password']);
    expect(blueskyAdapter.url).toBe('none');
  });

  it('pages with the search cursor up to the page cap on the first poll, then asks only for posts since the newest', async () => {
    api.posts = range(1, 60);
    const first = await poll({ maxPages: 2 });

    expect(keys(first)).toEqual(keysOf(11, 60));
    expect(api.searches.map((s) => s.query.get('cursor'))).toEqual([null, '25']);
    expect(api.searches.every((s) => s.query.get('since') === null && s.query.get('until') === null)).toBe(true);
    // One profile lookup per page, for its distinct authors.
    expect(api.profiles.map((p) => p.actors.length)).toEqual([4, 4]);
    expect(first.entries.map((e) => e.authorReach).slice(0, 4)).toEqual([1000, 1003, 1002, 1001]);
    // The first poll does not carry on into history.
    expect(cursorOf(first).gap).toBeUndefined();
    expect(cursorOf(first).newest).toBe(timeOf(60));
    // Only the posts within ten minutes of the newest are remembered.
    expect(Object.keys(cursorOf(first).recent)).toHaveLength(11);

    // Three new posts: one page since ten minutes before the newest post read; the overlap is not delivered again.
    api.posts = range(1, 63);
    api.searches = [];
    const second = await poll({ state: first.state, maxPages: 2 });
    expect(keys(second)).toEqual(keysOf(61, 63));
    expect(api.searches).toHaveLength(1);
    expect(api.searches[0]!.query.get('since')).toBe(iso(timeOf(60) - 10 * minute));
    expect(second.notModified).toBe(false);

    // Nothing new: one page of posts already delivered.
    api.searches = [];
    const third = await poll({ state: second.state, maxPages: 2 });
    expect(third.entries).toEqual([]);
    expect(third.notModified).toBe(true);
    expect(api.searches).toHaveLength(1);
  });

  it('a post indexed late, older than the newest one read, is still delivered once', async () => {
    api.posts = range(1, 20);
    const first = await poll();
    const late = post(1000, { record: { $type: 'app.bsky.feed.post', text: 'Lumera nie odpowiada na moje reklamacje.', langs: ['pl'], createdAt: iso(timeOf(17) + 30_000) } });
    late.indexedAt = iso(timeOf(21) + 5_000);
    api.posts = [post(21), ...range(18, 20), late, ...range(1, 17)];
    const second = await poll({ state: first.state });
    expect(keys(second)).toEqual([...keysOf(21, 21), `id:${late.uri}`]);
    expect(second.entries[1]).toMatchObject({ languageHint: 'pl', publishedAt: timeOf(17) + 30_000 });
  });

  it('a burst larger than the cap is read as a gap on the next poll, so nothing between two polls is lost', async () => {
    api.posts = range(1, 5);
    const first = await poll({ maxPages: 2 });
    expect(keys(first)).toEqual(keysOf(1, 5));

    api.posts = range(1, 65); // 60 new posts
    api.searches = [];
    const second = await poll({ state: first.state, maxPages: 2 });
    expect(keys(second)).toEqual(keysOf(16, 65));
    const since = timeOf(5) - 10 * minute;
    expect(cursorOf(second).gap).toEqual({ since, until: timeOf(16) + 1 });

    api.searches = [];
    const third = await poll({ state: second.state, maxPages: 2 });
    expect(Object.fromEntries(api.searches[0]!.query)).toMatchObject({ since: iso(since), until: iso(timeOf(16) + 1) });
    // Exactly the posts in between: neither the overlap of the first poll nor the edge of the second comes again.
    expect(keys(third)).toEqual(keysOf(6, 15));
    expect(cursorOf(third).gap).toBeUndefined();

    api.posts = range(1, 66);
    api.searches = [];
    const fourth = await poll({ state: third.state, maxPages: 2 });
    expect(api.searches[0]!.query.get('until')).toBeNull();
    expect(api.searches[0]!.query.get('since')).toBe(iso(timeOf(65) - 10 * minute));
    expect(keys(fourth)).toEqual(keysOf(66, 66));
  });

  it('stops at a page of posts already delivered, even when the overlap holds more than a page', async () => {
    // A post every ten seconds: ten minutes back is more than two pages.
    const at = (n: number) => T0 - 3_600_000 + n * 10_000;
    api.posts = Array.from({ length: 80 }, (_, i) => {
      const n = 80 - i;
      return post(n, { record: { $type: 'app.bsky.feed.post', text: 'Lumera ringer mig varje dag.', langs: ['sv'], createdAt: iso(at(n)) }, indexedAt: iso(at(n) + 1_000) });
    });
    const first = await poll({ maxPages: 1 });
    expect(first.entries).toHaveLength(25);

    api.searches = [];
    const second = await poll({ state: first.state, maxPages: 3 });
    // The older pages are history the first poll left alone, not news.
    expect(api.searches).toHaveLength(1);
    expect(second.entries).toEqual([]);
  });

  it('signs in again once when the AppView refuses the token, then retries the request', async () => {
    api.posts = range(1, 2);
    api.expired.add('jwt-1');
    const result = await poll();
    expect(keys(result)).toEqual(keysOf(1, 2));
    expect(api.sessions).toHaveLength(2);
    expect(api.searches.map((s) => s.authorization)).toEqual(['Bearer jwt-1', 'Bearer jwt-2']);
    expect(api.profiles.map((p) => p.authorization)).toEqual(['Bearer jwt-2']);

    // Refused every time: one new session, then the 401 stands.
    api.sessions = [];
    api.searches = [];
    appView.routes['/xrpc/app.bsky.feed.searchPosts'] = (_req, res) => {
      api.searches.push({ query: new URLSearchParams() });
      json(res, 401, { error: 'AuthenticationRequired', message: 'Authentication Required' });
    };
    const err = await poll().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceFetchError);
    expect(err).toMatchObject({ code: 'HTTP_CLIENT_ERROR', status: 401 });
    expect(api.sessions).toHaveLength(2);
    expect(api.searches).toHaveLength(2);
  });

  it('says plainly when Bluesky refuses to sign in, without repeating the password', async () => {
    const err = await poll({ config: { app_password: 'zzzz-zzzz-zzzz-zzzz' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceFetchError);
    expect(err).toMatchObject({ code: 'HTTP_CLIENT_ERROR', status: 401, message: 'Bluesky refused to sign in; check identifier and app_password' });
    expect((err as Error).message).not.toMatch(/zzzz/);
    expect(api.searches).toHaveLength(0);

    auth.routes['/xrpc/com.atproto.server.createSession'] = (_req, res) => json(res, 200, { did: 'did:plc:watcher', handle: HANDLE });
    await expect(poll()).rejects.toMatchObject({ code: 'PARSE_ERROR', message: 'Bluesky answered the sign-in without an access token' });
  });

  it('429 with Retry-After is a TOO_MANY_REQUESTS error with the delay', async () => {
    appView.routes['/xrpc/app.bsky.feed.searchPosts'] = (_req, res) =>
      json(res, 429, { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' }, { 'retry-after': '90', 'ratelimit-remaining': '0' });
    const err = await poll().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceFetchError);
    expect(err).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: 429, retryAfterMs: 90_000 });
  });

  it('stops paging when Bluesky reports no requests left, keeping what it read', async () => {
    api.posts = range(1, 5);
    const first = await poll();
    api.posts = range(1, 105);
    api.searches = [];
    api.profiles = [];
    api.searchHeaders = { 'ratelimit-limit': '3000', 'ratelimit-remaining': '0', 'ratelimit-reset': '1795000000' };
    const second = await poll({ state: first.state, maxPages: 5 });
    expect(api.searches).toHaveLength(1);
    expect(keys(second)).toEqual(keysOf(81, 105));
    // No profile lookup on an exhausted quota: reach is unknown, the posts are kept.
    expect(api.profiles).toHaveLength(0);
    expect(second.entries.every((e) => e.authorReach === null)).toBe(true);
    expect(cursorOf(second).gap).toEqual({ since: timeOf(5) - 10 * minute, until: timeOf(81) + 1 });
  });

  it('skips malformed posts with a reason and keeps the good ones', async () => {
    const noUri = post(9) as Partial<PostView>;
    delete noUri.uri;
    const noText = post(8, { record: { $type: 'app.bsky.feed.post', createdAt: iso(timeOf(8)) } as PostView['record'] });
    const imageOnly = post(7, { record: { $type: 'app.bsky.feed.post', text: '', createdAt: iso(timeOf(7)) } });
    const noAuthor = post(6, { author: undefined as unknown as PostView['author'] });
    const badDates = post(5, { record: { $type: 'app.bsky.feed.post', text: 'Lumera ringte naboen min.', createdAt: 'soon' }, indexedAt: 'later' });
    api.posts = [post(10), noUri, noText, imageOnly, noAuthor, post(4, { uri: 'https://bsky.app/profile/x/post/y' }), badDates, 42, post(3)];

    const result = await poll();

    expect(result.skipped).toEqual([
      { index: 1, reason: 'The post has no valid at:// address (uri)' },
      { index: 2, reason: 'The post has no text' },
      { index: 3, reason: 'The post has no text (images or a quote only)' },
      { index: 4, reason: 'The post has no author' },
      { index: 5, reason: 'The post has no valid at:// address (uri)' },
      { index: 6, reason: 'The post has no readable date' },
      { index: 7, reason: 'The post is not in the shape Bluesky uses' },
    ]);
    expect(keys(result)).toEqual([`id:${uriOf(10)}`, `id:${uriOf(3)}`]);
  });

  it('a body that is not JSON, or not a list of posts, is a PARSE_ERROR', async () => {
    appView.routes['/xrpc/app.bsky.feed.searchPosts'] = (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><title>403 Forbidden</title></html>');
    await expect(poll()).rejects.toMatchObject({ code: 'PARSE_ERROR', message: 'Bluesky answered with something that is not JSON' });

    appView.routes['/xrpc/app.bsky.feed.searchPosts'] = (_req, res) => json(res, 200, { feed: [] });
    await expect(poll()).rejects.toMatchObject({ code: 'PARSE_ERROR', message: 'Bluesky answered JSON that is not a list of posts' });
  });
});
