import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../../db/schema/constants.ts';
import { parseFeed } from '../../../src/core/ingest/parse-feed.ts';
import { DEMO_FEEDS, DEMO_MENTIONS, escapeXml, renderDemoFeed } from '../../../src/demo/demo-feeds.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 10, 23, 9, 30);
const base = 'http://127.0.0.1:8787';

const render = (slug: string, now = NOW) => renderDemoFeed(slug, { now, baseUrl: base })!;
const countFor = (slug: string) => DEMO_MENTIONS.filter((m) => m.feed === slug).length;
/** RSS 2.0 guid, Atom id, RSS 1.0 rdf:about: whatever rss-parser exposes as the item's identity. */
const guidOf = (item: Record<string, unknown>) => (item.guid ?? item.id ?? item['rdf:about']) as string;
const timeOf = (item: { isoDate?: string }) => Date.parse(item.isoDate!);

describe('demo mentions', () => {
  it('are well formed and cover all ten languages', () => {
    const ids = new Set(DEMO_MENTIONS.map((m) => m.id));
    expect(ids.size).toBe(DEMO_MENTIONS.length);
    expect(DEMO_MENTIONS.length).toBeGreaterThanOrEqual(55);
    expect(new Set(DEMO_MENTIONS.map((m) => m.lang))).toEqual(new Set(LANGUAGES));
    const slugs = new Set<string>(DEMO_FEEDS.map((f) => f.slug));
    for (const m of DEMO_MENTIONS) {
      expect(m.id).toMatch(/^lum-\d{3}$/);
      expect(slugs.has(m.feed)).toBe(true);
      expect(m.hours_ago).toBeGreaterThanOrEqual(1);
      expect(m.hours_ago).toBeLessThanOrEqual(330);
      expect(m.link_path).toBe(`/posts/${m.id}`);
      expect(m.title && m.text && m.author).toBeTruthy();
      if (m.feed === 'social') expect(m.text.length).toBeLessThan(280);
    }
  });
});

describe('renderDemoFeed', () => {
  it('renders every feed as XML that rss-parser reads, with all of its items', async () => {
    const expectedFormat = { news: 'rss', reviews: 'feed', forum: 'rss', social: 'rdf:RDF' } as const;
    for (const feed of DEMO_FEEDS) {
      const out = render(feed.slug);
      expect(out.contentType).toMatch(/charset=utf-8/);
      expect(out.body.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<' + expectedFormat[feed.slug])).toBe(true);
      const parsed = await new Parser().parseString(out.body);
      expect(parsed.items).toHaveLength(countFor(feed.slug));
      for (const item of parsed.items) {
        expect(item.title).toBeTruthy();
        expect(item.link).toMatch(new RegExp(`^${base}/demo/posts/lum-\\d{3}$`));
        expect(guidOf(item)).toMatch(/^urn:lumera-demo:lum-\d{3}$/);
      }
    }
    expect(DEMO_FEEDS.reduce((n, f) => n + countFor(f.slug), 0)).toBe(DEMO_MENTIONS.length);
  });

  it('puts the author where each format expects it (dc:creator in the forum)', async () => {
    const forum = await new Parser().parseString(render('forum').body);
    expect(render('forum').body).toContain('<dc:creator>');
    expect(forum.items.every((i) => typeof i.creator === 'string' && i.creator.length > 0)).toBe(true);
    const reviews = await new Parser().parseString(render('reviews').body);
    expect(reviews.items.every((i) => typeof (i as { author?: unknown }).author === 'string')).toBe(true);
  });

  it('gives every item a GUID that is unique across feeds and stable over time', async () => {
    const guids: string[] = [];
    for (const feed of DEMO_FEEDS) {
      const parsed = await new Parser().parseString(render(feed.slug).body);
      guids.push(...parsed.items.map(guidOf));
    }
    expect(new Set(guids).size).toBe(DEMO_MENTIONS.length);
    expect(new Set(guids)).toEqual(new Set(DEMO_MENTIONS.map((m) => `urn:lumera-demo:${m.id}`)));

    const later = await new Parser().parseString(render('social', NOW + 5 * DAY).body);
    const earlier = await new Parser().parseString(render('social').body);
    expect(new Set(later.items.map(guidOf))).toEqual(new Set(earlier.items.map(guidOf)));
  });

  it('dates every item within the last 14 days, hours_ago before the start of the hour', async () => {
    const anchor = Math.floor(NOW / HOUR) * HOUR;
    const byGuid = new Map(DEMO_MENTIONS.map((m) => [`urn:lumera-demo:${m.id}`, m]));
    for (const feed of DEMO_FEEDS) {
      const parsed = await new Parser().parseString(render(feed.slug).body);
      for (const item of parsed.items) {
        const t = timeOf(item);
        expect(t).toBeLessThanOrEqual(NOW);
        expect(t).toBeGreaterThan(NOW - 14 * DAY);
        expect(t).toBe(anchor - byGuid.get(guidOf(item))!.hours_ago * HOUR);
      }
    }
  });

  it('is byte-identical within the hour and moves with the clock across hours', async () => {
    const sameHour = [NOW, NOW + 25 * 60_000, Math.floor(NOW / HOUR) * HOUR, Math.floor(NOW / HOUR) * HOUR + HOUR - 1];
    for (const feed of DEMO_FEEDS) {
      const a = render(feed.slug).body;
      for (const t of sameHour) expect(render(feed.slug, t).body).toBe(a);
      const next = await new Parser().parseString(render(feed.slug, NOW + HOUR).body);
      const cur = await new Parser().parseString(a);
      expect(timeOf(next.items[0]) - timeOf(cur.items[0])).toBe(HOUR);
    }
  });

  it('returns null for an unknown slug', () => {
    expect(renderDemoFeed('nope', { now: NOW, baseUrl: base })).toBeNull();
    expect(renderDemoFeed('', { now: NOW, baseUrl: base })).toBeNull();
    expect(renderDemoFeed('NEWS', { now: NOW, baseUrl: base })).toBeNull();
  });

  it('round-trips XML special characters in text, titles and authors', async () => {
    const withAmp = DEMO_MENTIONS.find((m) => m.feed === 'reviews' && m.author.includes('&') && m.text.includes('"'))!;
    expect(withAmp).toBeDefined();
    const reviews = await new Parser().parseString(render('reviews').body);
    const item = reviews.items.find((i) => guidOf(i) === `urn:lumera-demo:${withAmp.id}`)!;
    expect(item.content).toBe(withAmp.text);
    expect((item as { author?: string }).author).toBe(withAmp.author);

    // HTML in a mention is escaped once in the XML and comes back as the same HTML after parsing.
    for (const feed of DEMO_FEEDS) {
      const parsed = await new Parser().parseString(render(feed.slug).body);
      for (const i of parsed.items) {
        const m = DEMO_MENTIONS.find((x) => `urn:lumera-demo:${x.id}` === guidOf(i))!;
        expect(i.content).toBe(m.text);
        expect(i.title).toBe(m.title);
      }
    }
    expect(escapeXml(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;');
  });

  it('keeps the hostile snippet as escaped text in the XML, never as markup', () => {
    const hostile = DEMO_MENTIONS.filter((m) => /<script|onerror=/i.test(m.text));
    expect(hostile).toHaveLength(1);
    const body = render(hostile[0].feed).body;
    expect(body).not.toMatch(/<script|<img/i);
    expect(body).toContain('&lt;script&gt;');
  });

  it('survives our own feed parser: no skipped entries, distinct keys, script text stripped', async () => {
    const keys = new Set<string>();
    for (const feed of DEMO_FEEDS) {
      const parsed = await parseFeed(render(feed.slug).body);
      expect(parsed.skipped).toEqual([]);
      expect(parsed.entries).toHaveLength(countFor(feed.slug));
      for (const e of parsed.entries) {
        keys.add(e.externalKey);
        expect(e.publishedAt).toBeGreaterThan(NOW - 14 * DAY);
        expect(e.publishedAt).toBeLessThanOrEqual(NOW);
        expect(e.text).not.toMatch(/<[a-z]/i);
        expect(e.text).not.toContain("alert('x')");
      }
    }
    expect(keys.size).toBe(DEMO_MENTIONS.length);
    const reviews = await parseFeed(render('reviews').body);
    expect(reviews.entries.some((e) => e.text.includes('Lumera Spa & Hotel'))).toBe(true);
  });
});
