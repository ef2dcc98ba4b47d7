import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SourceFetchError } from '../../../src/core/ingest/fetch-errors.ts';
import { appStoreAdapter } from '../../../src/sources/app-store.ts';
import { startFeedServer } from '../../helpers/feed-server.ts';
import { pollAdapter } from '../../helpers/poll-adapter.ts';
import { T0 } from '../../helpers/test-deps.ts';

type Server = Awaited<ReturnType<typeof startFeedServer>>;
type Entry = Record<string, unknown>;

const APP = '1500000000';
const HOUR = 3_600_000;

let server: Server;
/** Each storefront's reviews, most recent first, as the fake App Store serves them. */
let shelves: Record<string, Entry[]>;
/** Reviews per page (Apple uses about 50; small pages keep the fixtures short). */
let pageSize: number;
/** Older feeds open page 1 with the app's own record. */
let withAppRecord: boolean;
let extraHeaders: Record<string, string>;

/** `updated` as Apple writes it: local time with an offset. */
const appleTime = (ms: number) => new Date(ms - 7 * HOUR).toISOString().replace(/\.\d{3}Z$/, '-07:00');

const review = (id: string, cc: string, ms: number, over: Entry = {}): Entry => ({
  author: { uri: { label: `https://itunes.apple.com/${cc}/reviews/id99${id}` }, name: { label: `user_${id}` }, label: '' },
  updated: { label: appleTime(ms) },
  'im:rating': { label: '2' },
  'im:version': { label: '3.4.1' },
  id: { label: id },
  title: { label: `Review ${id} of Lumera` },
  content: { label: 'Lumera answers slowly but the app works.', attributes: { type: 'text' } },
  link: { attributes: { rel: 'related', href: `https://itunes.apple.com/${cc}/review?id=${APP}&type=Purple%20Software` } },
  'im:voteSum': { label: '1' },
  'im:contentType': { attributes: { term: 'Application', label: 'Application' } },
  'im:voteCount': { label: '3' },
  ...over,
});

const appRecord = {
  'im:name': { label: 'Lumera Pay' },
  'im:artist': { label: 'Lumera AB' },
  id: { label: `https://apps.apple.com/app/id${APP}`, attributes: { 'im:id': APP } },
  title: { label: 'Lumera Pay - Lumera AB' },
};

const reviewsPath = (cc: string, page: number) => `/${cc}/rss/customerreviews/page=${page}/id=${APP}/sortBy=mostRecent/json`;

/** Registers the ten pages of every storefront in `shelves`, read at request time. */
function serveShelves(countries: string[]) {
  for (const cc of countries) {
    for (let page = 1; page <= 10; page++) {
      server.routes[reviewsPath(cc, page)] = (_req, res) => {
        const entries = (shelves[cc] ?? []).slice((page - 1) * pageSize, page * pageSize);
        const list = page === 1 && withAppRecord ? [appRecord, ...entries] : entries;
        const feed: Record<string, unknown> = {
          author: { name: { label: 'iTunes Store' }, uri: { label: 'http://www.apple.com/itunes/' } },
          id: { label: `https://itunes.apple.com/${cc}/rss/customerreviews/page=${page}/id=${APP}/sortby=mostrecent/json` },
        };
        // Apple leaves `entry` out when there is nothing, and gives one review as an object.
        if (list.length === 1) feed.entry = list[0];
        else if (list.length > 1) feed.entry = list;
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', ...extraHeaders }).end(JSON.stringify({ feed }));
      };
    }
  }
}

const config = (countries: string[], over: Record<string, unknown> = {}) => ({ app_id: APP, countries, api_base: server.base, ...over });
const keys = (r: { entries: { externalKey: string }[] }) => r.entries.map((e) => e.externalKey);
const paths = () => server.hits.map((h) => h.path);

beforeEach(async () => {
  shelves = {};
  pageSize = 50;
  withAppRecord = false;
  extraHeaders = {};
  server = await startFeedServer();
});
afterEach(() => server.close());

describe('app_store adapter', () => {
  it('maps every field of a review, skips the app record quietly, strips HTML and hints the language by storefront', async () => {
    withAppRecord = true;
    shelves.se = [
      review('11873345566', 'se', T0 - HOUR, {
        title: { label: 'Går inte att få en avbetalningsplan' },
        content: { label: 'Lumera svarar aldrig &amp; appen <b>kraschar</b> vid betalning.<br>Två stjärnor för designen.', attributes: { type: 'text' } },
        'im:rating': { label: '2' },
        'im:voteCount': { label: '7' },
        author: { uri: { label: 'https://itunes.apple.com/se/reviews/id1' }, name: { label: 'Kalle_82' }, label: '' },
      }),
    ];
    shelves.lv = [
      review('22000000001', 'lv', T0 - 2 * HOUR, {
        title: { label: 'Ātra atbilde' },
        content: { label: 'Lumera ātri atbildēja un piedāvāja maksājumu grafiku.', attributes: { type: 'text' } },
        'im:rating': { label: '5' },
      }),
    ];
    shelves.de = [review('33000000001', 'de', T0 - 3 * HOUR, { content: { label: 'Lumera ist freundlich.', attributes: { type: 'text' } } })];
    serveShelves(['se', 'lv', 'de']);

    const r = await pollAdapter(appStoreAdapter, { config: config(['se', 'lv', 'de']), maxPages: 10 });
    expect(paths().slice(0, 3)).toEqual([reviewsPath('se', 1), reviewsPath('lv', 1), reviewsPath('de', 1)]);
    expect(server.hits[0]!.headers.accept).toBe('application/json');
    expect(r.skipped).toEqual([]); // the app record is not a broken review
    expect(r.entries[0]).toEqual({
      externalKey: 'id:11873345566',
      url: `https://itunes.apple.com/se/review?id=${APP}&type=Purple%20Software`,
      author: 'Kalle_82',
      title: 'Går inte att få en avbetalningsplan',
      text: 'Lumera svarar aldrig & appen kraschar vid betalning.\nTvå stjärnor för designen.',
      publishedAt: T0 - HOUR,
      languageHint: 'sv',
      authorReach: null,
      engagement: 7,
      rating: 2,
    });
    expect(r.entries.slice(1).map((e) => [e.externalKey, e.languageHint, e.rating, e.text])).toEqual([
      ['id:22000000001', 'lv', 5, 'Lumera ātri atbildēja un piedāvāja maksājumu grafiku.'],
      ['id:33000000001', null, 2, 'Lumera ist freundlich.'], // no storefront → language mapping for "de"
    ]);
  });

  it('reads storefronts breadth first within the page cap and carries on where it stopped', async () => {
    pageSize = 2;
    const t = T0 - 100 * HOUR;
    shelves.se = [5, 4, 3, 2, 1].map((i) => review(`se${i}`, 'se', t + i * HOUR));
    shelves.fi = [
      review('fi1', 'fi', t + 10 * HOUR, {
        title: { label: 'Ystävällinen palvelu' },
        content: { label: 'Lumeran asiakaspalvelu oli ystävällinen.', attributes: { type: 'text' } },
      }),
    ];
    serveShelves(['se', 'fi']);

    const first = await pollAdapter(appStoreAdapter, { config: config(['se', 'fi']), maxPages: 3 });
    expect(paths()).toEqual([reviewsPath('se', 1), reviewsPath('fi', 1), reviewsPath('se', 2)]);
    expect(keys(first)).toEqual(['id:se5', 'id:se4', 'id:fi1', 'id:se3', 'id:se2']);
    expect(first.entries.find((e) => e.externalKey === 'id:fi1')!.languageHint).toBe('fi');
    expect(first.state.cursor).toEqual({
      next: 'se',
      storefronts: { se: { since: null, page: 3, top: t + 5 * HOUR }, fi: { since: null, page: 2, top: t + 10 * HOUR } },
    });

    server.hits.length = 0;
    const second = await pollAdapter(appStoreAdapter, { config: config(['se', 'fi']), state: first.state, maxPages: 3 });
    expect(paths()).toEqual([reviewsPath('se', 3), reviewsPath('fi', 2), reviewsPath('se', 4)]);
    expect(keys(second)).toEqual(['id:se1']);
    expect(second.state.cursor).toMatchObject({
      storefronts: { se: { since: t + 5 * HOUR, page: 1, top: null }, fi: { since: t + 10 * HOUR, page: 1, top: null } },
    });

    // New reviews: each storefront's first page reaches what was read, so one page each is enough. (Both
    // storefronts finished last time, so this poll starts one further along: with fi.)
    expect(second.state.cursor).toMatchObject({ next: 'fi' });
    shelves.se.unshift(review('se6', 'se', T0 - HOUR));
    shelves.fi.unshift(review('fi2', 'fi', T0 - 2 * HOUR));
    server.hits.length = 0;
    const third = await pollAdapter(appStoreAdapter, { config: config(['se', 'fi']), state: second.state, maxPages: 3 });
    expect(paths()).toEqual([reviewsPath('fi', 1), reviewsPath('se', 1)]);
    expect(keys(third)).toEqual(['id:fi2', 'id:se6']);

    server.hits.length = 0;
    const fourth = await pollAdapter(appStoreAdapter, { config: config(['se', 'fi']), state: third.state, maxPages: 3 });
    expect(fourth.entries).toEqual([]);
    expect(fourth.notModified).toBe(true);
  });

  it('starts the next poll with a storefront the page cap did not reach', async () => {
    serveShelves(['se', 'fi', 'lv']);
    const first = await pollAdapter(appStoreAdapter, { config: config(['se', 'fi', 'lv']), maxPages: 2 });
    expect(paths()).toEqual([reviewsPath('se', 1), reviewsPath('fi', 1)]);
    expect(first.state.cursor).toMatchObject({ next: 'lv' });
    server.hits.length = 0;
    await pollAdapter(appStoreAdapter, { config: config(['se', 'fi', 'lv']), state: first.state, maxPages: 2 });
    expect(paths()).toEqual([reviewsPath('lv', 1), reviewsPath('se', 1)]);
  });

  it('page 10 is the last Apple serves: the pass ends there', async () => {
    pageSize = 1;
    shelves.lt = Array.from({ length: 12 }, (_, i) => review(`lt${12 - i}`, 'lt', T0 - (i + 1) * HOUR));
    serveShelves(['lt']);
    const state = { cursor: { storefronts: { lt: { since: null, page: 10, top: T0 - HOUR } } } };
    const r = await pollAdapter(appStoreAdapter, { config: config(['lt']), state, maxPages: 5 });
    expect(paths()).toEqual([reviewsPath('lt', 10)]);
    expect(keys(r)).toEqual(['id:lt3']);
    expect(r.entries[0]!.languageHint).toBe('lt');
    expect(r.state.cursor).toMatchObject({ storefronts: { lt: { since: T0 - HOUR, page: 1, top: null } } });
  });

  it('skips malformed reviews with a reason and keeps the good ones', async () => {
    withAppRecord = true;
    shelves.ee = [
      review('e1', 'ee', T0 - HOUR, { content: { label: 'Lumera helistas liiga tihti.', attributes: { type: 'text' } } }),
      { ...review('e2', 'ee', T0 - 2 * HOUR), id: undefined },
      review('e3', 'ee', T0 - 3 * HOUR, { updated: { label: 'sometime' } }),
      review('e4', 'ee', T0 - 4 * HOUR, { 'im:rating': { label: '6' } }),
      review('e5', 'ee', T0 - 5 * HOUR, { title: { label: '' }, content: { label: '<p></p>', attributes: { type: 'html' } } }),
      'not a review' as unknown as Entry,
      review('e7', 'ee', T0 - 7 * HOUR, { 'im:voteCount': { label: 'n/a' }, link: { attributes: { href: 'javascript:alert(1)' } } }),
    ];
    serveShelves(['ee']);
    const r = await pollAdapter(appStoreAdapter, { config: config(['ee']) });
    expect(keys(r)).toEqual(['id:e1', 'id:e7']);
    expect(r.entries[0]!.languageHint).toBe('et');
    expect(r.entries[1]).toMatchObject({ engagement: null, url: null }); // odd optional fields are dropped, not the review
    // Index 0 is the app record.
    expect(r.skipped).toEqual([
      { index: 2, reason: 'The review has no id' },
      { index: 3, reason: 'The review has no readable date' },
      { index: 4, reason: 'The review has no star rating from 1 to 5' },
      { index: 5, reason: 'The review has neither a title nor any text' },
      { index: 6, reason: 'The entry is not a review' },
    ]);
  });

  it('stops when the remaining quota is 0 and carries on next time', async () => {
    pageSize = 1;
    shelves.pl = [review('p2', 'pl', T0 - HOUR), review('p1', 'pl', T0 - 2 * HOUR)];
    extraHeaders = { 'x-ratelimit-remaining': '0' };
    serveShelves(['pl', 'dk']);
    const r = await pollAdapter(appStoreAdapter, { config: config(['pl', 'dk']) });
    expect(paths()).toEqual([reviewsPath('pl', 1)]);
    expect(r.entries.map((e) => [e.externalKey, e.languageHint])).toEqual([['id:p2', 'pl']]);
    expect(r.state.cursor).toMatchObject({ next: 'dk', storefronts: { pl: { page: 2 } } });
  });

  it('429 with Retry-After is a TOO_MANY_REQUESTS error with the wait', async () => {
    server.routes[reviewsPath('no', 1)] = (_req, res) => res.writeHead(429, { 'retry-after': '60' }).end();
    const err = await pollAdapter(appStoreAdapter, { config: config(['no']) }).catch((e) => e);
    expect(err).toBeInstanceOf(SourceFetchError);
    expect(err).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: 429, retryAfterMs: 60_000 });
  });

  it('a body that is not JSON, or JSON that is not a reviews feed, is a PARSE_ERROR', async () => {
    server.routes[reviewsPath('dk', 1)] = (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Lumera</html>');
    await expect(pollAdapter(appStoreAdapter, { config: config(['dk']) })).rejects.toMatchObject({
      code: 'PARSE_ERROR',
      message: 'The App Store answered with something that is not JSON',
    });
    server.routes[reviewsPath('dk', 1)] = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"results":[]}');
    await expect(pollAdapter(appStoreAdapter, { config: config(['dk']) })).rejects.toMatchObject({
      code: 'PARSE_ERROR',
      message: 'The App Store answered JSON that is not a reviews feed',
    });
  });

  it('checks its config', () => {
    const parse = (c: unknown) => appStoreAdapter.config.safeParse(c);
    expect(parse({ app_id: 'id1500000000', countries: ['SE', ' fi '] })).toMatchObject({
      success: true,
      data: { app_id: '1500000000', countries: ['se', 'fi'], api_base: 'https://itunes.apple.com' },
    });
    expect(parse({ app_id: 1500000000, countries: ['lv'] })).toMatchObject({ success: true, data: { app_id: '1500000000' } });
    expect(parse({ app_id: 'lumera', countries: ['se'] }).success).toBe(false);
    expect(parse({ app_id: APP, countries: [] }).error?.issues[0]?.message).toBe('countries must name at least one storefront');
    expect(parse({ app_id: APP, countries: ['se', 'SE'] }).error?.issues[0]?.message).toBe('countries must not repeat a storefront');
    expect(parse({ app_id: APP, countries: ['sweden'] }).success).toBe(false);
    expect(parse({ app_id: APP, countries: ['se'], extra: 1 }).success).toBe(false); // strict
  });
});
