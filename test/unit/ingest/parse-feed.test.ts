import Parser from 'rss-parser';
import { describe, expect, it, vi } from 'vitest';
import { decodeBody } from '../../../src/core/ingest/decode-body.ts';
import { SourceFetchError } from '../../../src/core/ingest/fetch-errors.ts';
import { language, parseDate, parseFeed, type ParsedFeed } from '../../../src/core/ingest/parse-feed.ts';
import { fixtureBytes, fixtureText } from './legacy-encode.ts';

const parseFixture = (name: string) => parseFeed(decodeBody(fixtureBytes(name), null));
const TAG_LIKE = /<[a-zA-Z!/?]/;

async function expectFailure(xml: string, code: string, message?: RegExp) {
  const err = await parseFeed(xml).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SourceFetchError);
  expect((err as SourceFetchError).code).toBe(code);
  if (message) expect((err as SourceFetchError).message).toMatch(message);
  return err as SourceFetchError;
}

function invariant(feed: ParsedFeed) {
  for (const e of feed.entries) {
    expect(e.externalKey).toMatch(/^(guid|guid\+url|url|hash):/);
    expect(e.externalKey.length).toBeLessThanOrEqual(512);
    expect(e.title ?? e.text).toBeTruthy();
    if (e.url !== null) expect(e.url).toMatch(/^https?:\/\//);
    if (e.publishedAt !== null) expect(Number.isFinite(e.publishedAt)).toBe(true);
    for (const s of [e.title, e.author]) if (s) expect(s).not.toMatch(/<\/?[a-z][a-z0-9]*[\s>/]/i);
  }
  expect(new Set(feed.entries.map((e) => e.externalKey)).size).toBe(feed.entries.length);
}

describe('parseFeed: formats', () => {
  it('RSS 2.0 with content:encoded, dc:creator, guids and dates', async () => {
    const feed = await parseFixture('rss2.xml');
    invariant(feed);
    expect(feed.title).toBe('Northwind Forum & Reviews');
    expect(feed.language).toBe('en');
    expect(feed.skipped).toEqual([]);
    expect(feed.entries).toHaveLength(3);
    const [a, b, c] = feed.entries;
    expect(a).toEqual({
      externalKey: 'guid:forum-101',
      url: 'https://forum.example.com/t/101',
      author: 'Morgan',
      title: 'Called three times before 8am',
      // content:encoded is richer than the description teaser, so it wins.
      text: 'The agency called three times before 8am.\n\nI asked them to write instead — they refused.',
      publishedAt: Date.UTC(2025, 2, 4, 7, 15),
      languageHint: 'en',
    });
    expect(b.author).toBe('Sam Taylor'); // from "sam@example.com (Sam Taylor)"
    expect(b.text).toBe('Friendly staff, the plan was set up in one call.');
    expect(b.publishedAt).toBe(Date.UTC(2025, 2, 5, 11, 0));
    // No <link>: a URL-shaped guid stands in; an unreadable date is null, not NaN.
    expect(c.url).toBe('https://forum.example.com/t/103');
    expect(c.publishedAt).toBeNull();
  });

  it('RSS 1.0 (RDF) with dc:date, dc:creator, dc:language', async () => {
    const feed = await parseFixture('rss1-rdf.xml');
    invariant(feed);
    expect(feed.title).toBe('Example News (RDF)');
    expect(feed.language).toBe('de');
    expect(feed.entries.map((e) => e.externalKey)).toEqual(['guid:https://news.example.org/a/1', 'guid:https://news.example.org/a/2']);
    expect(feed.entries[0]).toMatchObject({
      author: 'Alex Berg',
      title: 'Regulator fines debt collector',
      text: 'The regulator issued a fine after complaints.',
      publishedAt: Date.UTC(2025, 1, 10, 8, 30),
      languageHint: 'de',
    });
    expect(feed.entries[1].languageHint).toBe('en'); // item dc:language beats the channel's
  });

  it('RSS 0.91 with a DOCTYPE and no guids keys entries by URL', async () => {
    const feed = await parseFixture('rss091.xml');
    invariant(feed);
    expect(feed.language).toBe('fr');
    expect(feed.entries.map((e) => [e.externalKey, e.title])).toEqual([
      ['url:http://old.example.net/r/1', 'Service client très lent'],
      ['url:http://old.example.net/r/2', 'Second review'],
    ]);
    expect(feed.entries[0].text).toBe("J'ai attendu trois semaines pour une réponse.");
  });

  it('Atom 1.0: html and xhtml constructs, xml:lang, author name, odd entries survive', async () => {
    const feed = await parseFixture('atom10.xml');
    invariant(feed);
    expect(feed.title).toBe('Atsauksmes par piedziņu');
    expect(feed.language).toBe('lv');
    expect(feed.skipped).toEqual([]);
    const [a, b, c] = feed.entries;
    expect(a).toEqual({
      externalKey: 'guid:tag:atsauksmes.example.lv,2025:1',
      url: 'https://atsauksmes.example.lv/r/1', // rel=alternate, not rel=edit
      author: 'Ilze',
      title: 'Laipni darbinieki',
      text: 'Zvanīja pieklājīgi un piedāvāja atlikšanu. Paldies!', // content beats the shorter summary
      publishedAt: Date.UTC(2025, 2, 1, 6, 0),
      languageHint: 'lv',
    });
    // XHTML keeps its word order (xml2js alone would scramble mixed content).
    expect(b.title).toBe('An XHTML title');
    expect(b.text).toBe('First paragraph.\n\nSecond strong paragraph.');
    expect(b.publishedAt).toBe(Date.UTC(2025, 2, 3, 12, 0)); // only <updated>
    expect(b.languageHint).toBe('en'); // entry xml:lang
    // A garbage <published> and a text <link> would make rss-parser throw for the whole feed.
    expect(c.publishedAt).toBeNull();
    expect(c.url).toBe('https://atsauksmes.example.lv/r/3');
    expect(c.text).toBe('Only a summary here.');
  });

  it('Atom 0.3 with issued/modified and escaped content', async () => {
    const feed = await parseFixture('atom03.xml');
    invariant(feed);
    expect(feed.language).toBe('en');
    expect(feed.entries).toEqual([
      {
        externalKey: 'guid:tag:legacy.example.com,2024:letter',
        url: 'https://legacy.example.com/2024/11/letter',
        author: 'Robin',
        title: 'Debt letter arrived',
        text: 'A letter came with the wrong amount & no reference.',
        publishedAt: Date.UTC(2024, 10, 20, 17, 0),
        languageHint: 'en',
      },
    ]);
  });
});

describe('parseFeed: encodings (after decodeBody)', () => {
  it('windows-1257 Latvian feed', async () => {
    const feed = await parseFixture('latvian-windows-1257.xml');
    expect(feed.title).toBe('Piedziņas uzņēmumu atsauksmes');
    expect(feed.entries[0].title).toBe('Zvans vēlu vakarā');
    expect(feed.entries[0].text).toContain('ā č ē ģ ī ķ ļ ņ š ū ž. Ļoti nepatīkama');
    expect(feed.entries[0].languageHint).toBe('lv');
  });

  it('KOI8-R Russian feed', async () => {
    const feed = await parseFixture('russian-koi8-r.xml');
    expect(feed.title).toBe('Отзывы о коллекторах');
    expect(feed.entries[0].text).toBe('Коллекторское агентство звонит каждый день, жалоба уже отправлена. Ёлки-палки!');
    expect(feed.entries[0].languageHint).toBe('ru');
  });
});

describe('parseFeed: hostile content', () => {
  it('leaves no markup, no script text and no javascript:/data: URLs', async () => {
    const feed = await parseFixture('hostile.xml');
    invariant(feed);
    expect(feed.title).toBe('Hostile Feed');
    const [a, b, c] = feed.entries;
    expect(a.title).toBe('Review title');
    expect(a.author).toBe('Mallory');
    expect(a.url).toBeNull();
    expect(a.text).toContain('Visible text.');
    expect(a.text).toContain('link text');
    for (const leaked of ['alert(2)', 'alert(5)', 'document.write', 'color:red', 'fallback', 'svg', 'onerror', 'javascript']) {
      expect(a.text).not.toContain(leaked);
    }
    expect(a.text).not.toMatch(TAG_LIKE);
    expect(a.title).not.toMatch(TAG_LIKE);
    // Double-escaped in the XML = escaped once in the HTML = literal text after stripping.
    expect(b.text).toBe('<script>alert(1)</script> is shown literally; 5 < 6 and a > b.');
    expect(c.url).toBeNull(); // data: URL
    expect(c.text).toBe(''); // an unterminated <script> swallows the rest
  });
});

describe('parseFeed: skipping, identity and duplicates', () => {
  it('skips entries with neither title nor text and keeps the rest', async () => {
    const feed = await parseFixture('missing-content.xml');
    invariant(feed);
    expect(feed.skipped).toEqual([
      { index: 0, reason: 'The entry has neither a title nor any text' },
      { index: 1, reason: 'The entry has neither a title nor any text' },
    ]);
    expect(feed.entries).toHaveLength(2);
    expect(feed.entries[0]).toMatchObject({ externalKey: 'guid:ok-1', title: 'Has a title', text: '' });
    expect(feed.entries[1].title).toBeNull();
    expect(feed.entries[1].externalKey).toMatch(/^hash:[0-9a-f]{64}$/);
  });

  it('repeated guids get guid+url keys; exact repeats collapse, first wins', async () => {
    const feed = await parseFixture('duplicates.xml');
    invariant(feed);
    expect(feed.entries.map((e) => [e.externalKey, e.title])).toEqual([
      ['guid+url:same https://dup.example.com/a', 'A'],
      ['guid+url:same https://dup.example.com/b', 'B'],
      ['url:https://dup.example.com/c', 'C'],
    ]);
    expect(feed.skipped).toEqual([
      { index: 2, reason: 'The entry repeats entry 0' },
      { index: 4, reason: 'The entry repeats entry 3' },
    ]);
  });

  it('keys are stable across parses and hash keys depend on title and text', async () => {
    const xml = (t: string) => `<rss version="2.0"><channel><item><title>${t}</title><description>body</description></item></channel></rss>`;
    const [a1, a2, b] = await Promise.all([parseFeed(xml('A')), parseFeed(xml('A')), parseFeed(xml('B'))]);
    expect(a1.entries[0].externalKey).toBe(a2.entries[0].externalKey);
    expect(a1.entries[0].externalKey).not.toBe(b.entries[0].externalKey);
  });

  it('one unreadable item does not lose the feed', async () => {
    // An Atom <entry> with a <link> that has neither attributes nor text and an object-valued date.
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom">
      <entry><title>good one</title><id>1</id></entry>
      <entry><title>odd one</title><id>2</id><link><x/></link><published type="x">2025-01-01</published></entry>
      <entry><title>good two</title><id>3</id></entry></feed>`;
    const feed = await parseFeed(xml);
    expect(feed.entries.map((e) => e.title)).toEqual(['good one', 'odd one', 'good two']);
    expect(feed.entries[1].url).toBeNull();
  });

  it('an item whose builder throws is skipped with a reason, not fatal', async () => {
    const proto = Parser.prototype as unknown as { parseItemRss: (item: { title?: string[] }, fields: unknown) => unknown };
    const original = proto.parseItemRss;
    const spy = vi.spyOn(proto, 'parseItemRss').mockImplementation(function (this: unknown, item, fields) {
      if (item.title?.[0] === 'boom') throw new TypeError('simulated');
      return original.call(this, item, fields);
    });
    try {
      const feed = await parseFeed('<rss version="2.0"><channel><item><title>ok 1</title></item><item><title>boom</title></item><item><title>ok 2</title></item></channel></rss>');
      expect(feed.entries.map((e) => e.title)).toEqual(['ok 1', 'ok 2']);
      expect(feed.skipped).toEqual([{ index: 1, reason: 'The entry could not be read' }]);
    } finally {
      spy.mockRestore();
    }
  });

  it('titles and authors are single-line', async () => {
    const feed = await parseFeed(
      '<rss version="2.0"><channel><title>A\n  B</title><item><title>line one\nline two</title><dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">Jane\n Doe</dc:creator></item></channel></rss>',
    );
    expect(feed.title).toBe('A B');
    expect(feed.entries[0].title).toBe('line one line two');
    expect(feed.entries[0].author).toBe('Jane Doe');
  });

  it('leading whitespace and a BOM before the document are tolerated', async () => {
    const feed = await parseFeed(`\uFEFF${' \n'.repeat(2_000)}<rss version="2.0"><channel><item><title>x</title></item></channel></rss>`);
    expect(feed.entries.map((e) => e.title)).toEqual(['x']);
  });

  it('an empty channel is a feed with no entries', async () => {
    const feed = await parseFeed('<rss version="2.0"><channel><title>Empty</title></channel></rss>');
    expect(feed).toEqual({ title: 'Empty', language: null, entries: [], skipped: [] });
  });
});

describe('parseFeed: sloppy XML is repaired, broken XML is refused', () => {
  it('bare ampersands, HTML entities and bad character references', async () => {
    const feed = await parseFixture('sloppy-entities.xml');
    expect(feed.title).toBe('Smith & Sons Reviews');
    expect(feed.entries[0].title).toBe('AT&T and B&Q both… &bogus; fine');
    expect(feed.entries[0].url).toBe('https://sloppy.example.com/r?id=1&lang=en');
    expect(feed.entries[0].text).toBe('Price was 5€ then 😀 done');
    expect(feed.entries[0].externalKey).toBe('guid:https://sloppy.example.com/r?id=1&lang=en');
  });

  it('malformed XML → PARSE_ERROR with a line number and no document text', async () => {
    const err = await expectFailure(fixtureText('malformed.xml'), 'PARSE_ERROR', /^The feed is not well-formed XML \(error on line \d+\)$/);
    expect(err.retryable).toBe(false);
  });

  it.each<[string, string, string, RegExp]>([
    ['HTML page', fixtureText('page.html'), 'NOT_A_FEED', /web page/],
    ['XHTML page', '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><p>hi</p></body></html>', 'NOT_A_FEED', /web page/],
    ['JSON', '{"items":[{"title":"x"}]}', 'NOT_A_FEED', /JSON/],
    ['JSON array', '  [1,2]', 'NOT_A_FEED', /JSON/],
    ['empty', '', 'NOT_A_FEED', /empty/],
    ['whitespace', ' \n\t ', 'NOT_A_FEED', /empty/],
    ['plain text', 'Service temporarily unavailable', 'NOT_A_FEED', /plain text/],
    ['other XML', '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>', 'NOT_A_FEED', /not an RSS or Atom/],
    ['truncated feed', '<rss version="2.0"><channel><item><title>cut off', 'PARSE_ERROR', /not well-formed/],
  ])('%s', async (_name, xml, code, message) => {
    const err = await expectFailure(xml, code, message);
    expect(err.message).not.toContain('<');
  });
});

describe('helpers', () => {
  it.each<[string | null, number | null]>([
    ['Tue, 04 Mar 2025 07:15:00 GMT', Date.UTC(2025, 2, 4, 7, 15)],
    ['Tue, 04 Mar 2025 09:15:00 +0200', Date.UTC(2025, 2, 4, 7, 15)],
    ['2025-03-04T07:15:00Z', Date.UTC(2025, 2, 4, 7, 15)],
    ['2025-03-04T09:15:00+02:00', Date.UTC(2025, 2, 4, 7, 15)],
    ['2025-03-04T07:15:00', Date.UTC(2025, 2, 4, 7, 15)], // no zone → UTC, whatever the host zone
    ['2025-03-04 07:15', Date.UTC(2025, 2, 4, 7, 15)],
    ['2025-03-04', Date.UTC(2025, 2, 4)],
    ['04 Mar 25 07:15 GMT', Date.UTC(2025, 2, 4, 7, 15)],
    ['yesterday', null],
    ['5', null],
    ['', null],
    [null, null],
    ['2025-13-45T99:99:99Z', null],
  ])('parseDate(%j)', (input, expected) => {
    expect(parseDate(input)).toBe(expected);
  });

  it.each<[unknown, string | null]>([
    ['lv-LV', 'lv'],
    ['EN_us', 'en'],
    ['ru', 'ru'],
    [' lt ', 'lt'],
    ['fil', 'fil'],
    ['x-default', null],
    ['english', null],
    ['', null],
    [undefined, null],
    [{ _: 'de-AT' }, 'de'],
  ])('language(%j) = %j', (input, expected) => {
    expect(language(input)).toBe(expected);
  });
});

describe('empty feeds', () => {
  it.each(['<?xml version="1.0"?>\n<!-- a comment -->\n<rss version="2.0">\n</rss>', '<rss></rss>', '<feed xmlns="http://www.w3.org/2005/Atom"></feed>'])(
    'a feed root with no channel or entries is an empty feed, not an error: %j',
    async (xml) => {
      const feed = await parseFeed(xml);
      expect(feed.entries).toEqual([]);
    },
  );
  it('other XML is still not a feed', async () => {
    await expect(parseFeed('<?xml version="1.0"?><html-ish><p>hi</p></html-ish>')).rejects.toMatchObject({ code: 'NOT_A_FEED' });
  });
});
