// Reddit posts matching a search, in chosen subreddits or both, read with app-only OAuth (client credentials).
// Listings come newest first; each poll walks down from the top with `after` until it reaches what it has seen.
import { z } from 'zod';
import { SourceFetchError } from '../core/ingest/fetch-errors.ts';
import type { FetchFeedResult } from '../core/ingest/fetch-feed.ts';
import { stripHtml, truncate } from '../core/ingest/strip-html.ts';
import type { IncomingMention } from '../core/ingest/incoming-mention.ts';
import { assertAnswered, bearerGet, httpBaseUrl, optionalLookup, parseJsonAs, parseJsonBody, plainTextKeepingLineBreaks, quotaSpent } from './common.ts';
import { OverlapWindow, overlapStateShape } from './overlap-window.ts';
import type { PollResult, SourceAdapter, SourceFetch } from './types.ts';

const DEFAULT_API_BASE = 'https://oauth.reddit.com';
const DEFAULT_AUTH_BASE = 'https://www.reddit.com';
/** Links to posts always point at the public site, whatever host the API is read from. */
const SITE = 'https://www.reddit.com';
/** Reddit's largest page; also the most account ids one karma lookup takes. */
const PAGE_SIZE = 100;
/** Search indexes a post a little after it is made: each poll reads this far below the newest (see overlap-window.ts). */
const OVERLAP_MS = 10 * 60_000;
const MAX_TITLE = 1_000;
const MAX_AUTHOR = 200;
const MAX_SUBREDDITS = 50;

const subreddit = z
  .string()
  .trim()
  // People paste "r/Sverige" or "/r/Sverige"; the name is what follows.
  .transform((s) => s.replace(/^\/?r\//i, ''))
  .pipe(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_]{1,20}$/, 'a subreddit name is 2–21 letters, digits or underscores, such as Sverige'));

export const redditConfig = z
  .object({
    query: z.string().trim().min(1, 'query must not be empty').max(512, 'query must be at most 512 characters').optional(),
    subreddits: z
      .array(subreddit, { error: 'subreddits must be a list of subreddit names' })
      .min(1, 'subreddits must name at least one subreddit')
      .max(MAX_SUBREDDITS, `subreddits may name at most ${MAX_SUBREDDITS} subreddits`)
      .optional(),
    client_id: z.string({ error: 'client_id is required (the id of your Reddit "script" or "web" app)' }).trim().min(1, 'client_id must not be empty'),
    client_secret: z.string({ error: 'client_secret is required (the secret of your Reddit app)' }).trim().min(1, 'client_secret must not be empty'),
    api_base: httpBaseUrl('api_base').default(DEFAULT_API_BASE),
    auth_base: httpBaseUrl('auth_base').default(DEFAULT_AUTH_BASE),
  })
  .strict()
  .refine((c) => c.query !== undefined || c.subreddits !== undefined, {
    message: 'give a search query, a list of subreddits, or both',
    path: ['query'],
  });
export type RedditConfig = z.infer<typeof redditConfig>;

/** What the adapter remembers between polls (epoch ms; no tokens). */
const cursorSchema = z.object({
  /** Which listing this is about: a changed query or subreddit list starts afresh. */
  listing: z.string(),
  /** The newest `created_utc` read, and fullname → created time of the posts the next poll may meet again. */
  ...overlapStateShape,
  /**
   * A walk down the listing that a poll could not finish (page cap or quota): the next poll carries on `after` this
   * post until it reaches `floor`, before it looks at the top again, so a burst of posts is not lost.
   */
  walk: z.object({ after: z.string(), floor: z.number() }).optional(),
});
type Cursor = z.infer<typeof cursorSchema>;

const tokenSchema = z.object({ access_token: z.string().min(1) });

const listingSchema = z.object({
  kind: z.literal('Listing'),
  data: z.object({ after: z.string().nullish(), children: z.array(z.unknown()) }),
});

// Optional fields fall back to null rather than failing the post: one odd field should not lose a mention.
const nullableString = z.string().nullish().catch(null);
const postSchema = z.object({
  kind: z.literal('t3'),
  data: z.object({
    name: z.string().regex(/^t3_[a-z0-9]+$/),
    title: z.string(),
    created_utc: z.number().positive(),
    permalink: z.string().regex(/^\/[^/]/),
    selftext: nullableString,
    author: nullableString,
    author_fullname: nullableString,
    score: z.number().int().nullish().catch(null),
    num_comments: z.number().int().nonnegative().nullish().catch(null),
  }),
});

/** Why a post was skipped, by the first field that failed (never the post's content). */
const SKIP_REASONS: Record<string, string> = {
  kind: 'The item is not a post (only posts are read)',
  name: 'The post has no fullname (name)',
  title: 'The post has no title',
  created_utc: 'The post has no creation time',
  permalink: 'The post has no permalink',
};

// user_data_by_account_ids answers { "t2_…": { name, link_karma, comment_karma, … } }.
const accountsSchema = z.record(z.string(), z.unknown());
const accountSchema = z.object({ link_karma: z.number().int(), comment_karma: z.number().int() });

export const redditAdapter: SourceAdapter<RedditConfig> = {
  kind: 'reddit',
  title: 'Reddit search or subreddits',
  url: 'none',
  config: redditConfig,
  secrets: ['client_id', 'client_secret'],
  async poll({ config, state, fetch, maxPages }) {
    const listing = listingPath(config);
    const cursor = readCursor(state.cursor, listing);
    const get = authorizedGet(fetch, config);
    const overlap = new OverlapWindow(cursor, OVERLAP_MS); // fullname → created time of posts at or above the floor
    // First poll: the newest pages only (no history beyond the cap). Later: an unfinished walk if there is one,
    // else from the top down to OVERLAP_MS below the newest post seen.
    let after = cursor?.walk?.after ?? null;
    const floor = cursor?.walk?.floor ?? overlap.from;

    const entries: IncomingMention[] = [];
    const skipped: PollResult['skipped'] = [];
    let index = 0;
    let finished = false;
    for (let page = 0; page < maxPages; page++) {
      const fetched = await get(listingUrl(config, listing, after));
      const body = readJson(fetched, listingSchema, 'Reddit answered JSON that is not a listing of posts');

      const fresh: Post[] = [];
      let reachedFloor = false;
      let readable = 0;
      for (const raw of body.data.children) {
        const post = readPost(raw);
        if ('reason' in post) skipped.push({ index, reason: post.reason });
        else if (floor !== null && post.time < floor) reachedFloor = true;
        else {
          readable++;
          if (overlap.meet(post.name, post.time)) fresh.push(post);
        }
        index++;
      }
      let quotaLeft = !quotaSpent(fetched);
      if (fresh.length > 0 && quotaLeft) {
        const karma = await readKarma(get, config, fresh);
        quotaLeft = karma.quotaLeft;
        for (const p of fresh) p.mention.authorReach = p.accountId ? (karma.byId.get(p.accountId) ?? null) : null;
      }
      entries.push(...fresh.map((p) => p.mention));

      after = body.data.after ?? null;
      // Newest first: below the floor, past the end of the listing, or on a page of posts already delivered, there
      // is nothing new left.
      if (reachedFloor || !after || body.data.children.length === 0 || (readable > 0 && fresh.length === 0)) {
        finished = true;
        break;
      }
      // Out of quota: stop here; the rest of the walk is kept for the next poll.
      if (!quotaLeft) break;
    }

    return {
      entries,
      skipped,
      state: { etag: null, lastModified: null, cursor: nextCursor(listing, cursor, overlap, finished ? null : after, floor) },
      notModified: entries.length === 0 && skipped.length === 0,
    };
  },
};

/** `/search.json`, `/r/a+b/search.json` (search restricted to those subreddits) or `/r/a+b/new.json`. */
function listingPath(config: RedditConfig): string {
  // Reddit reads several subreddits as one listing when their names are joined with "+".
  const subs = config.subreddits ? [...new Set(config.subreddits.map((s) => s.toLowerCase()))].sort().join('+') : null;
  if (!config.query) return `/r/${subs}/new.json`;
  const params = new URLSearchParams({ q: config.query, sort: 'new', type: 'link' });
  if (subs) params.set('restrict_sr', '1');
  return `${subs ? `/r/${subs}` : ''}/search.json?${params}`;
}

function listingUrl(config: RedditConfig, listing: string, after: string | null): string {
  // raw_json is not asked for: Reddit's JSON then escapes <, > and & in text, and stripHtml decodes them once.
  const url = new URL(config.api_base + listing);
  url.searchParams.set('limit', String(PAGE_SIZE));
  if (after) url.searchParams.set('after', after);
  return url.href;
}

/**
 * GETs with a bearer token, signing in on first use. A 401 means the token was refused (expired or revoked):
 * sign in again once and retry that request.
 */
function authorizedGet(fetch: SourceFetch, config: RedditConfig) {
  return bearerGet(
    fetch,
    () => requestToken(fetch, config),
    (e) => e.status === 401,
  );
}

const credentialsRefused = (status?: number) => new SourceFetchError('HTTP_CLIENT_ERROR', 'Reddit refused the app credentials; check client_id and client_secret', { status });

/** App-only OAuth: client id and secret as HTTP Basic auth, grant_type=client_credentials as a form. */
async function requestToken(fetch: SourceFetch, config: RedditConfig): Promise<string> {
  let fetched: FetchFeedResult;
  try {
    fetched = await fetch(`${config.auth_base}/api/v1/access_token`, {
      accept: 'application/json',
      headers: { authorization: `Basic ${base64(`${config.client_id}:${config.client_secret}`)}` },
      post: { form: { grant_type: 'client_credentials' } },
    });
  } catch (e) {
    if (e instanceof SourceFetchError && (e.status === 400 || e.status === 401 || e.status === 403)) throw credentialsRefused(e.status);
    throw e;
  }
  const json = parseJson(fetched);
  const parsed = tokenSchema.safeParse(json);
  if (parsed.success) return parsed.data.access_token;
  // Reddit sometimes answers 200 with { "error": "invalid_grant" } or { "error": 401 } instead of a status.
  if (json && typeof json === 'object' && 'error' in json) throw credentialsRefused();
  throw new SourceFetchError('PARSE_ERROR', 'Reddit answered the token request without an access token');
}

/** UTF-8 safe base64 without Buffer (the same code runs on Workers). */
function base64(s: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(s)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

const NOT_JSON = 'Reddit answered with something that is not JSON';

function parseJson(fetched: FetchFeedResult): unknown {
  assertAnswered(fetched, 'Reddit');
  return parseJsonBody(fetched.body, NOT_JSON);
}

/** The answer's JSON in the shape of `schema`; `wrongShape` is the message when it is JSON of another shape. */
function readJson<T>(fetched: FetchFeedResult, schema: z.ZodType<T>, wrongShape: string): T {
  assertAnswered(fetched, 'Reddit');
  return parseJsonAs(fetched.body, schema, NOT_JSON, wrongShape);
}

interface Post {
  name: string;
  time: number;
  accountId: string | null;
  mention: IncomingMention;
}

function readPost(raw: unknown): Post | { reason: string } {
  const parsed = postSchema.safeParse(raw);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.at(-1);
    return { reason: SKIP_REASONS[String(field)] ?? 'The post is not in the shape Reddit uses' };
  }
  const p = parsed.data.data;
  const time = Math.round(p.created_utc * 1000);
  const title = truncate(stripHtml(p.title).replace(/\s+/g, ' '), MAX_TITLE);
  if (!title) return { reason: SKIP_REASONS.title! };
  // A removed or deleted post keeps its title; the body placeholder says nothing about anyone.
  const body = p.selftext === '[removed]' || p.selftext === '[deleted]' ? '' : (p.selftext ?? '');
  const author = p.author && p.author !== '[deleted]' ? truncate(p.author.trim(), MAX_AUTHOR) || null : null;
  const counts = [p.score === null || p.score === undefined ? null : Math.max(0, p.score), p.num_comments].filter((n): n is number => n != null);
  return {
    name: p.name,
    time,
    accountId: author && p.author_fullname?.startsWith('t2_') ? p.author_fullname : null,
    mention: {
      externalKey: `id:${p.name}`,
      url: SITE + p.permalink,
      author,
      title,
      // Selftext is Markdown whose <, > and & Reddit sends as entities; one pass of stripHtml decodes them.
      text: plainTextKeepingLineBreaks(body),
      publishedAt: time,
      languageHint: null, // Reddit gives none; the analyser detects it
      authorReach: null, // filled in from the page's karma lookup
      engagement: counts.length ? counts.reduce((a, b) => a + b, 0) : null,
    },
  };
}

/**
 * Karma is not in the listing: one lookup per page for every author on it (`/api/user_data_by_account_ids`, up to
 * 100 account ids). Reach is link plus comment karma. The lookup is an extra: if it is refused for good or answers
 * oddly, reach stays unknown and the posts are kept.
 */
async function readKarma(get: (url: string) => Promise<FetchFeedResult>, config: RedditConfig, posts: Post[]) {
  const byId = new Map<string, number>();
  const ids = [...new Set(posts.map((p) => p.accountId).filter((id): id is string => id !== null))];
  if (ids.length === 0) return { byId, quotaLeft: true };
  const { value: accounts, quotaLeft } = await optionalLookup(get, `${config.api_base}/api/user_data_by_account_ids?${new URLSearchParams({ ids: ids.join(',') })}`, (fetched) =>
    readJson(fetched, accountsSchema, 'Reddit answered JSON that is not a list of accounts'),
  );
  for (const id of ids) {
    const account = accountSchema.safeParse(accounts?.[id]);
    if (account.success) byId.set(id, Math.max(0, account.data.link_karma + account.data.comment_karma));
  }
  return { byId, quotaLeft };
}

function readCursor(v: unknown, listing: string): Cursor | null {
  const parsed = cursorSchema.safeParse(v);
  return parsed.success && parsed.data.listing === listing ? parsed.data : null;
}

/**
 * A poll that did not finish its walk keeps where it stopped — except on the first poll, which does not go back
 * into history.
 */
function nextCursor(listing: string, cursor: Cursor | null, overlap: OverlapWindow, unfinishedAfter: string | null, floor: number | null): Cursor | null {
  const walk = unfinishedAfter && cursor && floor !== null ? { after: unfinishedAfter, floor } : undefined;
  // Remember, besides the posts near the top, those the next poll may meet again while a walk is unfinished: just
  // above its floor (the overlap of the poll before it).
  const next = overlap.next(walk && ((t) => t <= walk.floor + OVERLAP_MS));
  return next && { listing, ...next, ...(walk && { walk }) };
}
