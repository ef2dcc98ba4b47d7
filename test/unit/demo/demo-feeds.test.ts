import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../../db/schema/constants.ts';
import { parseFeed } from '../../../src/core/ingest/parse-feed.ts';
import { DEMO_FEEDS, renderDemoFeed } from '../../../src/demo/demo-feeds.ts';
import mentions from '../../../src/demo/mentions.json' with { type: 'json' };

const NOW = Date.UTC(2026, 10, 23, 9, 30);
const base = 'http://127.0.0.1:8787';

describe('demo feeds', () => {
  it('every feed parses with our feed parser and carries all its mentions', async () => {
    const keys = new Set<string>();
    let total = 0;
    for (const feed of DEMO_FEEDS) {
      const rendered = renderDemoFeed(feed.slug, { now: NOW, baseUrl: base })!;
      const parsed = await parseFeed(rendered.body);
      expect(parsed.skipped).toEqual([]);
      expect(parsed.entries).toHaveLength(mentions.filter((m) => m.feed === feed.slug).length);
      for (const e of parsed.entries) {
        keys.add(e.externalKey);
        expect(e.publishedAt).toBeGreaterThan(NOW - 14 * 86_400_000);
        expect(e.publishedAt).toBeLessThanOrEqual(NOW);
        expect(e.text).not.toMatch(/<[a-z]/i); // the demo's hostile snippet is stripped at ingest
      }
      total += parsed.entries.length;
    }
    expect(keys.size).toBe(total);
    expect(total).toBe(mentions.length);
  });

  it('is stable within the hour and moves with the clock across hours', () => {
    const a = renderDemoFeed('news', { now: NOW, baseUrl: base })!.body;
    expect(renderDemoFeed('news', { now: NOW + 20 * 60_000, baseUrl: base })!.body).toBe(a);
    expect(renderDemoFeed('news', { now: NOW + 3_600_000, baseUrl: base })!.body).not.toBe(a);
  });

  it('covers all ten languages and has no unknown feed', () => {
    expect(new Set(mentions.map((m) => m.lang))).toEqual(new Set(LANGUAGES));
    expect(renderDemoFeed('nope', { now: NOW, baseUrl: base })).toBeNull();
  });

  it('escapes XML special characters so text round-trips', async () => {
    const parsed = await parseFeed(renderDemoFeed('reviews', { now: NOW, baseUrl: base })!.body);
    expect(parsed.entries.some((e) => e.text.includes('Lumera Spa & Hotel'))).toBe(true);
  });
});
