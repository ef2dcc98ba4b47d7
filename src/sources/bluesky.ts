// Bluesky posts matching a search (app.bsky.feed.searchPosts, newest first), read with an app-password session:
// searching needs a signed-in account. Each poll asks only for posts since the newest one it has seen.
import { z } from 'zod';
import { SourceFetchError } from '../core/ingest/fetch-errors.ts';
import type { FetchFeedResult } from '../core/ingest/fetch-feed.ts';
import { parseDate } from '../core/ingest/parse-feed.ts';
import { truncate } from '../core/ingest/strip-html.ts';
import type { IncomingMention } from '../core/ingest/incoming-mention.ts';
import { assertAnswered, bearerGet, httpBaseUrl, optionalLookup, parseJsonAs, plainTextKeepingLineBreaks, quotaSpent } from './common.ts';
import { OverlapWindow, overlapStateShape } from './overlap-window.ts';
import type { PollResult, SourceAdapter, SourceFetch } from './types.ts';

/** Signing in goes to the account's host (the bsky.social entryway for most accounts)… */
const DEFAULT_AUTH_BASE = 'https://bsky.social';
/** …and reading to the AppView, which takes the same bearer token (public.api.bsky.app refuses search). */
const DEFAULT_API_BASE = 'https://api.bsky.app';
/** getProfiles takes at most 25 actors, so a page of 25 posts needs one profile lookup at most. */
const PAGE_SIZE = 25;
/** Search indexes a post a little after it is made: each poll asks this far back again (see overlap-window.ts). */
const OVERLAP_MS = 10 * 60_000;
const MAX_AUTHOR = 200;
// at://<did>/app.bsky.feed.post/<rkey>: the record key is the last segment and names the post in its web address.
const POST_URI = /^at:\/\/(did:[a-z]+:[A-Za-z0-9._:%-]+)\/app\.bsky\.feed\.post\/([A-Za-z0-9._~:-]{1,512})$/;
const DID = /^did:[a-z]+:[A-Za-z0-9._:%-]{1,2048}$/;
/** A handle is a domain name; "handle.invalid" marks one that no longer resolves. */
const HANDLE = /^(?!handle\.invalid$)[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})+$/;

export const blueskyConfig = z
  .object({
    query: z.string({ error: 'query is required' }).trim().min(1, 'query must not be empty').max(500, 'query must be at most 500 characters'),
    identifier: z
      .string({ error: 'identifier is required (the handle of the account that searches, such as name.bsky.social)' })
      .trim()
      .transform((s) => s.replace(/^@/, ''))
      .pipe(z.string().min(3, 'identifier must be a handle such as name.bsky.social').max(253, 'identifier must be at most 253 characters')),
    // An app password (Settings → Privacy and security → App passwords) can be revoked alone, and is all we store.
    app_password: z
      .string({ error: 'app_password is required' })
      .trim()
      .regex(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/i, 'app_password must be a Bluesky app password (xxxx-xxxx-xxxx-xxxx), not the account password'),
    language: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z]{2}$/, 'language must be a two-letter language code such as sv or fi')
      .optional(),
    auth_base: httpBaseUrl('auth_base').default(DEFAULT_AUTH_BASE),
    api_base: httpBaseUrl('api_base').default(DEFAULT_API_BASE),
  })
  .strict();
export type BlueskyConfig = z.infer<typeof blueskyConfig>;

/** What the adapter remembers between polls (epoch ms; no tokens). */
const cursorSchema = z.object({
  /** Which search this is about: a changed query or language starts afresh. */
  search: z.string(),
  /** The newest post time read, and post uri → time of the posts the next poll may meet again. */
  ...overlapStateShape,
  /**
   * A window [since, until) that a poll could not finish because of the page cap or the rate limit: the next poll
   * reads it before anything newer, so nothing is lost between two polls.
   */
  gap: z.object({ since: z.number(), until: z.number() }).optional(),
});
type Cursor = z.infer<typeof cursorSchema>;

const sessionSchema = z.object({ accessJwt: z.string().min(1) });
const searchSchema = z.object({ cursor: z.string().nullish(), posts: z.array(z.unknown()) });
const profilesSchema = z.object({ profiles: z.array(z.unknown()) });
const profileSchema = z.object({ did: z.string(), followersCount: z.number().int().nonnegative() });

// Optional fields fall back to null rather than failing the post: one odd field should not lose a mention.
const nullableCount = z.number().int().nonnegative().nullish().catch(null);
const postSchema = z.object({
  uri: z.string().regex(POST_URI),
  author: z.object({ did: z.string().regex(DID), handle: z.string().nullish().catch(null) }),
  record: z.object({
    text: z.string(),
    createdAt: z.string().nullish().catch(null),
    langs: z.array(z.string()).nullish().catch(null),
  }),
  indexedAt: z.string().nullish().catch(null),
  likeCount: nullableCount,
  repostCount: nullableCount,
  replyCount: nullableCount,
  quoteCount: nullableCount,
});

/** Why a post was skipped, by the first field that failed (never the post's content). */
const SKIP_REASONS: Record<string, string> = {
  uri: 'The post has no valid at:// address (uri)',
  author: 'The post has no author',
  did: 'The post has no author',
  record: 'The post has no record',
  text: 'The post has no text',
};

export const blueskyAdapter: SourceAdapter<BlueskyConfig> = {
  kind: 'bluesky',
  title: 'Bluesky search',
  url: 'none',
  config: blueskyConfig,
  secrets: ['app_password'],
  async poll({ config, state, fetch, maxPages }) {
    const search = JSON.stringify([config.query, config.language ?? null]);
    const cursor = readCursor(state.cursor, search);
    const get = authorizedGet(fetch, config);
    const overlap = new OverlapWindow(cursor, OVERLAP_MS); // keyed by post uri
    // First poll: the newest pages only (no history beyond the cap). Later: the unfinished window if there is
    // one, else everything since the newest post seen, looking OVERLAP_MS back for late-indexed posts.
    const since = cursor?.gap?.since ?? overlap.from;
    const until = cursor?.gap?.until ?? null;

    const entries: IncomingMention[] = [];
    const skipped: PollResult['skipped'] = [];
    let index = 0;
    let finished = false;
    let page: string | null = null; // searchPosts' own cursor, within this poll only
    for (let n = 0; n < maxPages; n++) {
      const fetched = await get(searchUrl(config, since, until, page));
      const body = readJson(fetched, searchSchema, 'Bluesky answered JSON that is not a list of posts');

      const fresh: Post[] = [];
      let readable = 0;
      for (const raw of body.posts) {
        const post = readPost(raw);
        if ('reason' in post) skipped.push({ index, reason: post.reason });
        else {
          readable++;
          if (overlap.meet(post.uri, post.time)) fresh.push(post);
        }
        index++;
      }
      let quotaLeft = !quotaSpent(fetched);
      if (fresh.length > 0 && quotaLeft) {
        const reach = await readFollowers(get, config, fresh);
        quotaLeft = reach.quotaLeft;
        for (const p of fresh) p.mention.authorReach = reach.byDid.get(p.did) ?? null;
      }
      entries.push(...fresh.map((p) => p.mention));

      page = body.cursor ?? null;
      // Newest first: past the last page, or on a page of posts already delivered, there is nothing newer left.
      if (!page || body.posts.length === 0 || (readable > 0 && fresh.length === 0)) {
        finished = true;
        break;
      }
      // Out of quota: stop here; the window not read is kept as a gap for the next poll.
      if (!quotaLeft) break;
    }

    return {
      entries,
      skipped,
      state: { etag: null, lastModified: null, cursor: nextCursor(search, cursor, overlap, finished, since) },
      notModified: entries.length === 0 && skipped.length === 0,
    };
  },
};

function searchUrl(config: BlueskyConfig, since: number | null, until: number | null, cursor: string | null): string {
  const params = new URLSearchParams({ q: config.query, sort: 'latest', limit: String(PAGE_SIZE) });
  if (config.language) params.set('lang', config.language);
  // `since` is inclusive and `until` exclusive; both compare with the post's sort time.
  if (since !== null) params.set('since', new Date(since).toISOString());
  if (until !== null) params.set('until', new Date(until).toISOString());
  if (cursor) params.set('cursor', cursor);
  return `${config.api_base}/xrpc/app.bsky.feed.searchPosts?${params}`;
}

/**
 * GETs with the session's bearer token, signing in on first use. A 401, or a 400 "ExpiredToken" (how a PDS says
 * it), means the token was refused: sign in again once and retry that request.
 */
function authorizedGet(fetch: SourceFetch, config: BlueskyConfig) {
  return bearerGet(
    fetch,
    () => createSession(fetch, config),
    (e) => e.status === 401 || e.reason === 'ExpiredToken',
  );
}

/** com.atproto.server.createSession with the handle and app password; the access token lives for this poll only. */
async function createSession(fetch: SourceFetch, config: BlueskyConfig): Promise<string> {
  let fetched: FetchFeedResult;
  try {
    fetched = await fetch(`${config.auth_base}/xrpc/com.atproto.server.createSession`, {
      accept: 'application/json',
      post: { json: { identifier: config.identifier, password: config.app_password } },
    });
  } catch (e) {
    // A wrong password is 401 AuthenticationRequired; a suspended or unknown account is 400 with an error name.
    if (e instanceof SourceFetchError && (e.status === 400 || e.status === 401)) {
      throw new SourceFetchError('HTTP_CLIENT_ERROR', 'Bluesky refused to sign in; check identifier and app_password', { status: e.status });
    }
    throw e;
  }
  return readJson(fetched, sessionSchema, 'Bluesky answered the sign-in without an access token').accessJwt;
}

/** The answer's JSON in the shape of `schema`; `wrongShape` is the message when it is JSON of another shape. */
function readJson<T>(fetched: FetchFeedResult, schema: z.ZodType<T>, wrongShape: string): T {
  assertAnswered(fetched, 'Bluesky');
  return parseJsonAs(fetched.body, schema, 'Bluesky answered with something that is not JSON', wrongShape);
}

interface Post {
  uri: string;
  did: string;
  time: number;
  mention: IncomingMention;
}

function readPost(raw: unknown): Post | { reason: string } {
  const parsed = postSchema.safeParse(raw);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.at(-1);
    return { reason: SKIP_REASONS[String(field)] ?? 'The post is not in the shape Bluesky uses' };
  }
  const p = parsed.data;
  // The sort time search uses: the author's createdAt, unless it is later than indexing (a clock ahead, or a
  // post dated in the future to stay on top).
  const times = [parseDate(p.record.createdAt ?? null), parseDate(p.indexedAt ?? null)].filter((t): t is number => t !== null);
  if (times.length === 0) return { reason: 'The post has no readable date' };
  const time = Math.min(...times);
  // Post text is plain already; its line breaks mean something.
  const text = plainTextKeepingLineBreaks(p.record.text);
  if (!text) return { reason: 'The post has no text (images or a quote only)' };
  const rkey = POST_URI.exec(p.uri)![2]!;
  // An account whose handle no longer resolves shows as "handle.invalid"; its DID still addresses it. Both are
  // checked to be path-safe, so the web address needs no escaping.
  const handle = p.author.handle && HANDLE.test(p.author.handle) ? p.author.handle.toLowerCase() : null;
  const counts = [p.likeCount, p.repostCount, p.replyCount, p.quoteCount].filter((n): n is number => n != null);
  return {
    uri: p.uri,
    did: p.author.did,
    time,
    mention: {
      externalKey: `id:${p.uri}`,
      url: `https://bsky.app/profile/${handle ?? p.author.did}/post/${rkey}`,
      author: truncate(handle ?? p.author.did, MAX_AUTHOR),
      title: null,
      text,
      publishedAt: time,
      languageHint: languageOf(p.record.langs?.[0]),
      authorReach: null, // filled in from the page's profile lookup
      engagement: counts.length ? counts.reduce((a, b) => a + b, 0) : null,
    },
  };
}

/** The author's first declared language as ISO 639-1 ("pt-BR" → "pt"); three-letter codes are not 639-1. */
function languageOf(tag: string | undefined): string | null {
  const primary = tag?.trim().split(/[-_]/)[0]?.toLowerCase();
  return primary && /^[a-z]{2}$/.test(primary) ? primary : null;
}

/**
 * Follower counts are not in search results: one app.bsky.actor.getProfiles call per page for its authors (a page
 * has at most 25). The lookup is an extra: if it is refused for good or answers oddly, reach stays unknown and the
 * posts are kept; passing trouble (rate limit, outage) fails the poll so the next one reads them with their reach.
 */
async function readFollowers(get: (url: string) => Promise<FetchFeedResult>, config: BlueskyConfig, posts: Post[]) {
  const byDid = new Map<string, number>();
  const dids = [...new Set(posts.map((p) => p.did))].slice(0, PAGE_SIZE);
  const params = new URLSearchParams();
  for (const did of dids) params.append('actors', did);
  const { value: profiles, quotaLeft } = await optionalLookup(
    get,
    `${config.api_base}/xrpc/app.bsky.actor.getProfiles?${params}`,
    (fetched) => readJson(fetched, profilesSchema, 'Bluesky answered JSON that is not a list of profiles').profiles,
  );
  for (const raw of profiles ?? []) {
    const profile = profileSchema.safeParse(raw);
    if (profile.success) byDid.set(profile.data.did, profile.data.followersCount);
  }
  return { byDid, quotaLeft };
}

function readCursor(v: unknown, search: string): Cursor | null {
  const parsed = cursorSchema.safeParse(v);
  return parsed.success && parsed.data.search === search ? parsed.data : null;
}

/**
 * `overlap` has met every readable post of this poll. A poll that did not finish its window (page cap, quota) leaves
 * the rest as a gap below the oldest post it read — except on the first poll, which does not go back into history.
 */
function nextCursor(search: string, cursor: Cursor | null, overlap: OverlapWindow, finished: boolean, since: number | null): Cursor | null {
  const oldest = overlap.oldest();
  // Posts at the oldest instant read may continue on the next page: `until` excludes, so reach 1 ms past it.
  const gap = !finished && cursor && since !== null && oldest !== null ? { since, until: oldest + 1 } : undefined;
  // Remember, besides the posts near the top, those the next poll may meet again while a gap is open: at its
  // edges (the overlap of the poll before it, and the oldest instant read).
  const next = overlap.next(gap && ((t) => t <= gap.since + OVERLAP_MS || t === gap.until - 1));
  return next && { search, ...next, ...(gap && { gap }) };
}
