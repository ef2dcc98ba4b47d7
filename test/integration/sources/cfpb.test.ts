import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SourceFetchError } from '../../../src/core/ingest/fetch-errors.ts';
import { CFPB_API_BASE, cfpbAdapter } from '../../../src/sources/cfpb.ts';
import type { PollState } from '../../../src/sources/types.ts';
import { startFeedServer } from '../../helpers/feed-server.ts';
import { pollAdapter } from '../../helpers/poll-adapter.ts';

type Server = Awaited<ReturnType<typeof startFeedServer>>;
let server: Server;

const COMPANY = 'LUMERA RECOVERY SERVICES LLC';
const PATH = '/data-research/consumer-complaints/search/api/v1/';

/** The _source of one complaint, as the CFPB search API returns it (our own texts). */
interface Complaint {
  complaint_id: string;
  date_received: string;
  product: string;
  sub_product: string;
  issue: string;
  sub_issue: string | null;
  complaint_what_happened: string;
  company: string;
  company_response: string;
  state: string;
  has_narrative: boolean;
}

const NARRATIVES = [
  'Lumera keeps calling me about a card I never had.',
  'I asked Lumera for proof of the debt and got no letter back.',
  'Lumera phoned my mother about my account.',
  'The Lumera agent threatened to sue me within a week.',
];

function complaint(id: number, day: string, extra: Partial<Complaint> = {}): Complaint {
  return {
    complaint_id: String(id),
    date_received: `${day}T12:00:00-05:00`,
    product: 'Debt collection',
    sub_product: 'Credit card debt',
    issue: 'Communication tactics',
    sub_issue: 'Frequent or repeated calls',
    complaint_what_happened: NARRATIVES[id % NARRATIVES.length]!,
    company: COMPANY,
    company_response: 'Closed with explanation',
    state: 'TX',
    has_narrative: true,
    ...extra,
  };
}

/** `n` complaints with ids from `firstId` up, one day apart going back from `lastDay` every `perDay` complaints. */
function many(n: number, firstId: number, lastDay: string, perDay = 10): Complaint[] {
  return Array.from({ length: n }, (_, i) => complaint(firstId + i, daysBefore(lastDay, Math.floor((n - 1 - i) / perDay))));
}

const daysBefore = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
const sortValue = (c: Complaint) => Date.parse(c.date_received);

/**
 * A stand-in for the CFPB search API: filters by company, product, has_narrative and date_received_min, sorts by
 * date_received then id (both descending, as `created_date_desc` does) and pages by `search_after`. Hits carry
 * their `sort` values like Elasticsearch's; `frm` is ignored, as the real API ignores it for the hits.
 */
function cfpbApi(data: { complaints: Complaint[]; meta: Record<string, unknown>; extraHits?: unknown[] }, requests: URLSearchParams[]) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const q = new URL(req.url!, 'http://x').searchParams;
    requests.push(q);
    const size = Number(q.get('size') ?? 10);
    const min = q.get('date_received_min');
    let list = data.complaints
      .filter((c) => c.company === q.get('company') && c.product === q.get('product'))
      .filter((c) => q.get('has_narrative') !== 'true' || c.has_narrative)
      .filter((c) => !min || c.date_received.slice(0, 10) >= min)
      .sort((a, b) => sortValue(b) - sortValue(a) || b.complaint_id.localeCompare(a.complaint_id));
    const total = list.length;
    const after = q.get('search_after');
    if (after) {
      const [value, id] = after.split('_');
      list = list.filter((c) => sortValue(c) < Number(value) || (sortValue(c) === Number(value) && c.complaint_id < id!));
    }
    const hits: unknown[] = list
      .slice(0, size)
      .map((c) => ({ _index: 'complaint-public-v2', _id: c.complaint_id, _score: null, _source: c, sort: [sortValue(c), c.complaint_id] }));
    if (data.extraHits && !after) hits.splice(1, 0, ...data.extraHits);
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        took: 3,
        timed_out: false,
        hits: { total: { value: total, relation: 'eq' }, max_score: null, hits },
        _meta: { license: 'CC0', total_record_count: 9_000_000, ...data.meta },
      }),
    );
  };
}

let requests: URLSearchParams[];
const config = (extra: Record<string, unknown> = {}) => ({ company: COMPANY, api_base: server.url(PATH), ...extra });
const poll = (o: { state?: Partial<PollState>; maxPages?: number; config?: Record<string, unknown> } = {}) =>
  pollAdapter(cfpbAdapter, { config: config(o.config), state: o.state, maxPages: o.maxPages });

beforeEach(async () => {
  server = await startFeedServer();
  requests = [];
});
afterEach(() => server.close());

describe('cfpb adapter', () => {
  it('maps a complaint to a mention: id key, detail URL, issue as title, plain narrative, date, English, no author', async () => {
    const rich = complaint(10679001, '2026-11-05', {
      issue: 'Attempts to collect debt not owed',
      sub_issue: 'Debt is not yours',
      complaint_what_happened: '<p>Lumera called my office <b>six times</b> in one day &amp; would not say who the debt was for.</p>',
    });
    server.routes[PATH] = cfpbApi({ complaints: [rich], meta: { last_updated: '2026-11-06T12:00:00-05:00', last_indexed: '2026-11-07T12:00:00-05:00' } }, requests);

    const result = await poll();

    expect(result.skipped).toEqual([]);
    expect(result.entries).toEqual([
      {
        externalKey: 'id:10679001',
        url: 'https://www.consumerfinance.gov/data-research/consumer-complaints/search/detail/10679001',
        author: null,
        title: 'Attempts to collect debt not owed — Debt is not yours',
        text: 'Lumera called my office six times in one day & would not say who the debt was for.',
        publishedAt: Date.UTC(2026, 10, 5, 17, 0, 0),
        languageHint: 'en',
      },
    ]);
    // What was asked: this company's debt-collection complaints with a narrative, newest first, no aggregations.
    expect(requests).toHaveLength(1);
    expect(Object.fromEntries(requests[0]!)).toEqual({
      company: COMPANY,
      product: 'Debt collection',
      has_narrative: 'true',
      size: '100',
      sort: 'created_date_desc',
      no_aggs: 'true',
      no_highlight: 'true',
    });
    expect(server.hits[0]!.headers.accept).toBe('application/json');
    expect(result.notModified).toBeUndefined();
    expect(result.state).toMatchObject({ etag: null, lastModified: null, cursor: { newest: '2026-11-05', seen: { '2026-11-05': ['10679001'] }, resume: null } });
  });

  it('checks its settings: company is required, the rest has defaults', () => {
    expect(cfpbAdapter.config.safeParse({}).success).toBe(false);
    expect(cfpbAdapter.config.safeParse({ company: '  ' }).success).toBe(false);
    expect(cfpbAdapter.config.safeParse({ company: COMPANY, api_base: 'ftp://x' }).success).toBe(false);
    expect(cfpbAdapter.config.safeParse({ company: COMPANY, colour: 'red' }).success).toBe(false);
    expect(cfpbAdapter.config.parse({ company: COMPANY })).toEqual({
      company: COMPANY,
      product: 'Debt collection',
      api_base: CFPB_API_BASE,
      has_narrative: true,
      lookback_days: 30,
    });
    expect(cfpbAdapter.url).toBe('none');
    expect(cfpbAdapter.secrets).toEqual([]);
  });

  it('pages with search_after up to the page cap; the first poll does not carry on into history', async () => {
    const complaints = many(250, 20001, '2026-11-18');
    server.routes[PATH] = cfpbApi({ complaints, meta: { last_indexed: '2026-11-19T12:00:00-05:00' } }, requests);

    const result = await poll({ maxPages: 2 });

    expect(result.entries).toHaveLength(200);
    // Newest first: ids 20250 down to 20051.
    expect(result.entries[0]!.externalKey).toBe('id:20250');
    expect(result.entries.at(-1)!.externalKey).toBe('id:20051');
    expect(requests).toHaveLength(2);
    expect(requests[0]!.get('search_after')).toBeNull();
    const lastOfFirstPage = complaints.find((c) => c.complaint_id === '20151')!;
    expect(requests[1]!.get('search_after')).toBe(`${Date.parse(lastOfFirstPage.date_received)}_20151`);
    expect(requests[1]!.get('date_received_min')).toBeNull();

    const cursor = result.state.cursor as { newest: string; seen: Record<string, string[]>; resume: unknown; indexed: unknown };
    expect(cursor.newest).toBe('2026-11-18');
    expect(cursor.resume).toBeNull();
    // The pass stopped at the cap, so the next poll must not skip the data as unchanged.
    expect(cursor.indexed).toBeNull();
    // Everything read is inside the 30-day window, so all 200 ids are remembered.
    expect(Object.values(cursor.seen).flat()).toHaveLength(200);
  });

  it('a later poll reads from the window before the newest date and delivers only complaints not seen before', async () => {
    const data = { complaints: many(30, 30001, '2026-11-10', 5), meta: { last_indexed: '2026-11-11T12:00:00-05:00' } };
    server.routes[PATH] = cfpbApi(data, requests);
    const first = await poll();
    expect(first.entries).toHaveLength(30);
    expect((first.state.cursor as { newest: string }).newest).toBe('2026-11-10');

    // Overnight: two new complaints, and one received weeks ago that the CFPB publishes only now.
    data.complaints.push(complaint(30100, '2026-11-12'), complaint(30101, '2026-11-13'), complaint(29990, '2026-10-20'));
    data.meta = { last_indexed: '2026-11-14T12:00:00-05:00' };
    const second = await poll({ state: first.state });

    expect(requests).toHaveLength(2);
    expect(requests[1]!.get('date_received_min')).toBe('2026-10-11'); // 30 days before 2026-11-10
    expect(second.entries.map((e) => e.externalKey)).toEqual(['id:30101', 'id:30100', 'id:29990']);
    const cursor = second.state.cursor as { newest: string; seen: Record<string, string[]>; indexed: string | null };
    expect(cursor.newest).toBe('2026-11-13');
    expect(cursor.indexed).not.toBeNull();
    // The window moved to 2026-10-14: the late complaint's day (2026-10-20) is still remembered, nothing older.
    expect(cursor.seen['2026-10-20']).toEqual(['29990']);
    expect(Object.keys(cursor.seen).every((day) => day >= '2026-10-14')).toBe(true);

    // Nothing re-published since: one request, nothing changed.
    const third = await poll({ state: second.state });
    expect(requests).toHaveLength(3);
    expect(requests[2]!.get('date_received_min')).toBe('2026-10-14');
    expect(third).toEqual({ entries: [], skipped: [], state: second.state, notModified: true });
  });

  it('a window pass cut by the page cap carries on where it stopped at the next poll', async () => {
    const data = { complaints: many(150, 40001, '2026-11-10', 10), meta: { last_indexed: 'day-1' } };
    server.routes[PATH] = cfpbApi(data, requests);
    const first = await poll({ maxPages: 1 });
    expect(first.entries.map((e) => e.externalKey).slice(0, 2)).toEqual(['id:40150', 'id:40149']);
    expect(first.entries).toHaveLength(100);

    // New data: the window pass sees the 100 already delivered on its first page and stops at the cap.
    data.meta = { last_indexed: 'day-2' };
    const second = await poll({ state: first.state, maxPages: 1 });
    expect(second.entries).toEqual([]);
    expect(second.notModified).toBeUndefined();
    const resume = (second.state.cursor as { resume: { min: string; after: string } }).resume;
    expect(resume.min).toBe('2026-10-11');
    expect(resume.after).toBe(`${Date.parse(data.complaints.find((c) => c.complaint_id === '40051')!.date_received)}_40051`);

    // The next poll continues after the last complaint read, in the same window, and finishes the pass.
    const third = await poll({ state: second.state, maxPages: 1 });
    expect(requests[2]!.get('search_after')).toBe(resume.after);
    expect(requests[2]!.get('date_received_min')).toBe('2026-10-11');
    expect(third.entries).toHaveLength(50);
    expect(third.entries[0]!.externalKey).toBe('id:40050');
    expect(third.entries.at(-1)!.externalKey).toBe('id:40001');
    expect(third.state.cursor).toMatchObject({ resume: null });

    // The pass is complete, so unchanged data now costs one request.
    const fourth = await poll({ state: third.state, maxPages: 1 });
    expect(fourth.notModified).toBe(true);
    expect(requests).toHaveLength(4);
  });

  it('stops paging when the API says no requests remain', async () => {
    const data = { complaints: many(250, 50001, '2026-11-10'), meta: { last_indexed: 'x' } };
    const api = cfpbApi(data, requests);
    server.routes[PATH] = (req, res) => {
      res.setHeader('x-ratelimit-remaining', '0');
      api(req, res);
    };
    const result = await poll({ maxPages: 5 });
    expect(requests).toHaveLength(1);
    expect(result.entries).toHaveLength(100);
  });

  it('asks for complaints without a narrative too when has_narrative is false, titled by their issue', async () => {
    const bare = complaint(60001, '2026-11-02', {
      complaint_what_happened: '',
      has_narrative: false,
      issue: 'Took or threatened to take negative or legal action',
      sub_issue: null,
    });
    server.routes[PATH] = cfpbApi({ complaints: [bare], meta: {} }, requests);
    const result = await poll({ config: { has_narrative: false, product: 'Debt or credit management' } });
    expect(requests[0]!.get('has_narrative')).toBeNull();
    expect(requests[0]!.get('product')).toBe('Debt or credit management');
    expect(result.entries).toEqual([]); // a different product: the filter really reached the server

    bare.product = 'Debt or credit management';
    const again = await poll({ config: { has_narrative: false, product: 'Debt or credit management' } });
    expect(again.entries).toHaveLength(1);
    expect(again.entries[0]).toMatchObject({ title: 'Took or threatened to take negative or legal action', text: '' });
  });

  it('skips malformed complaints, keeping the good ones', async () => {
    const extraHits = [
      { _id: '1' }, // no _source
      { _id: '2', _source: { date_received: '2026-11-01T12:00:00-05:00', issue: 'Communication tactics' } }, // no complaint_id, but an _id
      { _source: { complaint_id: '70003', date_received: 'yesterday', issue: 'Communication tactics' } },
      { _source: { complaint_id: '70004', date_received: '2026-11-01T12:00:00-05:00', issue: null, complaint_what_happened: '' } },
      { _source: { date_received: '2026-11-01T12:00:00-05:00', issue: 'Communication tactics' } },
      'not a hit',
    ];
    server.routes[PATH] = cfpbApi({ complaints: [complaint(70001, '2026-11-03'), complaint(70002, '2026-11-02')], meta: {}, extraHits }, requests);

    const result = await poll();

    // `_id` stands in for a missing complaint_id, as both are the same number in the API.
    expect(result.entries.map((e) => e.externalKey)).toEqual(['id:70001', 'id:2', 'id:70002']);
    expect(result.skipped).toEqual([
      { index: 1, reason: 'The complaint could not be read (no _source)' },
      { index: 3, reason: 'The complaint has no readable date_received' },
      { index: 4, reason: 'The complaint has neither an issue nor a narrative' },
      { index: 5, reason: 'The complaint has no complaint_id' },
      { index: 6, reason: 'The complaint could not be read (no _source)' },
    ]);
  });

  it('passes on 429 with its Retry-After', async () => {
    server.routes[PATH] = (_req, res) => res.writeHead(429, { 'retry-after': '120' }).end('slow down');
    const error = await poll().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceFetchError);
    expect(error).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterMs: 120_000, status: 429 });
  });

  it('reports a body that is not JSON, or not the search envelope, as PARSE_ERROR', async () => {
    server.routes[PATH] = (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Service maintenance</body></html>');
    await expect(poll()).rejects.toMatchObject({ code: 'PARSE_ERROR', message: 'The CFPB answered with something that is not JSON' });

    server.routes[PATH] = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ results: [] }));
    await expect(poll()).rejects.toMatchObject({ code: 'PARSE_ERROR', message: 'The CFPB answer has no list of complaints (hits.hits)' });
  });

  it('starts afresh from a cursor it does not recognise', async () => {
    server.routes[PATH] = cfpbApi({ complaints: [complaint(80001, '2026-11-03')], meta: {} }, requests);
    const result = await poll({ state: { cursor: { since: 'yesterday' } } });
    expect(requests[0]!.get('date_received_min')).toBeNull();
    expect(result.entries).toHaveLength(1);
  });
});
