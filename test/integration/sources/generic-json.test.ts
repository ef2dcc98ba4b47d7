import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SourceFetchError } from '../../../src/core/ingest/fetch-errors.ts';
import { maskSecrets, MASK, openSecrets, sealSecrets, secretBox } from '../../../src/core/secrets.ts';
import { jsonAdapter } from '../../../src/sources/generic-json.ts';
import type { PollState } from '../../../src/sources/types.ts';
import { serveBody, startFeedServer } from '../../helpers/feed-server.ts';
import { pollAdapter } from '../../helpers/poll-adapter.ts';

type Server = Awaited<ReturnType<typeof startFeedServer>>;
let server: Server;

beforeEach(async () => {
  server = await startFeedServer();
});
afterEach(() => server.close());

const json = (body: unknown, headers: Record<string, string> = {}) => serveBody(JSON.stringify(body), 'application/json; charset=utf-8', headers);
const poll = (path: string, config: Record<string, unknown>, o: { state?: Partial<PollState> } = {}) => pollAdapter(jsonAdapter, { url: server.url(path), config, state: o.state });

/** A forum-like API nesting its posts under /data/posts (our own texts, several languages). */
const forum = {
  meta: { count: 4 },
  data: {
    posts: [
      {
        id: 'p-101',
        title: 'Lumera &amp; the <em>late</em> fee',
        body: { html: '<p>Lumera added a fee of 45&nbsp;€ without any letter.</p><p>I want it removed!</p>' },
        links: { self: 'https://forum.example/t/101' },
        user: { handle: 'kalle_s', followers: 1200 },
        created: '2026-11-19T08:30:00Z',
        lang: 'en-GB',
        stats: { total: 17 },
        stars: 2,
      },
      {
        id: 'p-102',
        title: 'Lumera ringer hela tiden',
        body: { html: 'Lumera ringer mig tre gånger om dagen.' },
        links: { self: '/t/102' },
        user: { handle: 'anna', followers: '35' },
        created: 1_763_540_000,
        lang: 'sv',
        stats: { total: '4' },
        stars: '4.6',
      },
      {
        id: 103,
        body: { html: 'Lumera vastasi nopeasti ja maksusuunnitelma sovittiin.' },
        links: { self: 'javascript:alert(1)' },
        user: { handle: 'mikko' },
        created: 1_763_540_000_123,
        lang: 'fi',
        stars: 9,
      },
      {
        id: 'p-104',
        body: { html: 'Lumera zvanīja manam darba devējam.' },
        created: 'last Tuesday',
        lang: 'Latvian',
      },
    ],
  },
};

const forumConfig = {
  items: '/data/posts',
  id: '/id',
  text: '/body/html',
  title: '/title',
  url: '/links/self',
  author: '/user/handle',
  published_at: '/created',
  language: '/lang',
  author_reach: '/user/followers',
  engagement: '/stats/total',
  rating: '/stars',
  headers: { 'X-Api-Key': 'k-secret-123', Accept: 'application/vnd.forum+json' },
};

describe('json adapter', () => {
  it('maps every field through its pointer, sends the configured headers and strips HTML', async () => {
    server.routes['/api/posts'] = json(forum, { etag: '"f1"', 'last-modified': 'Thu, 19 Nov 2026 09:00:00 GMT' });

    const result = await poll('/api/posts', forumConfig);

    expect(result.skipped).toEqual([]);
    expect(result.entries).toEqual([
      {
        externalKey: 'id:p-101',
        url: 'https://forum.example/t/101',
        author: 'kalle_s',
        title: 'Lumera & the late fee',
        text: 'Lumera added a fee of 45 € without any letter.\n\nI want it removed!', // &nbsp; becomes a plain space
        publishedAt: Date.UTC(2026, 10, 19, 8, 30),
        languageHint: 'en',
        authorReach: 1200,
        engagement: 17,
        rating: 2,
      },
      {
        externalKey: 'id:p-102',
        url: `${server.base}/t/102`, // relative links are resolved against the address polled
        author: 'anna',
        title: 'Lumera ringer hela tiden',
        text: 'Lumera ringer mig tre gånger om dagen.',
        publishedAt: 1_763_540_000_000, // epoch seconds
        languageHint: 'sv',
        authorReach: 35,
        engagement: 4,
        rating: 5,
      },
      {
        externalKey: 'id:103',
        url: null, // not http(s)
        author: 'mikko',
        title: null,
        text: 'Lumera vastasi nopeasti ja maksusuunnitelma sovittiin.',
        publishedAt: 1_763_540_000_123, // epoch milliseconds
        languageHint: 'fi',
        authorReach: null,
        engagement: null,
        rating: null, // 9 is not on a 1–5 scale
      },
      {
        externalKey: 'id:p-104',
        url: null,
        author: null,
        title: null,
        text: 'Lumera zvanīja manam darba devējam.',
        publishedAt: null,
        languageHint: null, // "Latvian" is not a language code
        authorReach: null,
        engagement: null,
        rating: null,
      },
    ]);
    const sent = server.hits[0]!.headers;
    expect(sent['x-api-key']).toBe('k-secret-123');
    expect(sent.accept).toBe('application/vnd.forum+json'); // replaces the default instead of joining it
    expect(result.state).toEqual({ etag: '"f1"', lastModified: 'Thu, 19 Nov 2026 09:00:00 GMT', cursor: null });
  });

  it('polls with a conditional GET; 304 is "nothing new"', async () => {
    server.routes['/api/posts'] = json(forum, { etag: '"f1"' });
    const first = await poll('/api/posts', forumConfig);
    expect(first.entries).toHaveLength(4);
    expect(server.hits[0]!.headers.accept).toBe('application/vnd.forum+json');

    server.routes['/api/posts'] = (_req, res) => res.writeHead(304).end();
    const second = await poll('/api/posts', { ...forumConfig, headers: undefined }, { state: first.state });
    expect(server.hits[1]!.headers['if-none-match']).toBe('"f1"');
    expect(server.hits[1]!.headers.accept).toBe('application/json');
    expect(second).toEqual({ entries: [], skipped: [], state: first.state, notModified: true });
  });

  it('reads a document that is itself the list, with dates as ISO text or epoch numbers', async () => {
    const items = [
      { id: 1, text: 'Lumera wysłała mi trzy listy w tym tygodniu.', at: '2026-11-18T10:00:00' },
      { id: 2, text: 'Lumera ответила быстро и вежливо.', at: '2026-11-18T10:00:00+02:00' },
      { id: 3, text: 'Lumera ringede til min nabo.', at: '1763460000' },
      { id: 4, text: 'Lumera sendte et brev med feil beløp.', at: 1763460000.5 },
      { id: 5, text: 'Lumera skambino be perstojo.', at: '2026-11-18' },
      { id: 6, text: 'Lumera helistas öösel.', at: -5 },
    ];
    server.routes['/list.json'] = json(items);
    const result = await poll('/list.json', { id: '/id', text: '/text', published_at: '/at' });

    expect(result.entries.map((e) => [e.externalKey, e.publishedAt])).toEqual([
      ['id:1', Date.UTC(2026, 10, 18, 10)], // no zone: UTC, whatever the host's zone
      ['id:2', Date.UTC(2026, 10, 18, 8)],
      ['id:3', 1_763_460_000_000],
      ['id:4', 1_763_460_000_500],
      ['id:5', Date.UTC(2026, 10, 18)],
      ['id:6', null],
    ]);
    expect(result.entries[1]!.text).toBe('Lumera ответила быстро и вежливо.');
    // Fields without a pointer are null, not guessed.
    expect(result.entries[0]).toMatchObject({ title: null, url: null, author: null, languageHint: null, authorReach: null, engagement: null, rating: null });
  });

  it('skips items without an id or text, naming the missing field, and keeps the rest', async () => {
    const items = [
      { id: 'a', text: 'Lumera svarede aldrig på min e-mail.' },
      { text: 'Lumera has no id here.' },
      { id: 'c' },
      { id: 'd', text: '   ' },
      { id: 'e', text: { nested: 'not a string' } },
      { id: { object: true }, text: 'Lumera id is an object.' },
      { id: 'a', text: 'Lumera repeats an id.' },
      'just a string',
      { id: 'h', text: '<p>Lumera helistas <b>kolm korda</b> p&auml;evas.</p>' },
    ];
    server.routes['/items'] = json({ result: { items } });
    const result = await poll('/items', { items: '/result/items', id: '/id', text: '/text' });

    expect(result.entries.map((e) => [e.externalKey, e.text])).toEqual([
      ['id:a', 'Lumera svarede aldrig på min e-mail.'],
      ['id:h', 'Lumera helistas kolm korda päevas.'],
    ]);
    expect(result.skipped).toEqual([
      { index: 1, reason: 'The item has no id (nothing usable at /id)' },
      { index: 2, reason: 'The item has no text (nothing usable at /text)' },
      { index: 3, reason: 'The item has no text (nothing usable at /text)' },
      { index: 4, reason: 'The item has no text (nothing usable at /text)' },
      { index: 5, reason: 'The item has no id (nothing usable at /id)' },
      { index: 6, reason: 'The item has the same id as item 0' },
      { index: 7, reason: 'The item has no id (nothing usable at /id)' },
    ]);
  });

  it('keeps markup as characters when text_is_html is false', async () => {
    server.routes['/plain'] = json([{ id: 'x', title: 'a <b> c', text: 'Lumera wrote: 5 < 7 & <b>not bold</b>' }]);
    const result = await poll('/plain', { id: '/id', text: '/text', title: '/title', text_is_html: false });
    expect(result.entries[0]).toMatchObject({ text: 'Lumera wrote: 5 < 7 & <b>not bold</b>', title: 'a <b> c' });
  });

  it('uses escaped pointers for keys holding "/" or "~"', async () => {
    server.routes['/odd'] = json({ 'feed/items': [{ 'post~id': 'z1', 'text/plain': 'Lumera called again.' }] });
    const result = await poll('/odd', { items: '/feed~1items', id: '/post~0id', text: '/text~1plain' });
    expect(result.entries.map((e) => [e.externalKey, e.text])).toEqual([['id:z1', 'Lumera called again.']]);
  });

  it('hashes ids too long for the key column', async () => {
    const long = 'L'.repeat(600);
    server.routes['/long'] = json([{ id: long, text: 'Lumera.' }]);
    const result = await poll('/long', { id: '/id', text: '/text' });
    expect(result.entries[0]!.externalKey).toMatch(/^id:sha256:[0-9a-f]{64}$/);
  });

  it('passes on 429 with its Retry-After', async () => {
    server.routes['/api'] = (_req, res) => res.writeHead(429, { 'retry-after': '30' }).end();
    const error = await poll('/api', { id: '/id', text: '/text' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceFetchError);
    expect(error).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterMs: 30_000 });
  });

  it('reports a body that is not JSON, or has no list where items points, as PARSE_ERROR', async () => {
    server.routes['/html'] = serveBody('<html><body>Login</body></html>', 'text/html');
    await expect(poll('/html', { id: '/id', text: '/text' })).rejects.toMatchObject({ code: 'PARSE_ERROR', message: 'The address answered with something that is not JSON' });

    server.routes['/obj'] = json({ data: { posts: { id: 1 } } });
    await expect(poll('/obj', { items: '/data/posts', id: '/id', text: '/text' })).rejects.toMatchObject({
      code: 'PARSE_ERROR',
      message: 'The JSON document has no list of items at /data/posts',
    });
    await expect(poll('/obj', { id: '/id', text: '/text' })).rejects.toMatchObject({ code: 'PARSE_ERROR', message: expect.stringContaining('set "items"') });
  });

  it('checks its settings', () => {
    const ok = (c: unknown) => jsonAdapter.config.safeParse(c).success;
    expect(jsonAdapter.config.parse({ id: '/id', text: '/text' })).toEqual({ items: '', id: '/id', text: '/text', text_is_html: true });
    expect(ok({ text: '/text' })).toBe(false); // id is required
    expect(ok({ id: '/id' })).toBe(false); // text is required
    expect(ok({ id: 'id', text: '/text' })).toBe(false); // not a pointer
    expect(ok({ id: '/a~2', text: '/text' })).toBe(false); // bad escape
    expect(ok({ id: '/id', text: '/text', colour: 'red' })).toBe(false); // unknown field
    expect(ok({ id: '/id', text: '/text', headers: { 'X-Key': 'a\r\nInjected: 1' } })).toBe(false);
    expect(ok({ id: '/id', text: '/text', headers: { 'Bad Name': 'x' } })).toBe(false);
    expect(ok({ id: '/id', text: '/text', headers: { Host: 'elsewhere.example' } })).toBe(false);
    expect(ok({ id: '/id', text: '/text', headers: { Authorization: 'Bearer t0ken' } })).toBe(true);
    expect(jsonAdapter.url).toBe('required');
  });

  it('treats the whole headers map as one secret: sealed at rest, masked in the API, opened to poll', async () => {
    expect(jsonAdapter.secrets).toEqual(['headers']);
    const box = await secretBox('test-secret-key-for-json-adapter');
    const config = { id: '/id', text: '/text', headers: { 'X-Api-Key': 'k-secret-123' } };
    const sealed = await sealSecrets(config, jsonAdapter.secrets, box);
    expect(typeof sealed.headers).toBe('string');
    expect(JSON.stringify(sealed)).not.toContain('k-secret-123');
    expect(maskSecrets(sealed, jsonAdapter.secrets).headers).toBe(MASK);
    const opened = await openSecrets(sealed, jsonAdapter.secrets, box);
    expect(jsonAdapter.config.parse(opened).headers).toEqual({ 'X-Api-Key': 'k-secret-123' });
  });
});
