import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SourceFetchError } from '../../../src/core/ingest/fetch-errors.ts';
import { fetchFeed, type FetchFeedOptions } from '../../../src/core/ingest/fetch-feed.ts';
import { parseFeed } from '../../../src/core/ingest/parse-feed.ts';
import { startFeedServer } from '../../helpers/feed-server.ts';
import { encodeLegacy, fixtureBytes } from '../../unit/ingest/legacy-encode.ts';

const NOW = Date.UTC(2025, 2, 4, 12, 0, 0);
const RSS = '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Test</title><item><title>Hello</title><guid>1</guid></item></channel></rss>';
/** What fetchFeed returns for RSS: decoded text, so the stale encoding declaration is dropped. */
const RSS_DECODED = RSS.replace(' encoding="UTF-8"', '');
const RUSSIAN = 'Коллекторы звонят каждый день';
const ETAG = '"v1"';
const LAST_MODIFIED = 'Mon, 03 Mar 2025 10:00:00 GMT';

let server: Server;
let base: string;
/** Request headers per path, newest last. */
const seen = new Map<string, IncomingHttpHeaders[]>();
/** Resolves when the server sees the response to `path` close (finished or torn down by the client). */
const closed = new Map<string, Promise<void>>();
const open = new Set<ServerResponse>();

function handle(path: string, res: ServerResponse, headers: IncomingHttpHeaders) {
  const send = (status: number, body: string | Uint8Array = '', extra: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/rss+xml; charset=utf-8', ...extra });
    res.end(body);
  };
  const stream = (status: number, chunk: Uint8Array, extra: Record<string, string> = {}) => {
    // Endless body, no Content-Length: only the client's limit or abort stops it.
    res.writeHead(status, { 'content-type': 'application/rss+xml', ...extra });
    const pump = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', pump);
    };
    pump();
  };

  const redirect = /^\/r\/(\d+)$/.exec(path);
  if (redirect) {
    const n = Number(redirect[1]);
    // Alternate absolute and relative Locations to exercise both.
    const next = n === 0 ? '/ok' : n % 2 ? `${base}/r/${n - 1}` : `${n - 1}`;
    return send(302, '', { location: next });
  }

  switch (path) {
    case '/ok':
      return send(200, RSS, { etag: ETAG, 'last-modified': LAST_MODIFIED });
    case '/cond':
      if (headers['if-none-match'] === ETAG && headers['if-modified-since'] === LAST_MODIFIED) return send(304, '', { etag: ETAG });
      return send(200, RSS, { etag: ETAG, 'last-modified': LAST_MODIFIED });
    case '/429':
      return send(429, 'slow down, here is a body that must not appear in messages', { 'retry-after': '120' });
    case '/429-no-header':
      return send(429, '');
    case '/503':
      return send(503, '<html>maintenance</html>', { 'retry-after': new Date(NOW + 90_000).toUTCString() });
    case '/404':
      return send(404, '<html>secret page body</html>');
    case '/404-endless':
      return stream(404, new Uint8Array(64 * 1024).fill(0x41));
    case '/410':
      return send(410, 'gone');
    case '/418':
      return send(418, 'teapot');
    case '/500':
      return send(500, 'stack trace here');
    case '/502':
      return send(502, '');
    case '/loop-a':
      return send(301, '', { location: '/loop-b' });
    case '/loop-b':
      return send(308, '', { location: '/loop-a' });
    case '/slow-hop-1':
      return void setTimeout(() => send(302, '', { location: '/slow-hop-2' }), 250);
    case '/slow-hop-2':
      return void setTimeout(() => send(302, '', { location: '/ok' }), 250);
    case '/to-ftp':
      return send(302, '', { location: 'ftp://example.com/feed.xml' });
    case '/to-js':
      return send(302, '', { location: 'javascript:alert(1)' });
    case '/no-location':
      return send(302, '');
    case '/big':
      return stream(200, new Uint8Array(64 * 1024).fill(0x20));
    case '/big-declared':
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(50 * 1024 * 1024) });
      res.write('<rss>');
      return; // never finishes; the client must give up on the header alone
    case '/exactly-limit':
      return send(200, `<rss>${' '.repeat(1024 - 11)}</rss>`);
    case '/stall-body':
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.write('<?xml version="1.0"?><rss version="2.0">');
      return; // headers and a little body, then silence
    case '/stall-headers':
      return; // nothing at all
    case '/cp1251':
      return send(200, encodeLegacy(`<rss version="2.0"><channel><title>${RUSSIAN}</title></channel></rss>`, 'windows-1251'), {
        'content-type': 'text/xml; charset=windows-1251',
      });
    case '/1257-decl':
      return send(200, fixtureBytes('latvian-windows-1257.xml'), { 'content-type': 'application/rss+xml' });
    case '/gzip':
      return send(200, gzipSync(RSS), { 'content-encoding': 'gzip' });
    case '/empty':
      return send(200, '');
    case '/blank':
      return send(200, ' \n\t\n');
    case '/204':
      res.writeHead(204);
      return res.end();
    default:
      return send(404, 'no route');
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    seen.set(path, [...(seen.get(path) ?? []), req.headers]);
    open.add(res);
    closed.set(path, new Promise((resolve) => res.once('close', () => resolve())));
    res.once('close', () => open.delete(res));
    handle(path, res, req.headers);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of open) res.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => seen.clear());

const opts = (o: Partial<FetchFeedOptions> = {}): FetchFeedOptions => ({
  timeoutMs: 5_000,
  maxBytes: 1024 * 1024,
  maxRedirects: 5,
  userAgent: 'EarshotTest/1.0',
  now: NOW,
  ...o,
});

async function failure(path: string, o: Partial<FetchFeedOptions> = {}, url = `${base}${path}`): Promise<SourceFetchError> {
  const err = await fetchFeed(fetch, url, opts(o)).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SourceFetchError);
  return err as SourceFetchError;
}

describe('fetchFeed against a real HTTP server', () => {
  it('200: returns body, validators, final URL and byte count; sends Accept and User-Agent', async () => {
    const r = await fetchFeed(fetch, `${base}/ok`, opts());
    expect(r).toMatchObject({
      status: 'ok',
      body: RSS_DECODED,
      etag: ETAG,
      lastModified: LAST_MODIFIED,
      finalUrl: `${base}/ok`,
      bytes: new TextEncoder().encode(RSS).length,
    });
    expect(r.status === 'ok' && r.headers.get('etag')).toBe(ETAG);
    const [h] = seen.get('/ok')!;
    expect(h['user-agent']).toBe('EarshotTest/1.0');
    expect(h.accept).toBe('application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8');
    expect(h['if-none-match']).toBeUndefined();
    expect(h['if-modified-since']).toBeUndefined();
  });

  it('conditional request: sends If-None-Match / If-Modified-Since and maps 304 to not_modified', async () => {
    const r = await fetchFeed(fetch, `${base}/cond`, opts({ etag: ETAG, lastModified: LAST_MODIFIED }));
    expect(r).toEqual({ status: 'not_modified', finalUrl: `${base}/cond` });
    const [h] = seen.get('/cond')!;
    expect(h['if-none-match']).toBe(ETAG);
    expect(h['if-modified-since']).toBe(LAST_MODIFIED);
  });

  it('stale validators get the full document', async () => {
    const r = await fetchFeed(fetch, `${base}/cond`, opts({ etag: '"old"', lastModified: null }));
    expect(r.status).toBe('ok');
  });

  it('429 with Retry-After seconds → TOO_MANY_REQUESTS, retryAfterMs 120000, no body in the message', async () => {
    const e = await failure('/429');
    expect(e).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: 429, retryable: true, retryAfterMs: 120_000 });
    expect(e.message).toMatch(/^The source answered 429 Too Many Requests/);
    expect(e.message).not.toContain('slow down');
  });

  it('429 without Retry-After has no retryAfterMs', async () => {
    const e = await failure('/429-no-header');
    expect(e.code).toBe('TOO_MANY_REQUESTS');
    expect(e.retryAfterMs).toBeUndefined();
  });

  it('503 with an HTTP-date Retry-After → SERVICE_UNAVAILABLE, delay relative to opts.now', async () => {
    const e = await failure('/503');
    expect(e).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503, retryable: true, retryAfterMs: 90_000 });
    expect(e.message).not.toContain('maintenance');
  });

  it.each<[string, string, number, boolean, string]>([
    ['/404', 'HTTP_NOT_FOUND', 404, false, 'The source answered 404 Not Found'],
    ['/410', 'HTTP_GONE', 410, false, 'The source answered 410 Gone'],
    ['/418', 'HTTP_CLIENT_ERROR', 418, false, 'The source answered 418'],
    ['/500', 'HTTP_SERVER_ERROR', 500, true, 'The source answered 500 Internal Server Error'],
    ['/502', 'HTTP_SERVER_ERROR', 502, true, 'The source answered 502 Bad Gateway'],
  ])('%s → %s', async (path, code, status, retryable, message) => {
    const e = await failure(path);
    expect(e).toMatchObject({ code, status, retryable });
    expect(e.message.startsWith(message)).toBe(true);
    expect(e.message).not.toMatch(/secret|stack trace|teapot|gone$/);
  });

  it('an error status with an endless body is not read: the connection is released', async () => {
    const start = performance.now();
    const e = await failure('/404-endless');
    expect(e.code).toBe('HTTP_NOT_FOUND');
    await expect(Promise.race([closed.get('/404-endless'), sleep(2_000).then(() => 'still open')])).resolves.toBeUndefined();
    expect(performance.now() - start).toBeLessThan(2_000);
  });

  it('follows a redirect chain within the cap (absolute and relative Locations)', async () => {
    const r = await fetchFeed(fetch, `${base}/r/3`, opts({ maxRedirects: 4 }));
    expect(r).toMatchObject({ status: 'ok', finalUrl: `${base}/ok`, body: RSS_DECODED });
    for (const p of ['/r/3', '/r/2', '/r/1', '/r/0', '/ok']) expect(seen.get(p)).toHaveLength(1);
  });

  it('keeps conditional headers across redirects', async () => {
    await fetchFeed(fetch, `${base}/r/1`, opts({ etag: '"x"' }));
    expect(seen.get('/ok')![0]['if-none-match']).toBe('"x"');
  });

  it('a chain longer than the cap → TOO_MANY_REDIRECTS without fetching beyond it', async () => {
    const e = await failure('/r/3', { maxRedirects: 3 });
    expect(e.code).toBe('TOO_MANY_REDIRECTS');
    expect(e.retryable).toBe(false);
    expect(e.message).toBe('The source redirected more than 3 times');
    expect(seen.get('/ok')).toBeUndefined();
  });

  it('maxRedirects 0 refuses the first redirect', async () => {
    expect((await failure('/r/0', { maxRedirects: 0 })).code).toBe('TOO_MANY_REDIRECTS');
  });

  it('a redirect loop → TOO_MANY_REDIRECTS after one lap', async () => {
    const e = await failure('/loop-a', { maxRedirects: 20 });
    expect(e.code).toBe('TOO_MANY_REDIRECTS');
    expect(e.message).toMatch(/loop/);
    expect(seen.get('/loop-a')).toHaveLength(1);
    expect(seen.get('/loop-b')).toHaveLength(1);
  });

  it.each([['/to-ftp'], ['/to-js'], ['/no-location']])('a redirect to nowhere useful (%s) → HTTP_CLIENT_ERROR', async (path) => {
    const e = await failure(path);
    expect(e.code).toBe('HTTP_CLIENT_ERROR');
    expect(e.retryable).toBe(false);
  });

  it('refuses non-http(s) feed URLs without any request', async () => {
    const e = await failure('', {}, 'file:///etc/passwd');
    expect(e.code).toBe('HTTP_CLIENT_ERROR');
    expect((await failure('', {}, 'not a url')).code).toBe('HTTP_CLIENT_ERROR');
    expect((await failure('', {}, `http://user:pw@127.0.0.1:1/`)).message).toMatch(/user name or password/);
  });

  it('a streamed body over maxBytes (no Content-Length) → RESPONSE_TOO_LARGE quickly, connection torn down', async () => {
    const start = performance.now();
    const e = await failure('/big', { maxBytes: 256 * 1024 });
    expect(e.code).toBe('RESPONSE_TOO_LARGE');
    expect(e.message).toBe('The response was larger than 256 KiB');
    expect(performance.now() - start).toBeLessThan(2_000);
    await expect(Promise.race([closed.get('/big'), sleep(2_000).then(() => 'still open')])).resolves.toBeUndefined();
  });

  it('a declared Content-Length over maxBytes is refused before reading', async () => {
    const start = performance.now();
    const e = await failure('/big-declared', { maxBytes: 10 * 1024 * 1024, timeoutMs: 10_000 });
    expect(e.code).toBe('RESPONSE_TOO_LARGE');
    expect(e.message).toBe('The response was larger than 10 MiB');
    expect(performance.now() - start).toBeLessThan(2_000);
  });

  it('a body of exactly maxBytes is fine', async () => {
    const r = await fetchFeed(fetch, `${base}/exactly-limit`, opts({ maxBytes: 1024 }));
    expect(r.status === 'ok' && r.bytes).toBe(1024);
  });

  it('headers then a stalled body → TIMEOUT within about timeoutMs', async () => {
    const start = performance.now();
    const e = await failure('/stall-body', { timeoutMs: 400 });
    const elapsed = performance.now() - start;
    expect(e.code).toBe('TIMEOUT');
    expect(e.retryable).toBe(true);
    expect(e.message).toBe('The source did not answer within 0.4 seconds');
    expect(elapsed).toBeGreaterThanOrEqual(350);
    expect(elapsed).toBeLessThan(1_500);
    await expect(Promise.race([closed.get('/stall-body'), sleep(2_000).then(() => 'still open')])).resolves.toBeUndefined();
  });

  it('no response at all → TIMEOUT', async () => {
    const start = performance.now();
    const e = await failure('/stall-headers', { timeoutMs: 300 });
    expect(e.code).toBe('TIMEOUT');
    expect(performance.now() - start).toBeLessThan(1_500);
  });

  it('the timeout covers the whole redirect chain, not each hop', async () => {
    // Two hops of 250 ms each: either alone fits in 400 ms, together they do not.
    const start = performance.now();
    const e = await failure('/slow-hop-1', { timeoutMs: 400 });
    expect(e.code).toBe('TIMEOUT');
    expect(performance.now() - start).toBeLessThan(1_500);
    expect(seen.get('/ok')).toBeUndefined();
  });

  it('charset from the Content-Type header (windows-1251)', async () => {
    const r = await fetchFeed(fetch, `${base}/cp1251`, opts());
    expect(r.status === 'ok' && r.body).toContain(`<title>${RUSSIAN}</title>`);
  });

  it('charset from the XML declaration (windows-1257), end to end through parseFeed', async () => {
    const r = await fetchFeed(fetch, `${base}/1257-decl`, opts());
    if (r.status !== 'ok') throw new Error('expected ok');
    expect(r.body).not.toContain('encoding="windows-1257"');
    const feed = await parseFeed(r.body);
    expect(feed.entries[0].title).toBe('Zvans vēlu vakarā');
    expect(feed.entries[0].text).toContain('ā č ē ģ ī ķ ļ ņ š ū ž');
  });

  it('gzip-encoded responses are decoded by fetch; the limit applies to decoded bytes', async () => {
    const r = await fetchFeed(fetch, `${base}/gzip`, opts());
    expect(r.status === 'ok' && r.body).toBe(RSS_DECODED);
    const e = await failure('/gzip', { maxBytes: 50 });
    expect(e.code).toBe('RESPONSE_TOO_LARGE');
  });

  it.each([['/empty'], ['/blank'], ['/204']])('%s → EMPTY_BODY', async (path) => {
    const e = await failure(path);
    expect(e.code).toBe('EMPTY_BODY');
  });

  it('connection refused → NETWORK_ERROR with a plain reason', async () => {
    const port = await freePort();
    const e = await failure('', {}, `http://127.0.0.1:${port}/feed.xml`);
    expect(e.code).toBe('NETWORK_ERROR');
    expect(e.retryable).toBe(true);
    expect(e.message).toBe('Could not reach the source server: the connection was refused');
  });
});

describe('fetchFeed with a fetch that ignores abort signals', () => {
  it('still times out (the deadline is raced, not only signalled)', async () => {
    const never: typeof fetch = () => new Promise<Response>(() => {});
    const start = performance.now();
    const e = await fetchFeed(never, 'https://feeds.example.com/x', opts({ timeoutMs: 200 })).catch((x: unknown) => x);
    expect((e as SourceFetchError).code).toBe('TIMEOUT');
    expect(performance.now() - start).toBeLessThan(1_000);
  });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

describe('reason codes from JSON error bodies', () => {
  it('keeps an API reason word, never the body, and ignores bodies that are not JSON or too big', async () => {
    const server = await startFeedServer({
      '/google': (_req, res) =>
        res
          .writeHead(403, { 'content-type': 'application/json; charset=UTF-8' })
          .end(JSON.stringify({ error: { code: 403, message: 'The request cannot be completed because you have exceeded your quota.', errors: [{ reason: 'quotaExceeded' }] } })),
      '/atproto': (_req, res) => res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'ExpiredToken', message: 'Token has expired' })),
      '/free-text': (_req, res) => res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'something <b>odd</b> happened' })),
      '/html': (_req, res) => res.writeHead(403, { 'content-type': 'text/html' }).end('<h1>Forbidden</h1>'),
      '/huge': (_req, res) => res.writeHead(500, { 'content-type': 'application/json' }).end(`{"error":"${'x'.repeat(100_000)}"}`),
    });
    const opts = { timeoutMs: 2000, maxBytes: 1_000_000, maxRedirects: 3, userAgent: 'EarshotTest/1.0', now: 0 };
    const fail = (path: string): Promise<SourceFetchError> =>
      fetchFeed(fetch, server.url(path), opts).then(
        () => Promise.reject(new Error(`${path} did not fail`)),
        (e: SourceFetchError) => e,
      );
    try {
      expect(await fail('/google')).toMatchObject({ status: 403, reason: 'quotaExceeded', message: 'The source answered 403 Forbidden' });
      expect(await fail('/atproto')).toMatchObject({ status: 400, reason: 'ExpiredToken' });
      for (const path of ['/free-text', '/html', '/huge']) expect((await fail(path)).reason, path).toBeUndefined();
    } finally {
      await server.close();
    }
  });
});
