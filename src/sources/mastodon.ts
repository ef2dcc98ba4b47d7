// Mastodon: the public hashtag timelines of one instance (the reliable part) and, optionally, its full-text search
// (limited: only posts of accounts that opted into search, and only on instances that run Elasticsearch).
import { z } from 'zod';
import { SourceFetchError } from '../core/ingest/fetch-errors.ts';
import { language, parseDate } from '../core/ingest/parse-feed.ts';
import { stripHtml, truncate } from '../core/ingest/strip-html.ts';
import type { IncomingMention } from '../core/ingest/incoming-mention.ts';
import { httpAddress, isHttpUrl, parseJsonBody, quotaSpent } from './common.ts';
import type { PollResult, SourceAdapter, SourceFetch } from './types.ts';

/** The most statuses a tag timeline or a search returns per request. */
const PAGE_SIZE = 40;
/** Each hashtag costs at least one request per poll. */
const MAX_HASHTAGS = 10;

const instance = httpAddress('The instance must be an address starting with https://, such as https://mastodon.social')
  // The API lives at the root of the instance; a pasted profile or post address still names the right server.
  .transform((s) => new URL(s).origin);

const hashtag = z
  .string()
  .trim()
  .transform((s) => s.replace(/^#/, '').toLowerCase())
  .pipe(z.string().regex(/^[\p{L}\p{N}_]{1,100}$/u, 'A hashtag is letters, digits and underscores, written without the #'));

const configSchema = z
  .object({
    instance,
    hashtags: z
      .array(hashtag)
      .max(MAX_HASHTAGS, `At most ${MAX_HASHTAGS} hashtags per source; add another source for more`)
      .default([])
      .transform((tags) => [...new Set(tags)]),
    query: z.string().trim().min(1, 'The search query must not be empty').max(200, 'The search query is too long').optional(),
    access_token: z.string().trim().min(1, 'The access token must not be empty').optional(),
  })
  .strict()
  .refine((c) => c.hashtags.length > 0 || c.query !== undefined, { message: 'Give at least one hashtag or a search query', path: ['hashtags'] });

export type MastodonConfig = z.output<typeof configSchema>;

/**
 * Per stream ("#tag" or "?query"), the newest status id read so far. `turn` is the stream the next poll starts
 * with, so that with more streams than pages per poll each one still gets its turn.
 */
const cursorSchema = z.object({
  newest: z.record(z.string(), z.string()).catch({}),
  turn: z.number().int().nonnegative().catch(0),
});
type Cursor = z.output<typeof cursorSchema>;

const count = z.number().int().nonnegative().nullish().catch(null);
const statusSchema = z.object({
  id: z.string().min(1),
  uri: z.string().min(1),
  url: z.string().nullish(),
  created_at: z.string(),
  content: z.string(),
  spoiler_text: z.string().nullish(),
  language: z.string().nullish(),
  replies_count: count,
  reblogs_count: count,
  favourites_count: count,
  quotes_count: count,
  account: z.object({ acct: z.string().min(1), followers_count: count }),
});
const withId = z.object({ id: z.string().min(1) });

interface Stream {
  key: string;
  /** The first request of this poll. */
  url: string;
  /** Search results cannot be paged without a user token (`offset`), so a search reads one page per poll. */
  search: boolean;
  /** Reading forward from a known id (min_id), or — the first time — backwards from the newest (max_id). */
  forward: boolean;
}

export const mastodonAdapter: SourceAdapter<MastodonConfig> = {
  kind: 'mastodon',
  title: 'Mastodon hashtags',
  url: 'none',
  config: configSchema,
  secrets: ['access_token'],
  async poll({ config, state, fetch, maxPages }) {
    const cursor = readCursor(state.cursor);
    const streams = streamsOf(config, cursor);
    const start = cursor.turn % streams.length;
    const queue = [...streams.slice(start), ...streams.slice(0, start)].map((stream) => ({ stream, url: stream.url }));
    const newest: Record<string, string> = {};
    for (const s of streams) if (cursor.newest[s.key]) newest[s.key] = cursor.newest[s.key];

    const entries: IncomingMention[] = [];
    const skipped: PollResult['skipped'] = [];
    const keys = new Set<string>();
    let index = 0;
    let pages = 0;
    const firstPages = new Set<string>();
    while (queue.length > 0 && pages < maxPages) {
      const { stream, url } = queue.shift()!;
      const { items, headers } = await readPage(fetch, url, config.access_token, stream.search);
      pages++;
      firstPages.add(stream.key);

      const since = cursor.newest[stream.key];
      let fresh = 0;
      for (const raw of items) {
        const at = index++;
        const id = withId.safeParse(raw).data?.id;
        // min_id already leaves out what we have; this also covers servers that ignore it.
        if (id && since && !newer(id, since)) continue;
        fresh++;
        if (id && (!newest[stream.key] || newer(id, newest[stream.key]))) newest[stream.key] = id;
        const m = toMention(raw);
        if ('reason' in m) skipped.push({ index: at, reason: m.reason });
        else if (!keys.has(m.externalKey)) {
          // One post can carry several of the hashtags.
          keys.add(m.externalKey);
          entries.push(m);
        }
      }

      if (quotaSpent(headers)) break;
      // A short page means we have caught up (forward) or reached the end of the timeline (backwards).
      if (stream.search || fresh === 0 || items.length < PAGE_SIZE) continue;
      const next = nextUrl(headers.get('link'), stream, url, items, config.instance);
      if (next) queue.push({ stream, url: next });
    }

    const turn = streams.length ? (start + firstPages.size) % streams.length : 0;
    return {
      entries,
      skipped,
      state: { etag: null, lastModified: null, cursor: { newest, turn } satisfies Cursor },
      notModified: entries.length === 0 && skipped.length === 0,
    };
  },
};

function streamsOf(config: MastodonConfig, cursor: Cursor): Stream[] {
  const streams: Stream[] = config.hashtags.map((tag) => {
    const since = cursor.newest[`#${tag}`];
    const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (since) params.set('min_id', since);
    return { key: `#${tag}`, url: `${config.instance}/api/v1/timelines/tag/${encodeURIComponent(tag)}?${params}`, search: false, forward: !!since };
  });
  if (config.query) {
    const since = cursor.newest[`?${config.query}`];
    const params = new URLSearchParams({ q: config.query, type: 'statuses', limit: String(PAGE_SIZE) });
    if (since) params.set('min_id', since);
    streams.push({ key: `?${config.query}`, url: `${config.instance}/api/v2/search?${params}`, search: true, forward: !!since });
  }
  return streams;
}

function readCursor(raw: unknown): Cursor {
  const c = cursorSchema.safeParse(raw);
  return c.success ? c.data : { newest: {}, turn: 0 };
}

async function readPage(fetch: SourceFetch, url: string, token: string | undefined, search: boolean) {
  let res;
  try {
    res = await fetch(url, { accept: 'application/json', headers: token ? { authorization: `Bearer ${token}` } : undefined });
  } catch (e) {
    throw explainAuth(e, token !== undefined);
  }
  if (res.status !== 'ok') return { items: [], headers: new Headers() }; // no conditional headers are sent
  const body = parseJsonBody(res.body, 'The Mastodon instance did not answer with JSON');
  // A tag timeline is an array of statuses; a search is {accounts, statuses, hashtags}.
  const items = search ? (body as { statuses?: unknown } | null)?.statuses : body;
  if (!Array.isArray(items)) {
    throw new SourceFetchError('PARSE_ERROR', search ? 'The Mastodon search answer has no list of posts' : 'The Mastodon instance did not answer with a list of posts');
  }
  return { items: items as unknown[], headers: res.headers };
}

/** Static tokens cannot be renewed, so a refusal is a settings problem: say which one. */
function explainAuth(e: unknown, hasToken: boolean): unknown {
  if (!(e instanceof SourceFetchError) || (e.status !== 401 && e.status !== 403)) return e;
  const message = hasToken
    ? `The Mastodon instance refused the access token (${e.status}); check that it is valid and has the read:statuses scope`
    : `The Mastodon instance wants an access token for this (${e.status}); add one with the read:statuses scope`;
  return new SourceFetchError('HTTP_CLIENT_ERROR', message, { status: e.status, cause: e });
}

/**
 * The next page: the Link header as the API documents it ("prev" = newer, "next" = older), or, when it is missing or
 * points elsewhere, the same request with min_id/max_id set from this page's ids.
 */
function nextUrl(link: string | null, stream: Stream, current: string, items: unknown[], origin: string): string | null {
  const rel = stream.forward ? 'prev' : 'next';
  for (const m of (link ?? '').matchAll(/<([^>]*)>\s*;\s*rel="?([a-z]+)"?/gi)) {
    if (m[2].toLowerCase() === rel && isHttpUrl(m[1]) && new URL(m[1]).origin === origin) return m[1];
  }
  const ids = items.map((i) => withId.safeParse(i).data?.id).filter((id): id is string => !!id);
  if (ids.length === 0) return null;
  const edge = ids.reduce((a, b) => (newer(b, a) === stream.forward ? b : a));
  const url = new URL(current);
  url.searchParams.delete('min_id');
  url.searchParams.delete('max_id');
  url.searchParams.set(stream.forward ? 'min_id' : 'max_id', edge);
  return url.href;
}

/** Status ids are strings that sort by length, then character by character (snowflakes and flake ids alike). */
function newer(a: string, b: string): boolean {
  return a.length !== b.length ? a.length > b.length : a > b;
}

function toMention(raw: unknown): IncomingMention | { reason: string } {
  const p = statusSchema.safeParse(raw);
  if (!p.success) return { reason: `not a readable post (${p.error.issues[0]?.path.join('.') || 'item'} is missing or not valid)` };
  const s = p.data;
  const text = stripHtml(s.content);
  // A content warning is the post's own headline; it is plain text.
  const title = s.spoiler_text?.trim() ? truncate(s.spoiler_text.trim(), 1_000) : null;
  if (!text && !title) return { reason: 'the post has no text' };
  const counts = [s.favourites_count, s.reblogs_count, s.replies_count, s.quotes_count];
  return {
    // The uri is the post's ActivityPub id: the same on every instance, unlike `id`, and kept through edits.
    externalKey: `id:${s.uri}`,
    url: [s.url, s.uri].find((u): u is string => !!u && isHttpUrl(u)) ?? null,
    author: s.account.acct,
    title,
    text,
    publishedAt: parseDate(s.created_at),
    languageHint: language(s.language),
    authorReach: s.account.followers_count ?? null,
    engagement: counts.some((c) => c != null) ? counts.reduce<number>((sum, c) => sum + (c ?? 0), 0) : null,
  };
}
