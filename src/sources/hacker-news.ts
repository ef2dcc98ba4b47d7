// Hacker News stories and comments, through the Algolia search API (no key). `search_by_date` lists newest
// first; each poll asks only for hits newer than the newest one it has seen, page by page.
import { z } from 'zod';
import { parseDate } from '../core/ingest/parse-feed.ts';
import { stripHtml } from '../core/ingest/strip-html.ts';
import type { IncomingMention } from '../core/ingest/incoming-mention.ts';
import { assertAnswered, httpBaseUrl, parseJsonAs, quotaSpent } from './common.ts';
import { OverlapWindow } from './overlap-window.ts';
import type { PollResult, SourceAdapter } from './types.ts';

const DEFAULT_API_BASE = 'https://hn.algolia.com/api/v1';
const DEFAULT_TAGS = '(story,comment)';
const HITS_PER_PAGE = 100;
/** Algolia indexes a hit a little after it is posted: each poll looks this far back again (see overlap-window.ts). */
const OVERLAP_S = 10 * 60;
const MAX_TITLE = 1_000;
const MAX_AUTHOR = 200;

export const hackerNewsConfig = z
  .object({
    query: z.string({ error: 'query is required' }).trim().min(1, 'query must not be empty').max(500, 'query must be at most 500 characters'),
    // Algolia tag filters: "story", "comment", "(story,comment)" (either), "author_pg", "story_123"…
    tags: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_(),-]{1,200}$/, 'tags must be Algolia tag filters such as story, comment or (story,comment)')
      .optional(),
    api_base: httpBaseUrl('api_base').default(DEFAULT_API_BASE),
  })
  .strict();
export type HackerNewsConfig = z.infer<typeof hackerNewsConfig>;

/** What the adapter remembers between polls (epoch seconds, as Algolia counts). */
const cursorSchema = z.object({
  /** The newest `created_at_i` read so far. */
  newest: z.number().int(),
  /** objectID → created_at_i of the hits read within OVERLAP_S of `newest`. */
  recent: z.record(z.string(), z.number().int()),
  /**
   * A window (after, upTo] that a poll could not finish because of the page cap or the rate limit: the next poll
   * reads it before anything newer, so nothing is lost between two polls.
   */
  gap: z.object({ after: z.number().int(), upTo: z.number().int() }).optional(),
});
type Cursor = z.infer<typeof cursorSchema>;

const envelopeSchema = z.object({
  hits: z.array(z.unknown()),
  nbPages: z.number().int().nonnegative(),
});

// Optional fields fall back to null rather than failing the hit: one odd field should not lose a comment.
const nullableString = z.string().nullish().catch(null);
const nullableCount = z.number().int().nonnegative().nullish().catch(null);
const hitSchema = z.object({
  objectID: z.union([z.string().trim().min(1), z.number().int().transform(String)]),
  created_at_i: z.number().int().positive().nullish().catch(null),
  created_at: nullableString,
  author: nullableString,
  title: nullableString,
  story_text: nullableString,
  comment_text: nullableString,
  points: nullableCount,
  num_comments: nullableCount,
});

export const hackerNewsAdapter: SourceAdapter<HackerNewsConfig> = {
  kind: 'hacker_news',
  title: 'Hacker News search',
  url: 'none',
  config: hackerNewsConfig,
  secrets: [],
  async poll({ config, state, fetch, maxPages }) {
    const cursor = readCursor(state.cursor);
    const overlap = new OverlapWindow(cursor, OVERLAP_S); // objectID → created_at_i
    // First poll: the newest pages only (no history beyond the cap). Later: the unfinished window if there is
    // one, else everything since the newest hit seen, looking OVERLAP_S back for late-indexed hits.
    const after = cursor?.gap?.after ?? overlap.from;
    const upTo = cursor?.gap?.upTo ?? null;

    const entries: IncomingMention[] = [];
    const skipped: PollResult['skipped'] = [];
    let index = 0;
    let finished = false;
    for (let page = 0; page < maxPages; page++) {
      const fetched = await fetch(searchUrl(config, page, after, upTo), { accept: 'application/json' });
      assertAnswered(fetched, 'Hacker News search');
      const body = readEnvelope(fetched.body);

      let fresh = 0;
      let readable = 0;
      for (const raw of body.hits) {
        const hit = readHit(raw);
        if ('reason' in hit) skipped.push({ index, reason: hit.reason });
        else {
          readable++;
          if (overlap.meet(hit.id, hit.time)) {
            entries.push(hit.mention);
            fresh++;
          }
        }
        index++;
      }
      // Newest first: past the last page, or on a page of hits already delivered, there is nothing newer left.
      if (page + 1 >= body.nbPages || body.hits.length === 0 || (readable > 0 && fresh === 0)) {
        finished = true;
        break;
      }
      // Out of quota: stop here; the window not read is kept as a gap for the next poll.
      if (quotaSpent(fetched)) break;
    }

    return {
      entries,
      skipped,
      state: { etag: null, lastModified: null, cursor: nextCursor(cursor, overlap, finished, after) },
      notModified: entries.length === 0 && skipped.length === 0,
    };
  },
};

function searchUrl(config: HackerNewsConfig, page: number, after: number | null, upTo: number | null): string {
  const params = new URLSearchParams({ query: config.query, tags: config.tags ?? DEFAULT_TAGS, hitsPerPage: String(HITS_PER_PAGE), page: String(page) });
  const filters = [after !== null ? `created_at_i>${after}` : null, upTo !== null ? `created_at_i<=${upTo}` : null].filter((f) => f !== null);
  if (filters.length) params.set('numericFilters', filters.join(','));
  return `${config.api_base}/search_by_date?${params}`;
}

function readEnvelope(body: string): z.infer<typeof envelopeSchema> {
  return parseJsonAs(body, envelopeSchema, 'Hacker News search answered with something that is not JSON', 'Hacker News search answered JSON without a list of hits');
}

type ReadHit = { id: string; time: number; mention: IncomingMention } | { reason: string };

function readHit(raw: unknown): ReadHit {
  const parsed = hitSchema.safeParse(raw);
  if (!parsed.success) {
    const missingId = parsed.error.issues.some((i) => i.path[0] === 'objectID');
    return { reason: missingId ? 'The hit has no objectID' : 'The hit is not a Hacker News story or comment' };
  }
  const h = parsed.data;
  const ms = h.created_at_i ? h.created_at_i * 1000 : parseDate(h.created_at ?? null);
  if (ms === null) return { reason: 'The hit has no creation time' };
  // Comments have no title of their own; their story's title would colour the comment's analysis, so it is left out.
  const title = h.title ? stripHtml(h.title, MAX_TITLE).replace(/\s+/g, ' ') || null : null;
  const text = stripHtml(h.story_text ?? h.comment_text ?? '');
  if (!title && !text) return { reason: 'The hit has neither a title nor any text' };
  const counts = [h.points, h.num_comments].filter((n): n is number => n != null);
  return {
    id: h.objectID,
    time: Math.floor(ms / 1000),
    mention: {
      externalKey: `id:${h.objectID}`,
      url: `https://news.ycombinator.com/item?id=${encodeURIComponent(h.objectID)}`,
      author: h.author ? stripHtml(h.author, MAX_AUTHOR) || null : null,
      title,
      text,
      publishedAt: ms,
      languageHint: null, // Algolia gives none; the analyser detects it
      // Karma needs one request per user (no batch endpoint), so reach is left unknown.
      authorReach: null,
      engagement: counts.length ? counts.reduce((a, b) => a + b, 0) : null,
    },
  };
}

function readCursor(v: unknown): Cursor | null {
  const parsed = cursorSchema.safeParse(v);
  return parsed.success ? parsed.data : null;
}

/**
 * `overlap` has met every readable hit of this poll. A poll that did not finish its window (page cap, quota) leaves
 * the rest as a gap below the oldest hit it read — except on the first poll, which does not go back into history.
 */
function nextCursor(cursor: Cursor | null, overlap: OverlapWindow, finished: boolean, after: number | null): Cursor | null {
  const next: Cursor | null = overlap.next();
  const oldest = overlap.oldest();
  // Hits at the oldest second read may continue on the next page: `upTo` is inclusive, and repeats are harmless.
  if (next && !finished && cursor && after !== null && oldest !== null) next.gap = { after, upTo: oldest };
  return next;
}
