// Apple App Store customer reviews of one app, from the public reviews feed (JSON flavour, no key), one
// storefront (country) at a time. Apple lists the most recent reviews first, in up to 10 pages per storefront.
import { z } from 'zod';
import { parseDate } from '../core/ingest/parse-feed.ts';
import { stripHtml } from '../core/ingest/strip-html.ts';
import type { IncomingMention } from '../core/ingest/incoming-mention.ts';
import { assertAnswered, httpBaseUrl, parseJsonAs, quotaSpent } from './common.ts';
import type { PollResult, SourceAdapter } from './types.ts';

const DEFAULT_API_BASE = 'https://itunes.apple.com';
/** Apple serves no page past the tenth: that is the oldest review a storefront gives. */
const LAST_PAGE = 10;
const MAX_TITLE = 1_000;
const MAX_AUTHOR = 200;
const MAX_URL = 2_048;

/** Storefronts whose reviews are, with little doubt, in one of our languages. Others get no hint. */
const STOREFRONT_LANGUAGE: Record<string, string> = {
  se: 'sv',
  fi: 'fi',
  no: 'nb',
  dk: 'da',
  lv: 'lv',
  lt: 'lt',
  ee: 'et',
  pl: 'pl',
  ru: 'ru',
  gb: 'en',
  us: 'en',
};

export const appStoreConfig = z
  .object({
    app_id: z
      .union([z.string(), z.number().int().nonnegative()], { error: "app_id is required: the number in the app's App Store address (…/id1234567890)" })
      .transform((v) => String(v).trim().replace(/^id/i, ''))
      .pipe(z.string().regex(/^\d{1,15}$/, "app_id must be the number in the app's App Store address, e.g. 1234567890")),
    countries: z
      .array(
        z
          .string()
          .trim()
          .toLowerCase()
          .regex(/^[a-z]{2}$/, 'each country must be a two-letter storefront code such as se, fi or lv'),
        {
          error: 'countries must be a list of storefront codes such as ["se", "fi", "lv"]',
        },
      )
      .min(1, 'countries must name at least one storefront')
      .max(60, 'countries may name at most 60 storefronts')
      .refine((cs) => new Set(cs).size === cs.length, 'countries must not repeat a storefront'),
    api_base: httpBaseUrl('api_base').default(DEFAULT_API_BASE),
  })
  .strict();
export type AppStoreConfig = z.infer<typeof appStoreConfig>;

const storefrontState = z.object({
  /** Reviews updated at or before this (epoch ms) have been delivered; null before the first one. */
  since: z.number().nullable(),
  /** The page to read next: 1, or further down when the last poll ran out of pages partway. */
  page: z.number().int().min(1).max(LAST_PAGE),
  /** The newest review of that unfinished pass; becomes `since` once the pass reaches what was already read. */
  top: z.number().nullable(),
});

const cursorSchema = z.object({
  /** The storefront the next poll starts with, so each gets its turn when the page cap cannot cover them all. */
  next: z.string().optional(),
  storefronts: z.record(z.string(), storefrontState),
});
type Cursor = z.infer<typeof cursorSchema>;

const envelopeSchema = z.object({
  feed: z.object({
    // A storefront without reviews has no `entry`; one with a single review has an object, not a list.
    entry: z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]).optional(),
  }),
});

// Every value is wrapped as { label: … }. Optional ones fall back to null rather than failing the review.
const label = z.object({ label: z.union([z.string(), z.number()]).transform(String) }).transform((o) => o.label);
const optionalLabel = label.nullish().catch(null);
const content = z.object({ label: z.string(), attributes: z.object({ type: z.string() }).partial().nullish() });
const link = z.object({ attributes: z.object({ href: z.string() }) });
const reviewSchema = z.object({
  id: label,
  updated: optionalLabel,
  'im:rating': optionalLabel,
  title: optionalLabel,
  content: z
    .union([content, z.array(content)])
    .nullish()
    .catch(null),
  author: z.object({ name: optionalLabel }).nullish().catch(null),
  link: z
    .union([link, z.array(link)])
    .nullish()
    .catch(null),
  'im:voteCount': optionalLabel,
});

export const appStoreAdapter: SourceAdapter<AppStoreConfig> = {
  kind: 'app_store',
  title: 'Apple App Store reviews',
  url: 'none',
  config: appStoreConfig,
  secrets: [],
  async poll({ config, state, fetch, maxPages }) {
    const cursor = readCursor(state.cursor);
    const order = rotate(config.countries, cursor?.next);
    const states = new Map(order.map((cc) => [cc, cursor?.storefronts[cc] ?? { since: null, page: 1, top: null }]));

    const entries: IncomingMention[] = [];
    const skipped: PollResult['skipped'] = [];
    const keys = new Set<string>();
    const reached = new Set<string>();
    const pending = new Set(order);
    let budget = maxPages;
    let index = 0;
    // Breadth first: the first page of every storefront before any second page, so one storefront's backlog
    // cannot keep the others waiting.
    while (budget > 0 && pending.size > 0) {
      for (const cc of order) {
        if (budget <= 0) break;
        if (!pending.has(cc)) continue;
        budget--;
        reached.add(cc);
        const st = states.get(cc)!;
        const fetched = await fetch(reviewsUrl(config, cc, st.page), { accept: 'application/json' });
        assertAnswered(fetched, 'The App Store');
        const items = readEntries(fetched.body);

        let reachedOld = false;
        for (let i = 0; i < items.length; i++, index++) {
          // Older feeds open page 1 with the app's own record (name, no rating): not a review, and not broken.
          if (st.page === 1 && i === 0 && isAppRecord(items[i])) continue;
          const review = readReview(items[i], cc);
          if ('reason' in review) {
            skipped.push({ index, reason: review.reason });
            continue;
          }
          // Most recent first: a review already delivered means everything below it was too.
          if (st.since !== null && review.time <= st.since) {
            reachedOld = true;
            continue;
          }
          st.top = Math.max(st.top ?? -Infinity, review.time);
          if (keys.has(review.mention.externalKey)) continue; // shifted onto the next page while we read
          keys.add(review.mention.externalKey);
          entries.push(review.mention);
        }

        if (reachedOld || items.length === 0 || st.page >= LAST_PAGE) {
          states.set(cc, { since: maxOf(st.since, st.top), page: 1, top: null });
          pending.delete(cc);
        } else {
          st.page++;
        }
        // Out of quota: keep what was read; the cursor carries on next time.
        if (quotaSpent(fetched)) budget = 0;
      }
    }

    // Next time, start with a storefront this poll did not reach, else one it left unfinished, else move on by one.
    const next = order.find((cc) => !reached.has(cc)) ?? order.find((cc) => pending.has(cc)) ?? order[1 % order.length];
    const nextCursor: Cursor = { next, storefronts: Object.fromEntries(states) };
    return {
      entries,
      skipped,
      state: { etag: null, lastModified: null, cursor: nextCursor },
      notModified: entries.length === 0 && skipped.length === 0,
    };
  },
};

function reviewsUrl(config: AppStoreConfig, cc: string, page: number): string {
  return `${config.api_base}/${cc}/rss/customerreviews/page=${page}/id=${config.app_id}/sortBy=mostRecent/json`;
}

function readEntries(body: string): unknown[] {
  const { feed } = parseJsonAs(body, envelopeSchema, 'The App Store answered with something that is not JSON', 'The App Store answered JSON that is not a reviews feed');
  const entry = feed.entry;
  return entry === undefined ? [] : Array.isArray(entry) ? entry : [entry];
}

function isAppRecord(v: unknown): boolean {
  return !!v && typeof v === 'object' && ('im:name' in v || !('im:rating' in v));
}

type ReadReview = { time: number; mention: IncomingMention } | { reason: string };

function readReview(raw: unknown, cc: string): ReadReview {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { reason: 'The entry is not a review' };
  const parsed = reviewSchema.safeParse(raw);
  if (!parsed.success) return { reason: 'The review has no id' };
  const r = parsed.data;
  const time = parseDate(r.updated ?? null);
  if (time === null) return { reason: 'The review has no readable date' };
  const rating = Number(r['im:rating']);
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) return { reason: 'The review has no star rating from 1 to 5' };
  const title = r.title ? stripHtml(r.title, MAX_TITLE).replace(/\s+/g, ' ') || null : null;
  const text = stripHtml(bodyOf(r.content));
  if (!title && !text) return { reason: 'The review has neither a title nor any text' };
  const votes = Number(r['im:voteCount']);
  return {
    time,
    mention: {
      externalKey: `id:${r.id}`,
      url: hrefOf(r.link),
      author: r.author?.name ? stripHtml(r.author.name, MAX_AUTHOR) || null : null,
      title,
      text,
      publishedAt: time,
      languageHint: STOREFRONT_LANGUAGE[cc] ?? null,
      authorReach: null, // the feed says nothing about reviewers
      // How many people rated the review helpful or not: the only reaction the feed counts.
      engagement: r['im:voteCount'] != null && Number.isInteger(votes) && votes >= 0 ? votes : null,
      rating,
    },
  };
}

/** Some feeds give the body twice, as text and as HTML; the text one needs no stripping of markup. */
function bodyOf(c: z.infer<typeof reviewSchema>['content']): string {
  if (!c) return '';
  const list = Array.isArray(c) ? c : [c];
  return (list.find((x) => x.attributes?.type === 'text') ?? list[0])?.label ?? '';
}

function hrefOf(l: z.infer<typeof reviewSchema>['link']): string | null {
  const href = (Array.isArray(l) ? l : l ? [l] : []).map((x) => x.attributes.href.trim()).find((h) => /^https?:\/\//i.test(h));
  if (!href || href.length > MAX_URL) return null;
  try {
    return new URL(href).href;
  } catch {
    return null;
  }
}

function readCursor(v: unknown): Cursor | null {
  const parsed = cursorSchema.safeParse(v);
  return parsed.success ? parsed.data : null;
}

/** The list turned so that `first` (when it is still configured) comes first. */
function rotate(list: string[], first: string | undefined): string[] {
  const i = first ? list.indexOf(first) : -1;
  return i <= 0 ? [...list] : [...list.slice(i), ...list.slice(0, i)];
}

const maxOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
