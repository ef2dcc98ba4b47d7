import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SourceFetchError } from '../../../src/core/ingest/fetch-errors.ts';
import { untilMidnightPacific, youtubeAdapter } from '../../../src/sources/youtube.ts';
import { startFeedServer } from '../../helpers/feed-server.ts';
import { pollAdapter } from '../../helpers/poll-adapter.ts';

type Server = Awaited<ReturnType<typeof startFeedServer>>;
type Thread = Record<string, unknown> & {
  id: string;
  snippet: Record<string, unknown> & { videoId: string; topLevelComment: Record<string, unknown> & { snippet: Record<string, unknown> } };
};

const KEY = 'yt-key-0001';
const VIDEO = 'bk-7487l1OQ';
const VIDEO2 = 'Zx9_Lumera1';
const CHANNEL = 'UCabcdefghijklmnopqrstuv';

let server: Server;
/** Threads per video, in any order. */
let videos: Record<string, Thread[]>;
/** Subscriber statistics per author channel. */
let channels: Record<string, { subscriberCount?: string; hiddenSubscriberCount: boolean }>;
let threadQueries: URLSearchParams[];
let channelQueries: URLSearchParams[];

const author = (n: number) => `UC${String(n).padStart(22, '0')}`;
const thread = (n: number, video = VIDEO, over: Record<string, unknown> = {}): Thread => {
  const id = `Ugy${video.slice(0, 4)}${String(n).padStart(5, '0')}AaABAg`;
  return {
    kind: 'youtube#commentThread',
    etag: `e${n}`,
    id,
    snippet: {
      channelId: CHANNEL,
      videoId: video,
      topLevelComment: {
        kind: 'youtube#comment',
        etag: `c${n}`,
        id,
        snippet: {
          channelId: CHANNEL,
          videoId: video,
          textDisplay: `Lumera komentarz ${n}`,
          textOriginal: `Lumera komentarz ${n}`,
          authorDisplayName: `@user${n}`,
          authorProfileImageUrl: 'https://yt3.example/a.jpg',
          authorChannelUrl: `http://www.youtube.com/channel/${author(n)}`,
          authorChannelId: { value: author(n) },
          canRate: true,
          viewerRating: 'none',
          likeCount: 1,
          publishedAt: new Date(Date.UTC(2026, 9, 1) + n * 60_000).toISOString().replace('.000', ''),
          updatedAt: new Date(Date.UTC(2026, 9, 1) + n * 60_000).toISOString().replace('.000', ''),
          ...over,
        },
      },
      canReply: true,
      totalReplyCount: 0,
      isPublic: true,
    },
  };
};

const json = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' }).end(JSON.stringify(body));
const googleError = (status: number, reason: string) => ({ error: { code: status, message: 'refused', errors: [{ message: 'refused', domain: 'youtube.quota', reason }] } });

/** commentThreads.list, faithfully enough: key, videoId or allThreadsRelatedToChannelId, newest first, page tokens. */
function commentThreads(req: IncomingMessage, res: ServerResponse) {
  const q = new URL(req.url!, server.base).searchParams;
  threadQueries.push(q);
  if (q.get('key') !== KEY) return json(res, 400, googleError(400, 'keyInvalid'));
  const list = q.get('videoId') ? (videos[q.get('videoId')!] ?? []) : Object.values(videos).flat();
  const sorted = [...list].sort((a, b) => String(b.snippet.topLevelComment.snippet.publishedAt).localeCompare(String(a.snippet.topLevelComment.snippet.publishedAt)));
  const token = q.get('pageToken');
  if (token && !/^p\d+$/.test(token)) return json(res, 400, googleError(400, 'invalidPageToken'));
  const offset = token ? Number(token.slice(1)) : 0;
  const size = Number(q.get('maxResults') ?? 20);
  const items = sorted.slice(offset, offset + size);
  const body: Record<string, unknown> = { kind: 'youtube#commentThreadListResponse', etag: 'x', pageInfo: { totalResults: items.length, resultsPerPage: size }, items };
  if (offset + size < sorted.length) body.nextPageToken = `p${offset + size}`;
  json(res, 200, body);
}

function channelsList(req: IncomingMessage, res: ServerResponse) {
  const q = new URL(req.url!, server.base).searchParams;
  channelQueries.push(q);
  const items = (q.get('id') ?? '')
    .split(',')
    .filter((id) => channels[id])
    .map((id) => ({ kind: 'youtube#channel', etag: 'y', id, statistics: { viewCount: '10', videoCount: '1', ...channels[id] } }));
  json(res, 200, { kind: 'youtube#channelListResponse', etag: 'z', pageInfo: { totalResults: items.length, resultsPerPage: 5 }, items });
}

const config = (over: Record<string, unknown> = {}) => ({ video_ids: [VIDEO], api_key: KEY, api_base: `${server.base}/youtube/v3`, ...over });
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const numbers = (r: { entries: { text: string }[] }) => r.entries.map((e) => Number(/(\d+)$/.exec(e.text)![1]));

beforeEach(async () => {
  videos = {};
  channels = {};
  threadQueries = [];
  channelQueries = [];
  server = await startFeedServer({ '/youtube/v3/commentThreads': commentThreads, '/youtube/v3/channels': channelsList });
});
afterEach(() => server.close());

describe('youtube adapter', () => {
  it('maps every field of a thread, with reach from one channels.list call per page', async () => {
    const first = thread(1, VIDEO, { textOriginal: 'Parādu piedzinējs Lumera zvanīja manai mātei. Vai tas ir likumīgi? a<b <3', likeCount: 14 });
    first.snippet.totalReplyCount = 3;
    videos[VIDEO] = [first, thread(2), thread(3)];
    channels[author(1)] = { subscriberCount: '1234', hiddenSubscriberCount: false };
    channels[author(2)] = { subscriberCount: '0', hiddenSubscriberCount: true };

    const r = await pollAdapter(youtubeAdapter, { config: config() });
    expect(r.skipped).toEqual([]);
    const id1 = `Ugy${VIDEO.slice(0, 4)}00001AaABAg`;
    expect(r.entries.at(-1)).toEqual({
      externalKey: `id:${id1}`,
      url: `https://www.youtube.com/watch?v=${VIDEO}&lc=${id1}`,
      author: '@user1',
      title: null,
      text: 'Parādu piedzinējs Lumera zvanīja manai mātei. Vai tas ir likumīgi? a<b <3',
      publishedAt: Date.UTC(2026, 9, 1, 0, 1),
      languageHint: null,
      authorReach: 1234,
      engagement: 17,
    });
    // Hidden count, and a channel the lookup did not return: no reach.
    expect(r.entries.map((e) => e.authorReach)).toEqual([null, null, 1234]);

    expect(threadQueries).toHaveLength(1);
    expect(Object.fromEntries(threadQueries[0]!)).toEqual({ part: 'snippet', order: 'time', maxResults: '50', videoId: VIDEO, key: KEY });
    expect(channelQueries).toHaveLength(1);
    expect(Object.keys(Object.fromEntries(channelQueries[0]!)).sort()).toEqual(['id', 'key', 'part']);
    expect(channelQueries[0]!.get('part')).toBe('statistics');
    expect(channelQueries[0]!.get('id')!.split(',').sort()).toEqual([author(1), author(2), author(3)].sort());
    expect(channelQueries[0]!.get('key')).toBe(KEY);
  });

  it('uses textDisplay, stripped of HTML, only when textOriginal is missing', async () => {
    videos[VIDEO] = [thread(1, VIDEO, { textOriginal: undefined, textDisplay: 'Lumera <b>ringde</b> tre gånger &amp; skickade brev.<br>Inte okej.' })];
    const r = await pollAdapter(youtubeAdapter, { config: config() });
    expect(r.entries[0]!.text).toBe('Lumera ringde tre gånger & skickade brev.\nInte okej.');
  });

  it('pages newest first up to the cap, then reads only new threads, then reports nothing new', async () => {
    videos[VIDEO] = range(1, 120).map((n) => thread(n));
    const first = await pollAdapter(youtubeAdapter, { config: config(), maxPages: 2 });
    expect(numbers(first)).toEqual(range(21, 120).reverse());
    expect(threadQueries.map((q) => q.get('pageToken'))).toEqual([null, 'p50']);
    expect(channelQueries).toHaveLength(2);

    videos[VIDEO].push(thread(121), thread(122));
    threadQueries = [];
    const second = await pollAdapter(youtubeAdapter, { config: config(), state: first.state, maxPages: 2 });
    expect(numbers(second)).toEqual([122, 121]);
    expect(threadQueries).toHaveLength(1);

    const third = await pollAdapter(youtubeAdapter, { config: config(), state: second.state, maxPages: 2 });
    expect(third.entries).toEqual([]);
    expect(third.notModified).toBe(true);
  });

  it('finishes a burst cut short by the page cap on the next poll with the saved page token', async () => {
    videos[VIDEO] = range(1, 5).map((n) => thread(n));
    const first = await pollAdapter(youtubeAdapter, { config: config() });
    videos[VIDEO].push(...range(6, 135).map((n) => thread(n)));
    const second = await pollAdapter(youtubeAdapter, { config: config(), state: first.state, maxPages: 2 });
    expect(numbers(second)).toEqual(range(36, 135).reverse());
    expect(second.state.cursor).toMatchObject({ streams: { [`v:${VIDEO}`]: { backlog: { pageToken: 'p100' } } } });

    threadQueries = [];
    const third = await pollAdapter(youtubeAdapter, { config: config(), state: second.state, maxPages: 2 });
    expect(threadQueries.map((q) => q.get('pageToken'))).toEqual(['p100']);
    expect(numbers(third)).toEqual(range(6, 35).reverse());
    expect(third.state.cursor).toMatchObject({ streams: { [`v:${VIDEO}`]: { backlog: null } } });

    videos[VIDEO].push(thread(136));
    const fourth = await pollAdapter(youtubeAdapter, { config: config(), state: third.state });
    expect(numbers(fourth)).toEqual([136]);
  });

  it('an older thread near the top of a page (bumped by replies) does not end the sweep; an old last one does', async () => {
    videos[VIDEO] = range(1, 3).map((n) => thread(n));
    const first = await pollAdapter(youtubeAdapter, { config: config() });
    server.routes['/youtube/v3/commentThreads'] = (req, res) => {
      const q = new URL(req.url!, server.base).searchParams;
      threadQueries.push(q);
      if (!q.get('pageToken')) return json(res, 200, { kind: 'youtube#commentThreadListResponse', items: [thread(2), thread(7), thread(6)], nextPageToken: 'p1' });
      json(res, 200, { kind: 'youtube#commentThreadListResponse', items: [thread(5), thread(4), thread(3)], nextPageToken: 'p2' });
    };
    threadQueries = [];
    const second = await pollAdapter(youtubeAdapter, { config: config(), state: first.state });
    expect(numbers(second)).toEqual([7, 6, 5, 4]);
    expect(threadQueries.map((q) => q.get('pageToken'))).toEqual([null, 'p1']);
  });

  it('drops a backlog whose page token has gone stale instead of failing every poll', async () => {
    videos[VIDEO] = range(1, 3).map((n) => thread(n));
    const state = { cursor: { streams: { [`v:${VIDEO}`]: { newest: { at: 0, ids: [] }, backlog: { pageToken: 'expired', top: null } } }, turn: 0 } };
    const r = await pollAdapter(youtubeAdapter, { config: config(), state });
    expect(r.entries).toEqual([]);
    expect(r.state.cursor).toEqual({ streams: { [`v:${VIDEO}`]: { newest: { at: 0, ids: [] }, backlog: null } }, turn: 0 });
    const again = await pollAdapter(youtubeAdapter, { config: config(), state: r.state });
    expect(numbers(again)).toEqual([3, 2, 1]);
  });

  it('reads several videos in turns and rotates which goes first; a channel reads all its threads', async () => {
    videos[VIDEO] = [thread(1, VIDEO, { textOriginal: 'Lumera skambino vakare 1' })];
    videos[VIDEO2] = [thread(2, VIDEO2, { textOriginal: 'Lumera zadzwoniła znowu 2' })];
    const cfg = config({ video_ids: [VIDEO, VIDEO2] });
    let state = (await pollAdapter(youtubeAdapter, { config: cfg, maxPages: 1 })).state;
    state = (await pollAdapter(youtubeAdapter, { config: cfg, state, maxPages: 1 })).state;
    state = (await pollAdapter(youtubeAdapter, { config: cfg, state, maxPages: 1 })).state;
    expect(threadQueries.map((q) => q.get('videoId'))).toEqual([VIDEO, VIDEO2, VIDEO]);

    threadQueries = [];
    const r = await pollAdapter(youtubeAdapter, { config: config({ video_ids: undefined, channel_id: CHANNEL }) });
    expect(threadQueries[0]!.get('allThreadsRelatedToChannelId')).toBe(CHANNEL);
    expect(threadQueries[0]!.has('videoId')).toBe(false);
    expect(r.entries.map((e) => e.url)).toEqual([
      `https://www.youtube.com/watch?v=${VIDEO2}&lc=Ugy${VIDEO2.slice(0, 4)}00002AaABAg`,
      `https://www.youtube.com/watch?v=${VIDEO}&lc=Ugy${VIDEO.slice(0, 4)}00001AaABAg`,
    ]);
  });

  it('a 403 (quota) is TOO_MANY_REQUESTS until midnight Pacific time', async () => {
    server.routes['/youtube/v3/commentThreads'] = (_req, res) => json(res, 403, googleError(403, 'quotaExceeded'));
    const err = await pollAdapter(youtubeAdapter, { config: config() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceFetchError);
    // T0 is 12:00 UTC on 20 November: 04:00 in Los Angeles (PST), 20 hours before midnight there.
    expect(err).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: 403, retryAfterMs: 20 * 3_600_000 });
    expect((err as Error).message).toMatch(/daily YouTube API quota/);
    expect((err as Error).message).not.toContain(KEY);
    // Summer time: 12:00 UTC on 1 July is 05:00 PDT.
    expect(untilMidnightPacific(Date.UTC(2026, 6, 1, 12))).toBe(19 * 3_600_000);
  });

  it('reads the reason: comments turned off skip that video only; a refused key is a settings problem', async () => {
    videos[VIDEO] = [thread(1)];
    const handler = server.routes['/youtube/v3/commentThreads']!;
    server.routes['/youtube/v3/commentThreads'] = (req, res) =>
      new URL(req.url!, 'http://x').searchParams.get('videoId') === 'closedVide1' ? json(res, 403, googleError(403, 'commentsDisabled')) : handler(req, res);
    const r = await pollAdapter(youtubeAdapter, { config: config({ video_ids: ['closedVide1', VIDEO] }) });
    expect(r.entries.map((e) => e.text)).toEqual(['Lumera komentarz 1']);

    server.routes['/youtube/v3/commentThreads'] = (_req, res) => json(res, 403, googleError(403, 'accessNotConfigured'));
    const err = await pollAdapter(youtubeAdapter, { config: config() }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BAD_SETTINGS', reason: 'accessNotConfigured' });
    expect((err as Error).message).not.toContain(KEY);
  });

  it('a quota refusal of the channels lookup fails the poll too; other lookup failures only lose the reach', async () => {
    videos[VIDEO] = [thread(1)];
    server.routes['/youtube/v3/channels'] = (_req, res) => json(res, 403, googleError(403, 'quotaExceeded'));
    await expect(pollAdapter(youtubeAdapter, { config: config() })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    server.routes['/youtube/v3/channels'] = (_req, res) => json(res, 500, googleError(500, 'backendError'));
    const r = await pollAdapter(youtubeAdapter, { config: config() });
    expect(r.entries.map((e) => [e.text, e.authorReach])).toEqual([['Lumera komentarz 1', null]]);
  });

  it('a 429 with Retry-After is TOO_MANY_REQUESTS with the wait', async () => {
    server.routes['/youtube/v3/commentThreads'] = (_req, res) => res.writeHead(429, { 'retry-after': '45' }).end();
    await expect(pollAdapter(youtubeAdapter, { config: config() })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterMs: 45_000 });
  });

  it('a bad key is a plain settings error', async () => {
    await expect(pollAdapter(youtubeAdapter, { config: config({ api_key: 'nope' }) })).rejects.toMatchObject({
      code: 'HTTP_CLIENT_ERROR',
      status: 400,
      message: 'YouTube rejected the request (400); check the API key and the video or channel ids',
    });
  });

  it('skips a malformed thread or one without text, with plain reasons, and keeps the good ones', async () => {
    const broken = thread(2, VIDEO, { textOriginal: 'Slaptas tekstas' });
    delete broken.snippet.topLevelComment.id;
    videos[VIDEO] = [thread(1, VIDEO, { textOriginal: 'Lumera sendte et brev 1' }), broken, thread(3, VIDEO, { textOriginal: '   ' })];
    const r = await pollAdapter(youtubeAdapter, { config: config() });
    expect(r.entries.map((e) => e.text)).toEqual(['Lumera sendte et brev 1']);
    expect(r.skipped).toEqual([
      { index: 1, reason: 'not a readable comment thread (snippet.topLevelComment.id is missing or not valid)' },
      { index: 0, reason: 'the comment has no text' },
    ]);
    expect(JSON.stringify(r.skipped)).not.toContain('Slaptas');
  });

  it('a body that is not JSON, or has no list of threads, is a PARSE_ERROR', async () => {
    server.routes['/youtube/v3/commentThreads'] = (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>captcha</html>');
    await expect(pollAdapter(youtubeAdapter, { config: config() })).rejects.toMatchObject({ code: 'PARSE_ERROR' });
    server.routes['/youtube/v3/commentThreads'] = (_req, res) => json(res, 200, [{ id: 'x' }]);
    await expect(pollAdapter(youtubeAdapter, { config: config() })).rejects.toMatchObject({ code: 'PARSE_ERROR', message: 'The YouTube answer has no list of comment threads' });
  });

  it('checks its settings', () => {
    const parse = (c: unknown) => youtubeAdapter.config.safeParse(c);
    expect(parse({ video_ids: [VIDEO, VIDEO], api_key: 'k' }).data).toEqual({ video_ids: [VIDEO], api_key: 'k', api_base: 'https://www.googleapis.com/youtube/v3' });
    expect(parse({ channel_id: CHANNEL, api_key: 'k' }).success).toBe(true);
    expect(parse({ video_ids: [VIDEO], channel_id: CHANNEL, api_key: 'k' }).error?.issues[0]?.message).toBe('Give either video_ids or a channel_id (one of the two)');
    expect(parse({ api_key: 'k' }).success).toBe(false);
    expect(parse({ video_ids: ['https://youtu.be/x'], api_key: 'k' }).success).toBe(false);
    expect(parse({ video_ids: [VIDEO] }).success).toBe(false);
    expect(youtubeAdapter.secrets).toEqual(['api_key']);
  });
});
