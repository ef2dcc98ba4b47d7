// Google News search results for one market (language + country), read as an RSS feed with conditional GET.
// The search has no paging: each poll reads the whole result feed, and unchanged entries cost nothing to store.
import { z } from 'zod';
import { LANGUAGES, type Language } from '../../db/schema/constants.ts';
import { type FeedEntry, parseFeed } from '../core/ingest/parse-feed.ts';
import type { IncomingMention } from '../core/ingest/incoming-mention.ts';
import { httpBaseUrl } from './common.ts';
import type { PollResult, SourceAdapter } from './types.ts';

const DEFAULT_API_BASE = 'https://news.google.com';
/** Longer than any publisher's name: a longer " - " tail is part of the headline. */
const MAX_PUBLISHER = 120;

const MARKET_MESSAGE = `market must be a language and a country such as "lv-LV", "sv-SE" or "en-GB"; the language one of ${LANGUAGES.join(', ')}`;

/** "lv-LV" (also "lv_lv") → { language: 'lv', country: 'LV' }. */
const market = z
  .string({ error: MARKET_MESSAGE })
  .trim()
  .transform((s, ctx) => {
    const m = /^([a-z]{2})[-_]([a-z]{2})$/i.exec(s);
    const language = m?.[1]?.toLowerCase();
    if (!m || !language || !(LANGUAGES as readonly string[]).includes(language)) {
      ctx.addIssue({ code: 'custom', message: MARKET_MESSAGE });
      return z.NEVER;
    }
    return { language: language as Language, country: m[2]!.toUpperCase() };
  });

export const googleNewsConfig = z
  .object({
    // Google's own search syntax: "exact phrase", OR, -word, when:7d, site:… are passed through unchanged.
    query: z.string({ error: 'query is required' }).trim().min(1, 'query must not be empty').max(500, 'query must be at most 500 characters'),
    market,
    api_base: httpBaseUrl('api_base').default(DEFAULT_API_BASE),
  })
  .strict();
export type GoogleNewsConfig = z.infer<typeof googleNewsConfig>;

export const googleNewsAdapter: SourceAdapter<GoogleNewsConfig> = {
  kind: 'google_news',
  title: 'Google News search',
  url: 'none',
  config: googleNewsConfig,
  secrets: [],
  async poll({ config, state, fetch }) {
    const fetched = await fetch(searchUrl(config), { etag: state.etag, lastModified: state.lastModified });
    if (fetched.status === 'not_modified') return { entries: [], skipped: [], state, notModified: true };
    const feed = await parseFeed(fetched.body);

    const skipped: PollResult['skipped'] = [...feed.skipped];
    const entries: IncomingMention[] = [];
    const byHeadline = new Map<string, number>();
    itemIndexes(feed.entries.length, feed.skipped).forEach((index, i) => {
      const entry = toMention(feed.entries[i]!, config.market.language);
      // The same story comes back under several editions and guids; its headline gives it away.
      const headline = normalise(entry.title ?? entry.text);
      const first = byHeadline.get(headline);
      if (headline && first !== undefined) {
        skipped.push({ index, reason: `The entry repeats the headline of entry ${first}` });
        return;
      }
      if (headline) byHeadline.set(headline, index);
      entries.push(entry);
    });
    skipped.sort((a, b) => a.index - b.index);

    return { entries, skipped, state: { etag: fetched.etag, lastModified: fetched.lastModified, cursor: null } };
  },
};

/** The search feed URL: `hl` is the interface language, `gl` the country, `ceid` the edition ("LV:lv"). */
export function searchUrl(config: GoogleNewsConfig): string {
  const { language, country } = config.market;
  // Google names Norwegian "no", and English editions by region ("en-GB").
  const lang = language === 'nb' ? 'no' : language;
  const hl = lang === 'en' ? `en-${country}` : lang;
  const params = new URLSearchParams({ q: config.query, hl, gl: country, ceid: `${country}:${lang}` });
  return `${config.api_base}/rss/search?${params}`;
}

/**
 * Google's titles end with " - Publisher", and the description repeats headline and publisher; the publisher
 * becomes the author, and title and text keep only the news. The key is the item's guid.
 */
function toMention(e: FeedEntry, language: Language): IncomingMention {
  const { headline, publisher } = splitPublisher(e.title);
  let text = e.text;
  if (publisher && text.endsWith(publisher)) text = text.slice(0, -publisher.length).trimEnd();
  return {
    ...e,
    externalKey: e.externalKey.startsWith('guid:') ? `id:${e.externalKey.slice('guid:'.length)}` : e.externalKey,
    author: publisher ?? e.author,
    title: headline,
    text,
    languageHint: language,
  };
}

function splitPublisher(title: string | null): { headline: string | null; publisher: string | null } {
  if (!title) return { headline: null, publisher: null };
  const cut = title.lastIndexOf(' - ');
  const publisher = cut > 0 ? title.slice(cut + 3).trim() : '';
  const headline = cut > 0 ? title.slice(0, cut).trim() : '';
  if (!publisher || !headline || publisher.length > MAX_PUBLISHER) return { headline: title, publisher: null };
  return { headline, publisher };
}

/** parseFeed keeps entries in document order and says which items it skipped: the document index of each entry. */
function itemIndexes(entryCount: number, skipped: { index: number }[]): number[] {
  const gaps = new Set(skipped.map((s) => s.index));
  const out: number[] = [];
  for (let index = 0; out.length < entryCount; index++) if (!gaps.has(index)) out.push(index);
  return out;
}

const normalise = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
