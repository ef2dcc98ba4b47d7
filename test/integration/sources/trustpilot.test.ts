import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SourceFetchError } from '../../../src/core/ingest/fetch-errors.ts';
import { trustpilotAdapter } from '../../../src/sources/trustpilot.ts';
import { startFeedServer } from '../../helpers/feed-server.ts';
import { pollAdapter } from '../../helpers/poll-adapter.ts';

type Server = Awaited<ReturnType<typeof startFeedServer>>;
type Review = Record<string, unknown> & { id: string; createdAt: string };

const BU = '46d6a8d60000640005000abc';
const KEY = 'tp-key-0001';
const PATH = `/v1/business-units/${BU}/reviews`;

let server: Server;
/** Every review the fake knows, in any order. */
let reviews: Review[];
/** Query strings the fake received, in order. */
let queries: URLSearchParams[];
let extraHeaders: Record<string, string>;

const rid = (n: number) => `66c1f0a2b3c4d5e6f7${String(n).padStart(6, '0')}`;
const review = (n: number, over: Partial<Review> = {}): Review => ({
  id: rid(n),
  stars: 2,
  title: `Lumera atsauksme ${n}`,
  text: `Lumera atbildēja lēni (${n}).`,
  language: 'lv',
  createdAt: new Date(Date.UTC(2026, 9, 1) + n * 3_600_000).toISOString(),
  updatedAt: null,
  consumer: { id: `c${n}`, displayName: 'Jānis B', numberOfReviews: 3 },
  businessUnit: { id: BU, identifyingName: 'lumera.example', displayName: 'Lumera' },
  ...over,
});

/** The business-unit reviews endpoint, faithfully enough: apikey header, newest first, page/perPage, next-page link. */
function reviewsEndpoint(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url!, server.base);
  queries.push(url.searchParams);
  if (req.headers.apikey !== KEY) return res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"Unauthorized"}');
  const perPage = Number(url.searchParams.get('perPage') ?? 20);
  const page = Number(url.searchParams.get('page') ?? 1);
  const lang = url.searchParams.get('language');
  const all = reviews.filter((r) => !lang || lang === 'all' || r.language === lang).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const slice = all.slice((page - 1) * perPage, page * perPage);
  const links = [{ href: `${server.base}${PATH}?page=${page}`, method: 'GET', rel: 'self' }];
  if (page * perPage < all.length) links.push({ href: `${server.base}${PATH}?page=${page + 1}`, method: 'GET', rel: 'next-page' });
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', ...extraHeaders }).end(JSON.stringify({ reviews: slice, links }));
}

const config = (over: Record<string, unknown> = {}) => ({ business_unit_id: BU, api_key: KEY, api_base: `${server.base}/v1`, ...over });
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const numbers = (r: { entries: { externalKey: string }[] }) => r.entries.map((e) => Number(e.externalKey.slice(-6)));

beforeEach(async () => {
  reviews = [];
  queries = [];
  extraHeaders = {};
  server = await startFeedServer({ [PATH]: reviewsEndpoint });
});
afterEach(() => server.close());

describe('trustpilot adapter', () => {
  it('maps every field of a review, sends the key as a header, and strips markup', async () => {
    reviews = [
      review(1, {
        stars: 1,
        title: 'Hotade med &quot;Kronofogden&quot;',
        text: 'Jag bestred kravet från Lumera skriftligen.<br>Ändå kom ett sms &amp; ett brev.',
        language: 'sv',
        consumer: { id: 'c1', displayName: 'Maria L', numberOfReviews: 3 },
      }),
    ];
    const r = await pollAdapter(trustpilotAdapter, { config: config({ language: 'SV' }) });

    expect(r.skipped).toEqual([]);
    expect(r.entries).toEqual([
      {
        externalKey: `id:${rid(1)}`,
        url: `https://www.trustpilot.com/reviews/${rid(1)}`,
        author: 'Maria L',
        title: 'Hotade med "Kronofogden"',
        text: 'Jag bestred kravet från Lumera skriftligen.\nÄndå kom ett sms & ett brev.',
        publishedAt: Date.UTC(2026, 9, 1, 1),
        languageHint: 'sv',
        authorReach: null,
        engagement: null,
        rating: 1,
      },
    ]);
    expect(Object.fromEntries(queries[0]!)).toEqual({ orderBy: 'createdat.desc', perPage: '100', page: '1', language: 'sv' });
    expect(server.hits[0]!.headers.apikey).toBe(KEY);
    expect(server.hits[0]!.headers.accept).toBe('application/json');
    expect(r.state.cursor).toEqual({ scope: `${BU}|sv`, newest: { at: Date.UTC(2026, 9, 1, 1), ids: [rid(1)] }, backlog: null });
  });

  it('pages newest first up to the cap, then reads only new reviews, then reports nothing new', async () => {
    reviews = range(1, 250).map((n) => review(n));
    const first = await pollAdapter(trustpilotAdapter, { config: config(), maxPages: 2 });
    expect(queries.map((q) => q.get('page'))).toEqual(['1', '2']);
    expect(numbers(first)).toEqual(range(51, 250).reverse());
    // The first poll takes the newest pages only: no backlog into history.
    expect(first.state.cursor).toMatchObject({ newest: { ids: [rid(250)] }, backlog: null });

    reviews.push(review(251), review(252));
    queries = [];
    const second = await pollAdapter(trustpilotAdapter, { config: config(), state: first.state, maxPages: 2 });
    expect(numbers(second)).toEqual([252, 251]);
    expect(queries).toHaveLength(1);

    const third = await pollAdapter(trustpilotAdapter, { config: config(), state: second.state, maxPages: 2 });
    expect(third.entries).toEqual([]);
    expect(third.notModified).toBe(true);
  });

  it('finishes a burst cut short by the page cap on the next poll, so nothing is lost', async () => {
    reviews = range(1, 10).map((n) => review(n));
    const first = await pollAdapter(trustpilotAdapter, { config: config(), maxPages: 2 });
    expect(first.entries).toHaveLength(10);

    reviews.push(...range(11, 260).map((n) => review(n))); // 250 new: more than two pages
    const second = await pollAdapter(trustpilotAdapter, { config: config(), state: first.state, maxPages: 2 });
    expect(numbers(second)).toEqual(range(61, 260).reverse());
    expect(second.state.cursor).toMatchObject({ newest: { ids: [rid(10)] }, backlog: { page: 3, top: { ids: [rid(260)] } } });

    // Five more arrive meanwhile: they push the list down, so page 3 re-reads a few but skips none.
    reviews.push(...range(261, 265).map((n) => review(n)));
    queries = [];
    const third = await pollAdapter(trustpilotAdapter, { config: config(), state: second.state, maxPages: 2 });
    expect(queries.map((q) => q.get('page'))).toEqual(['3']);
    expect(numbers(third)).toEqual(range(11, 65).reverse());
    expect(third.state.cursor).toMatchObject({ newest: { ids: [rid(260)] }, backlog: null });

    const fourth = await pollAdapter(trustpilotAdapter, { config: config(), state: third.state, maxPages: 2 });
    expect(numbers(fourth)).toEqual([265, 264, 263, 262, 261]);
  });

  it('stops when the rate-limit budget is spent and goes on from there next time', async () => {
    reviews = range(1, 5).map((n) => review(n));
    const first = await pollAdapter(trustpilotAdapter, { config: config() });
    reviews.push(...range(6, 305).map((n) => review(n)));
    extraHeaders = { 'x-ratelimit-remaining': '0' };
    queries = [];
    const second = await pollAdapter(trustpilotAdapter, { config: config(), state: first.state, maxPages: 5 });
    expect(queries).toHaveLength(1);
    expect(second.entries).toHaveLength(100);
    expect(second.state.cursor).toMatchObject({ backlog: { page: 2 } });
  });

  it('a 429 with Retry-After is TOO_MANY_REQUESTS with the wait', async () => {
    server.routes[PATH] = (_req, res) => res.writeHead(429, { 'retry-after': '30' }).end();
    const err = await pollAdapter(trustpilotAdapter, { config: config() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceFetchError);
    expect(err).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterMs: 30_000 });
  });

  it('a refused key is a plain settings error that does not repeat the key', async () => {
    const err = await pollAdapter(trustpilotAdapter, { config: config({ api_key: 'wrong-key-9' }) }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'HTTP_CLIENT_ERROR', status: 401, message: "Trustpilot refused the API key (401); check the key in the source's settings" });
    expect((err as Error).message).not.toContain('wrong-key-9');
    expect(queries[0]!.has('apikey')).toBe(false);
  });

  it('skips a malformed review with a plain reason and keeps the good ones', async () => {
    reviews = [
      review(1, { title: 'Lumera oli ystävällinen', text: 'Maksusuunnitelma sovittiin nopeasti.', language: 'fi', stars: 5 }),
      review(2, { text: 'Salainen teksti' }),
      review(3, { title: null, text: 'Lumera nõudis liiga palju.', language: 'et', stars: 'one' }),
    ];
    delete (reviews[1] as Record<string, unknown>).id;
    const r = await pollAdapter(trustpilotAdapter, { config: config() });
    expect(r.entries.map((e) => [e.title, e.text, e.languageHint, e.rating])).toEqual([
      [null, 'Lumera nõudis liiga palju.', 'et', null],
      ['Lumera oli ystävällinen', 'Maksusuunnitelma sovittiin nopeasti.', 'fi', 5],
    ]);
    expect(r.skipped).toEqual([{ index: 1, reason: 'not a readable review (id is missing or not valid)' }]);
    expect(JSON.stringify(r.skipped)).not.toContain('Salainen');
  });

  it('a body that is not JSON, or has no list of reviews, is a PARSE_ERROR', async () => {
    server.routes[PATH] = (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('Service temporarily unavailable');
    await expect(pollAdapter(trustpilotAdapter, { config: config() })).rejects.toMatchObject({ code: 'PARSE_ERROR' });
    server.routes[PATH] = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"reviews":"none"}');
    await expect(pollAdapter(trustpilotAdapter, { config: config() })).rejects.toMatchObject({ code: 'PARSE_ERROR', message: 'The Trustpilot answer has no list of reviews' });
  });

  it('checks its settings', () => {
    const parse = (c: unknown) => trustpilotAdapter.config.safeParse(c);
    expect(parse({ business_unit_id: BU, api_key: 'k' }).data).toEqual({ business_unit_id: BU, api_key: 'k', api_base: 'https://api.trustpilot.com/v1' });
    expect(parse({ business_unit_id: 'lumera.example', api_key: 'k' }).success).toBe(false);
    expect(parse({ business_unit_id: BU, api_key: '' }).error?.issues[0]?.message).toBe('The Trustpilot API key is required');
    expect(parse({ business_unit_id: BU, api_key: 'k', language: 'swedish' }).success).toBe(false);
    expect(parse({ business_unit_id: BU, api_key: 'k', apikey: 'x' }).success).toBe(false);
    expect(trustpilotAdapter.secrets).toEqual(['api_key']);
  });
});
