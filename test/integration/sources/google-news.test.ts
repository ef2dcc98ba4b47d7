import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SourceFetchError } from '../../../src/core/ingest/fetch-errors.ts';
import { googleNewsAdapter } from '../../../src/sources/google-news.ts';
import { startFeedServer } from '../../helpers/feed-server.ts';
import { pollAdapter } from '../../helpers/poll-adapter.ts';

type Server = Awaited<ReturnType<typeof startFeedServer>>;
interface Item {
  guid?: string;
  title?: string;
  pubDate?: string;
  /** The description's HTML, before XML escaping. */
  description?: string;
  publisher?: string;
}

const PATH = '/rss/search';
const ETAG = '"gn-1"';

let server: Server;
let queries: URLSearchParams[];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const link = (guid: string) => `https://news.google.com/rss/articles/${guid}?oc=5`;
/** Google's description: the headline as a link, two no-break spaces, the publisher in grey. */
const gDescription = (guid: string, headline: string, publisher: string) =>
  `<a href="${link(guid)}" target="_blank">${esc(headline)}</a>&nbsp;&nbsp;<font color="#6f6f6f">${esc(publisher)}</font>`;

function googleFeed(items: Item[], lang = 'lv'): string {
  const body = items
    .map(
      (i) =>
        `<item>${i.title !== undefined ? `<title>${esc(i.title)}</title>` : ''}${i.guid ? `<link>${link(i.guid)}</link><guid isPermaLink="false">${i.guid}</guid>` : ''}${
          i.pubDate ? `<pubDate>${i.pubDate}</pubDate>` : ''
        }${i.description !== undefined ? `<description>${esc(i.description)}</description>` : ''}${
          i.publisher ? `<source url="https://example.com">${esc(i.publisher)}</source>` : ''
        }</item>`,
    )
    .join('');
  return `<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><generator>NFE/5.0</generator><title>"Lumera" - Google News</title><link>https://news.google.com/search?q=Lumera</link><language>${lang}</language><webMaster>news-webmaster@google.com</webMaster><copyright>2026 Google LLC</copyright><lastBuildDate>Fri, 20 Nov 2026 11:00:00 GMT</lastBuildDate><description>Google News</description>${body}</channel></rss>`;
}

/** A Google-shaped item: title "Headline - Publisher". */
const item = (guid: string, headline: string, publisher: string, pubDate = 'Thu, 19 Nov 2026 06:00:00 GMT'): Item => ({
  guid,
  title: `${headline} - ${publisher}`,
  pubDate,
  description: gDescription(guid, headline, publisher),
  publisher,
});

function serve(xml: string, headers: Record<string, string> = {}) {
  server.routes[PATH] = (req: IncomingMessage, res: ServerResponse) => {
    queries.push(new URL(req.url!, 'http://x').searchParams);
    if (req.headers['if-none-match'] === ETAG) return res.writeHead(304, { etag: ETAG }).end();
    res.writeHead(200, { 'content-type': 'application/xml; charset=UTF-8', ...headers }).end(xml);
  };
}

const config = (over: Record<string, unknown> = {}) => ({ query: '"Lumera" when:7d', market: 'lv-LV', api_base: server.base, ...over });

beforeEach(async () => {
  queries = [];
  server = await startFeedServer();
});
afterEach(() => server.close());

describe('google_news adapter', () => {
  it('builds the market query and maps an item: publisher out of the title into author, plain text, market language', async () => {
    serve(googleFeed([item('CBMiLumera0001', 'Lumera saņem sodu par zvaniem naktī', 'Delfi')]), { etag: ETAG });
    const r = await pollAdapter(googleNewsAdapter, { config: config() });

    const q = queries[0]!;
    expect(Object.fromEntries(q)).toEqual({ q: '"Lumera" when:7d', hl: 'lv', gl: 'LV', ceid: 'LV:lv' });
    expect(r.skipped).toEqual([]);
    expect(r.entries).toEqual([
      {
        externalKey: 'id:CBMiLumera0001',
        url: 'https://news.google.com/rss/articles/CBMiLumera0001?oc=5',
        author: 'Delfi',
        title: 'Lumera saņem sodu par zvaniem naktī',
        text: 'Lumera saņem sodu par zvaniem naktī',
        publishedAt: Date.UTC(2026, 10, 19, 6, 0, 0),
        languageHint: 'lv',
      },
    ]);
    expect(r.state).toEqual({ etag: ETAG, lastModified: null, cursor: null });
  });

  it('names Norwegian and English editions as Google does, and hints our language', async () => {
    serve(googleFeed([item('CBMiNo1', 'Lumera får kritikk for inkassobrev', 'NRK')], 'no'));
    const no = await pollAdapter(googleNewsAdapter, { config: config({ market: 'nb-NO' }) });
    expect(Object.fromEntries(queries[0]!)).toMatchObject({ hl: 'no', gl: 'NO', ceid: 'NO:no' });
    expect(no.entries[0]).toMatchObject({ languageHint: 'nb', author: 'NRK', title: 'Lumera får kritikk for inkassobrev' });

    serve(googleFeed([item('CBMiEn1', 'Lumera fined over late-night calls', 'The Baltic Times')], 'en'));
    const en = await pollAdapter(googleNewsAdapter, { config: config({ market: 'en_gb' }) });
    expect(Object.fromEntries(queries[1]!)).toMatchObject({ hl: 'en-GB', gl: 'GB', ceid: 'GB:en' });
    expect(en.entries[0]).toMatchObject({ languageHint: 'en', author: 'The Baltic Times' });
  });

  it('strips HTML and entities, keeps " - " inside headlines, skips repeated headlines and unreadable items', async () => {
    const xml = googleFeed([
      // Entities and markup in the description come out as plain text; the last " - " is the publisher.
      {
        ...item('CBMiSv1', 'Lumera – inkasso & "påminnelser" - så fungerar det', 'Dagens Industri'),
        description: `<ol><li><a href="${link('CBMiSv1')}">Lumera – inkasso &amp; &quot;påminnelser&quot; - så fungerar det</a>&nbsp;&nbsp;<font color="#6f6f6f">Dagens Industri</font></li><li><b>Fler</b> artiklar</li></ol>`,
      },
      { guid: 'CBMiNoPublisher', title: 'Lumera pārskats', description: '<p>Lumera <i>publicē</i> gada pārskatu.</p>' },
      {},
      // The same story under another guid (another edition): a repeat, not a new mention.
      item('CBMiSv2', 'Lumera – inkasso & "påminnelser" - så fungerar det', 'Dagens Industri'),
      item('CBMiFi1', 'Lumera sai huomautuksen', 'Yle'),
    ]);
    serve(xml);
    const r = await pollAdapter(googleNewsAdapter, { config: config({ market: 'sv-SE' }) });
    expect(r.entries.map((e) => [e.externalKey, e.author, e.title, e.text])).toEqual([
      ['id:CBMiSv1', 'Dagens Industri', 'Lumera – inkasso & "påminnelser" - så fungerar det', 'Lumera – inkasso & "påminnelser" - så fungerar det Dagens Industri\nFler artiklar'],
      ['id:CBMiNoPublisher', null, 'Lumera pārskats', 'Lumera publicē gada pārskatu.'],
      ['id:CBMiFi1', 'Yle', 'Lumera sai huomautuksen', 'Lumera sai huomautuksen'],
    ]);
    expect(r.entries.every((e) => e.languageHint === 'sv')).toBe(true);
    expect(r.skipped).toEqual([
      { index: 2, reason: 'The entry has neither a title nor any text' },
      { index: 3, reason: 'The entry repeats the headline of entry 0' },
    ]);
  });

  it('polls with conditional GET: the second poll sends the ETag and a 304 is "not modified"', async () => {
    serve(googleFeed([item('CBMiLt1', 'Lumera atsiprašė klientų', 'LRT')], 'lt'), { etag: ETAG });
    const first = await pollAdapter(googleNewsAdapter, { config: config({ market: 'lt-LT' }) });
    expect(first.entries[0]).toMatchObject({ languageHint: 'lt', author: 'LRT' });
    const second = await pollAdapter(googleNewsAdapter, { config: config({ market: 'lt-LT' }), state: first.state });
    expect(server.hits[1]!.headers['if-none-match']).toBe(ETAG);
    expect(second).toEqual({ entries: [], skipped: [], state: first.state, notModified: true });
  });

  it('429 with Retry-After is a TOO_MANY_REQUESTS error with the wait', async () => {
    server.routes[PATH] = (_req, res) => res.writeHead(429, { 'retry-after': '300' }).end('<html>unusual traffic</html>');
    const err = await pollAdapter(googleNewsAdapter, { config: config() }).catch((e) => e);
    expect(err).toBeInstanceOf(SourceFetchError);
    expect(err).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: 429, retryAfterMs: 300_000 });
  });

  it('a broken document is a PARSE_ERROR, and a web page is NOT_A_FEED', async () => {
    server.routes[PATH] = (_req, res) => res.writeHead(200, { 'content-type': 'application/xml' }).end('<rss version="2.0"><channel><item><title>Lumera</title></channel></rss>');
    await expect(pollAdapter(googleNewsAdapter, { config: config() })).rejects.toMatchObject({ code: 'PARSE_ERROR' });
    server.routes[PATH] = (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><body>consent</body></html>');
    await expect(pollAdapter(googleNewsAdapter, { config: config() })).rejects.toMatchObject({ code: 'NOT_A_FEED' });
  });

  it('checks its config', () => {
    const parse = (c: unknown) => googleNewsAdapter.config.safeParse(c);
    expect(parse({ query: 'Lumera', market: 'et-EE' })).toMatchObject({
      success: true,
      data: { query: 'Lumera', market: { language: 'et', country: 'EE' }, api_base: 'https://news.google.com' },
    });
    expect(parse({ query: 'Lumera', market: 'de-DE' }).error?.issues[0]?.message).toMatch(/^market must be a language and a country such as "lv-LV"/);
    expect(parse({ query: 'Lumera', market: 'latvia' }).success).toBe(false);
    expect(parse({ query: 'Lumera' }).success).toBe(false);
    expect(parse({ query: '', market: 'lv-LV' }).error?.issues[0]?.message).toBe('query must not be empty');
    expect(parse({ query: 'Lumera', market: 'lv-LV', when: '7d' }).success).toBe(false); // strict
  });
});
