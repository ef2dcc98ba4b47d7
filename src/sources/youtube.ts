// YouTube Data API v3: the comment threads (top-level comments) of chosen videos, or of everything on one channel,
// read with a (free) API key, newest first.
import { z } from 'zod';
import { SourceFetchError } from '../core/ingest/fetch-errors.ts';
import { parseDate } from '../core/ingest/parse-feed.ts';
import { DEFAULT_MAX_TEXT_LENGTH, stripHtml, truncate } from '../core/ingest/strip-html.ts';
import type { IncomingMention } from '../core/ingest/incoming-mention.ts';
import { httpAddress, parseJsonBody, raiseWatermark, watermarkCovers, watermarkSchema, withoutTrailingSlashes } from './common.ts';
import type { PollResult, SourceAdapter, SourceFetch } from './types.ts';
import { DAY_MS } from '../core/time/durations.ts';
import { zonedParts } from '../core/time/zones.ts';

const DEFAULT_API_BASE = 'https://www.googleapis.com/youtube/v3';
/**
 * Threads per page. The API allows 100, but channels.list takes at most 50 ids, and one reach lookup per page
 * should cover every author on it.
 */
const PAGE_SIZE = 50;
/** Each video costs at least one request (one quota unit) per poll. */
const MAX_VIDEOS = 10;

const configSchema = z
  .object({
    video_ids: z
      .array(
        z
          .string()
          .trim()
          .regex(/^[A-Za-z0-9_-]{11}$/, 'A video id is the 11 characters after v= in the video address'),
      )
      .min(1, 'Give at least one video id, or a channel id instead')
      .max(MAX_VIDEOS, `At most ${MAX_VIDEOS} videos per source; add another source for more`)
      .transform((ids) => [...new Set(ids)])
      .optional(),
    channel_id: z
      .string()
      .trim()
      .regex(/^UC[A-Za-z0-9_-]{22}$/, 'A channel id starts with UC and is 24 characters long')
      .optional(),
    api_key: z.string().trim().min(1, 'The YouTube API key is required'),
    api_base: httpAddress('The API address must start with https://').transform(withoutTrailingSlashes).default(DEFAULT_API_BASE),
  })
  .strict()
  .refine((c) => (c.video_ids === undefined) !== (c.channel_id === undefined), {
    message: 'Give either video_ids or a channel_id (one of the two)',
    path: ['video_ids'],
  });

export type YoutubeConfig = z.output<typeof configSchema>;

/**
 * Watermarks are a thread time and the ids sharing it (times are whole seconds and can tie). Per stream
 * ("v:<videoId>" or "c:<channelId>"): `newest`, at or before which every thread has been read, and `backlog`, a
 * sweep from the top that the page cap cut short — the page token to go on from and the newest thread that sweep
 * saw. The next poll finishes it before starting anew, so a burst of comments leaves no gap.
 */
const streamCursorSchema = z.object({
  newest: watermarkSchema.nullable(),
  backlog: z.object({ pageToken: z.string().min(1), top: watermarkSchema.nullable() }).nullable(),
});
type StreamCursor = z.output<typeof streamCursorSchema>;
/** `turn`: the stream the next poll starts with, so with more videos than pages per poll each still gets its turn. */
const cursorSchema = z.object({
  streams: z.record(z.string(), streamCursorSchema).catch({}),
  turn: z.number().int().nonnegative().catch(0),
});

const count = z.number().int().nonnegative().nullish().catch(null);
const threadSchema = z.object({
  id: z.string().min(1),
  snippet: z.object({
    videoId: z.string().nullish(),
    totalReplyCount: count,
    topLevelComment: z.object({
      id: z.string().min(1),
      snippet: z.object({
        videoId: z.string().nullish(),
        textOriginal: z.string().nullish(),
        textDisplay: z.string().nullish(),
        authorDisplayName: z.string().nullish(),
        authorChannelId: z
          .object({ value: z.string().min(1) })
          .nullish()
          .catch(null),
        likeCount: count,
        publishedAt: z.string(),
      }),
    }),
  }),
});
type Thread = z.output<typeof threadSchema>;
/** Enough of a thread to tell whether it is new, even when the rest of it cannot be read. */
const threadKey = z.object({
  id: z.string().min(1),
  snippet: z.object({ topLevelComment: z.object({ snippet: z.object({ publishedAt: z.string() }) }) }),
});
const pageSchema = z.object({
  kind: z.string().optional(),
  // An empty answer may leave out `items`.
  items: z.array(z.unknown()).optional(),
  nextPageToken: z.string().min(1).optional().catch(undefined),
});
const channelsSchema = z.object({
  items: z
    .array(
      z.object({
        id: z.string(),
        statistics: z.object({ subscriberCount: z.string().nullish(), hiddenSubscriberCount: z.boolean().nullish() }).nullish(),
      }),
    )
    .optional(),
});

interface Stream {
  key: string;
  /** The request without its page token. */
  params: URLSearchParams;
}

export const youtubeAdapter: SourceAdapter<YoutubeConfig> = {
  kind: 'youtube',
  title: 'YouTube comments',
  url: 'none',
  config: configSchema,
  secrets: ['api_key'],
  async poll({ config, state, fetch, maxPages, now }) {
    const cursor = cursorSchema.safeParse(state.cursor).data ?? { streams: {}, turn: 0 };
    const streams = streamsOf(config);
    const start = cursor.turn % streams.length;
    const runs = [...streams.slice(start), ...streams.slice(0, start)].map((stream) => {
      const c = cursor.streams[stream.key];
      return { stream, since: c?.newest ?? null, top: c?.backlog?.top ?? null, pageToken: c?.backlog?.pageToken ?? null, pages: 0, finished: false };
    });

    const entries: IncomingMention[] = [];
    const skipped: PollResult['skipped'] = [];
    let index = 0;
    let pages = 0;
    // Streams take turns a page at a time, so one busy video cannot use up the poll's pages.
    const queue = [...runs];
    while (queue.length > 0 && pages < maxPages) {
      const run = queue.shift()!;
      let page;
      try {
        page = await readThreads(fetch, config, run.stream, run.pageToken, now);
      } catch (e) {
        // A saved page token can go stale; drop that backlog rather than fail every poll on it.
        if (run.pages === 0 && run.pageToken && e instanceof SourceFetchError && e.status === 400) {
          run.finished = true;
          continue;
        }
        // A video with comments turned off has nothing to read; the other videos still do.
        if (e instanceof SourceFetchError && e.reason === 'commentsDisabled') {
          run.finished = true;
          continue;
        }
        throw e;
      }
      pages++;
      run.pages++;

      // Whether the oldest dated thread on the page is one already read: then so is everything after it. (Only the
      // oldest counts, in case an older thread sits higher up, say one bumped by new replies.)
      let oldestSeen = false;
      const threads: { at: number; thread: Thread }[] = [];
      for (const raw of page.items ?? []) {
        const at = index++;
        const key = threadKey.safeParse(raw).data;
        const time = key ? parseDate(key.snippet.topLevelComment.snippet.publishedAt) : null;
        if (key && time !== null) {
          oldestSeen = !!run.since && watermarkCovers(run.since, time, key.id);
          if (oldestSeen) continue;
          run.top = raiseWatermark(run.top, time, key.id);
        }
        const t = threadSchema.safeParse(raw);
        if (t.success) threads.push({ at, thread: t.data });
        else skipped.push({ index: at, reason: `not a readable comment thread (${t.error.issues[0]?.path.join('.') || 'item'} is missing or not valid)` });
      }

      const reach = await subscriberCounts(
        fetch,
        config,
        threads.map((t) => t.thread),
        now,
      );
      for (const { at, thread } of threads) {
        const m = toMention(thread, reach);
        if (m) entries.push(m);
        else skipped.push({ index: at, reason: 'the comment has no text' });
      }

      run.pageToken = page.nextPageToken ?? null;
      if (oldestSeen || !run.pageToken || !page.items?.length) run.finished = true;
      else queue.push(run);
    }

    const next: Record<string, StreamCursor> = {};
    for (const run of runs) {
      const key = run.stream.key;
      if (run.pages === 0 && !run.finished) {
        if (cursor.streams[key]) next[key] = cursor.streams[key]; // not reached this time
      } else if (run.finished || !run.since) {
        // The first poll reads the newest pages only; history beyond the cap is not back-filled.
        next[key] = { newest: run.top ?? run.since, backlog: null };
      } else {
        next[key] = { newest: run.since, backlog: { pageToken: run.pageToken!, top: run.top } };
      }
    }
    const attempted = runs.filter((r) => r.pages > 0 || r.finished).length;
    return {
      entries,
      skipped,
      state: { etag: null, lastModified: null, cursor: { streams: next, turn: (start + attempted) % streams.length } },
      notModified: entries.length === 0 && skipped.length === 0,
    };
  },
};

async function readThreads(fetch: SourceFetch, config: YoutubeConfig, stream: Stream, pageToken: string | null, now: number) {
  const params = new URLSearchParams(stream.params);
  if (pageToken) params.set('pageToken', pageToken);
  params.set('key', config.api_key);
  return readPage(await getJson(fetch, `${config.api_base}/commentThreads?${params}`, now));
}

function streamsOf(config: YoutubeConfig): Stream[] {
  const base = { part: 'snippet', order: 'time', maxResults: String(PAGE_SIZE) };
  if (config.channel_id) {
    return [{ key: `c:${config.channel_id}`, params: new URLSearchParams({ ...base, allThreadsRelatedToChannelId: config.channel_id }) }];
  }
  return (config.video_ids ?? []).map((id) => ({ key: `v:${id}`, params: new URLSearchParams({ ...base, videoId: id }) }));
}

async function getJson(fetch: SourceFetch, url: string, now: number): Promise<unknown> {
  let res;
  try {
    res = await fetch(url, { accept: 'application/json' });
  } catch (e) {
    throw explain(e, now);
  }
  if (res.status !== 'ok') return {}; // no conditional headers are sent
  return parseJsonBody(res.body, 'YouTube did not answer with JSON');
}

function readPage(json: unknown) {
  const page = pageSchema.safeParse(json);
  if (!page.success || (page.data.items === undefined && page.data.kind !== 'youtube#commentThreadListResponse')) {
    throw new SourceFetchError('PARSE_ERROR', 'The YouTube answer has no list of comment threads');
  }
  return page.data;
}

/**
 * Subscriber counts of the authors on one page, in one channels.list call (≤ 50 ids). Reach is a bonus: if the call
 * fails for any reason but quota or rate limits (which would fail the next request too), the comments still count.
 */
async function subscriberCounts(fetch: SourceFetch, config: YoutubeConfig, threads: Thread[], now: number): Promise<Map<string, number | null>> {
  const reach = new Map<string, number | null>();
  const ids = [...new Set(threads.map((t) => t.snippet.topLevelComment.snippet.authorChannelId?.value).filter((id): id is string => !!id))];
  if (ids.length === 0) return reach;
  // No maxResults: channels.list does not take it together with id.
  const params = new URLSearchParams({ part: 'statistics', id: ids.slice(0, PAGE_SIZE).join(','), key: config.api_key });
  let json: unknown;
  try {
    json = await getJson(fetch, `${config.api_base}/channels?${params}`, now);
  } catch (e) {
    if (e instanceof SourceFetchError && (e.code === 'TOO_MANY_REQUESTS' || e.code === 'SERVICE_UNAVAILABLE')) throw e;
    return reach;
  }
  for (const c of channelsSchema.safeParse(json).data?.items ?? []) {
    const n = Number(c.statistics?.subscriberCount);
    // A channel that hides its subscriber count has no number to give.
    reach.set(c.id, c.statistics?.hiddenSubscriberCount || c.statistics?.subscriberCount == null || !Number.isSafeInteger(n) || n < 0 ? null : n);
  }
  return reach;
}

function toMention(t: Thread, reach: Map<string, number | null>): IncomingMention | null {
  const c = t.snippet.topLevelComment;
  const s = c.snippet;
  // textOriginal is what the author typed (plain; "<3" and "a<b" are text); textDisplay is HTML, used only without it.
  const text = s.textOriginal != null ? plain(s.textOriginal) : stripHtml(s.textDisplay ?? '');
  if (!text) return null;
  const videoId = t.snippet.videoId ?? s.videoId;
  const channel = s.authorChannelId?.value;
  return {
    externalKey: `id:${t.id}`,
    url: videoId ? `https://www.youtube.com/watch?v=${encodeURIComponent(videoId)}&lc=${encodeURIComponent(c.id)}` : null,
    author: s.authorDisplayName?.trim() || null,
    title: null,
    text,
    publishedAt: parseDate(s.publishedAt),
    // The API has no language field; the analyser detects it.
    languageHint: null,
    authorReach: channel ? (reach.get(channel) ?? null) : null,
    engagement: s.likeCount == null && t.snippet.totalReplyCount == null ? null : (s.likeCount ?? 0) + (t.snippet.totalReplyCount ?? 0),
  };
}

/** Plain text as stored: one kind of line break, no control characters, no runaway length. */
function plain(s: string): string {
  const text = s
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '')
    .trim();
  return truncate(text, DEFAULT_MAX_TEXT_LENGTH);
}

const QUOTA_REASONS = new Set(['quotaExceeded', 'dailyLimitExceeded']);
const RATE_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);

/**
 * YouTube says why it refused in the error body's reason: the daily quota (resets at midnight Pacific time), a
 * short-term rate limit, comments turned off on a video (that video is skipped), or a key that may not be used.
 * Without a reason, a 403 is most often the quota.
 */
function explain(e: unknown, now: number): unknown {
  if (!(e instanceof SourceFetchError)) return e;
  const reason = e.reason;
  const opts = { status: e.status, reason, cause: e };
  if (reason === 'commentsDisabled') return new SourceFetchError('HTTP_CLIENT_ERROR', 'Comments are turned off on this video', opts);
  if (reason && QUOTA_REASONS.has(reason)) {
    return new SourceFetchError('TOO_MANY_REQUESTS', 'The daily YouTube API quota is used up; it resets at midnight Pacific time', {
      ...opts,
      retryAfterMs: untilMidnightPacific(now),
    });
  }
  if (reason && RATE_REASONS.has(reason)) {
    return new SourceFetchError('TOO_MANY_REQUESTS', 'YouTube asks for fewer requests for now', { ...opts, retryAfterMs: e.retryAfterMs ?? 60_000 });
  }
  if (e.status === 403 && reason) {
    return new SourceFetchError('BAD_SETTINGS', `YouTube refused the API key (${reason}); check that the key may use the YouTube Data API v3`, opts);
  }
  if (e.status === 403) {
    return new SourceFetchError(
      'TOO_MANY_REQUESTS',
      'YouTube refused the request (403): usually the daily API quota is used up (it resets at midnight Pacific time); it also happens when comments are turned off on a video or the API key may not use the YouTube Data API',
      { status: 403, retryAfterMs: untilMidnightPacific(now), cause: e },
    );
  }
  if (e.status === 400) {
    return new SourceFetchError('HTTP_CLIENT_ERROR', 'YouTube rejected the request (400); check the API key and the video or channel ids', { status: 400, cause: e });
  }
  if (e.status === 404) {
    return new SourceFetchError('HTTP_NOT_FOUND', 'YouTube does not know this video or channel (404)', { status: 404, cause: e });
  }
  return e;
}

/** Milliseconds until the next midnight in Los Angeles (off by an hour on the two days clocks change; harmless). */
export function untilMidnightPacific(now: number): number {
  const p = zonedParts(now, 'America/Los_Angeles');
  const sinceMidnight = ((p.hour * 60 + p.minute) * 60 + p.second) * 1000 + (now % 1000);
  return Math.max(DAY_MS - sinceMidnight, 1000);
}
