import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { SourceFetchError } from '../../../src/core/ingest/fetch-errors.ts';
import type { FetchFeedResult } from '../../../src/core/ingest/fetch-feed.ts';
import {
  assertAnswered,
  bearerGet,
  httpAddress,
  httpBaseUrl,
  isHttpUrl,
  optionalLookup,
  parseJsonAs,
  parseJsonBody,
  plainTextKeepingLineBreaks,
  quotaSpent,
  raiseWatermark,
  watermarkCovers,
} from '../../../src/sources/common.ts';

const ok = (body = '{}', headers: Record<string, string> = {}): FetchFeedResult => ({
  status: 'ok',
  body,
  etag: null,
  lastModified: null,
  finalUrl: 'https://api.example/x',
  bytes: body.length,
  headers: new Headers(headers),
});
const notModified: FetchFeedResult = { status: 'not_modified', finalUrl: 'https://api.example/x' };

describe('settings', () => {
  it('isHttpUrl takes absolute http and https URLs only', () => {
    expect(isHttpUrl('https://api.example/v1')).toBe(true);
    expect(isHttpUrl('HTTP://api.example')).toBe(true);
    expect(isHttpUrl('ftp://api.example')).toBe(false);
    expect(isHttpUrl('/v1/reviews')).toBe(false);
    expect(isHttpUrl('not a url')).toBe(false);
  });

  it('httpBaseUrl trims, drops trailing slashes and names the setting in its messages', () => {
    const schema = httpBaseUrl('auth_base');
    expect(schema.parse('  https://api.example/v1// ')).toBe('https://api.example/v1');
    expect(schema.safeParse('api.example').error?.issues[0]?.message).toBe('auth_base must be a URL');
    expect(schema.safeParse('ftp://api.example').error?.issues[0]?.message).toBe('auth_base must start with http:// or https://');
  });

  it('httpAddress gives the adapter’s own message', () => {
    const schema = httpAddress('The API address must start with https://');
    expect(schema.parse(' https://api.example/ ')).toBe('https://api.example/');
    expect(schema.safeParse('ftp://api.example').error?.issues[0]?.message).toBe('The API address must start with https://');
  });
});

describe('reading answers', () => {
  it('a "not modified" answer to a plain request is a PARSE_ERROR naming the API', () => {
    expect(() => assertAnswered(notModified, 'Reddit')).toThrow(expect.objectContaining({ code: 'PARSE_ERROR', message: 'Reddit answered "not modified" to a plain request' }));
    expect(() => assertAnswered(ok(), 'Reddit')).not.toThrow();
  });

  it('JSON that does not parse, or has another shape, is a PARSE_ERROR with the message given for it', () => {
    const schema = z.object({ items: z.array(z.number()) });
    expect(parseJsonBody('[1, 2]', 'not JSON')).toEqual([1, 2]);
    expect(parseJsonAs('{"items": [1]}', schema, 'not JSON', 'no items')).toEqual({ items: [1] });
    expect(() => parseJsonBody('<html>', 'not JSON')).toThrow(expect.objectContaining({ code: 'PARSE_ERROR', message: 'not JSON' }));
    expect(() => parseJsonAs('<html>', schema, 'not JSON', 'no items')).toThrow(expect.objectContaining({ code: 'PARSE_ERROR', message: 'not JSON' }));
    expect(() => parseJsonAs('{"items": "none"}', schema, 'not JSON', 'no items')).toThrow(expect.objectContaining({ code: 'PARSE_ERROR', message: 'no items' }));
  });

  it.each<[string, Record<string, string>, boolean]>([
    ['no header', {}, false],
    ['none left', { 'x-ratelimit-remaining': '0' }, true],
    ['none left, as a decimal', { 'x-ratelimit-remaining': '0.0' }, true],
    ['less than one request left', { 'x-ratelimit-remaining': '0.4' }, true],
    ['overdrawn', { 'x-ratelimit-remaining': '-3' }, true],
    ['one left', { 'x-ratelimit-remaining': ' 1 ' }, false],
    ['plenty left, as a decimal', { 'x-ratelimit-remaining': '598.0' }, false],
    ['an empty header', { 'x-ratelimit-remaining': '' }, false],
    ['a header that is not a number', { 'x-ratelimit-remaining': 'soon' }, false],
    ['the IETF draft header', { 'ratelimit-remaining': '0' }, true],
    ['the draft header before the X- one', { 'ratelimit-remaining': '5', 'x-ratelimit-remaining': '0' }, false],
  ])('quotaSpent: %s', (_, headers, spent) => {
    expect(quotaSpent(ok('{}', headers))).toBe(spent);
    expect(quotaSpent(new Headers(headers))).toBe(spent);
  });

  it('quotaSpent: an answer without headers says nothing', () => {
    expect(quotaSpent(notModified)).toBe(false);
  });

  it('plain text keeps its line breaks and loses markup', () => {
    expect(plainTextKeepingLineBreaks('one\r\ntwo\nthree <b>x</b> &amp; 1 < 2')).toBe('one\ntwo\nthree x & 1 < 2');
  });
});

describe('bearerGet', () => {
  const refused = (e: SourceFetchError) => e.status === 401;
  const unauthorized = () => new SourceFetchError('HTTP_CLIENT_ERROR', 'refused', { status: 401 });

  it('signs in once and sends the token with every request', async () => {
    const signIn = vi.fn(async () => 'tok-1');
    const fetch = vi.fn(async () => ok());
    const get = bearerGet(fetch, signIn, refused);
    await get('https://api.example/a');
    await get('https://api.example/b');
    expect(signIn).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenLastCalledWith('https://api.example/b', { accept: 'application/json', headers: { authorization: 'Bearer tok-1' } });
  });

  it('signs in again once when the token is refused, then gives up', async () => {
    let n = 0;
    const signIn = vi.fn(async () => `tok-${++n}`);
    const fetch = vi.fn(async (_url: string, opts?: { headers?: Record<string, string> }) => {
      if (opts?.headers?.authorization === 'Bearer tok-1') throw unauthorized();
      return ok();
    });
    await expect(bearerGet(fetch, signIn, refused)('https://api.example/a')).resolves.toMatchObject({ status: 'ok' });
    expect(signIn).toHaveBeenCalledTimes(2);

    const alwaysRefused = vi.fn(async () => {
      throw unauthorized();
    });
    await expect(bearerGet(alwaysRefused, signIn, refused)('https://api.example/a')).rejects.toMatchObject({ status: 401 });
    expect(alwaysRefused).toHaveBeenCalledTimes(2);
  });

  it('does not retry other failures', async () => {
    const signIn = vi.fn(async () => 'tok');
    const fetch = vi.fn(async () => {
      throw new SourceFetchError('HTTP_SERVER_ERROR', 'down', { status: 503 });
    });
    await expect(bearerGet(fetch, signIn, refused)('https://api.example/a')).rejects.toMatchObject({ status: 503 });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(signIn).toHaveBeenCalledTimes(1);
  });
});

describe('optionalLookup', () => {
  const readItems = (f: FetchFeedResult) => {
    assertAnswered(f, 'API');
    return parseJsonAs(f.body, z.object({ n: z.number() }), 'not JSON', 'no n').n;
  };

  it('gives what it read, and whether quota is left', async () => {
    expect(await optionalLookup(async () => ok('{"n": 7}'), 'https://api.example', readItems)).toEqual({ value: 7, quotaLeft: true });
    expect(await optionalLookup(async () => ok('{"n": 7}', { 'x-ratelimit-remaining': '0' }), 'https://api.example', readItems)).toEqual({ value: 7, quotaLeft: false });
  });

  it('an unreadable answer, or a refusal for good, gives nothing; passing trouble fails', async () => {
    expect(await optionalLookup(async () => ok('<html>', { 'x-ratelimit-remaining': '0' }), 'https://api.example', readItems)).toEqual({ value: null, quotaLeft: false });
    const refusal = async (): Promise<FetchFeedResult> => {
      throw new SourceFetchError('HTTP_CLIENT_ERROR', 'forbidden', { status: 403 });
    };
    expect(await optionalLookup(refusal, 'https://api.example', readItems)).toEqual({ value: null, quotaLeft: true });
    const rateLimited = async (): Promise<FetchFeedResult> => {
      throw new SourceFetchError('TOO_MANY_REQUESTS', 'slow down', { status: 429 });
    };
    await expect(optionalLookup(rateLimited, 'https://api.example', readItems)).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    const bug = async (): Promise<FetchFeedResult> => {
      throw new TypeError('boom');
    };
    await expect(optionalLookup(bug, 'https://api.example', readItems)).rejects.toThrow(TypeError);
  });
});

describe('watermarks', () => {
  const mark = { at: 100, ids: ['a', 'b'] };

  it('cover what is older, and what ties with an id they hold', () => {
    expect(watermarkCovers(mark, 99, 'z')).toBe(true);
    expect(watermarkCovers(mark, 100, 'a')).toBe(true);
    expect(watermarkCovers(mark, 100, 'c')).toBe(false);
    expect(watermarkCovers(mark, 101, 'a')).toBe(false);
  });

  it('rise to a newer item, gather the ids of a tie, and ignore older items', () => {
    expect(raiseWatermark(null, 50, 'x')).toEqual({ at: 50, ids: ['x'] });
    expect(raiseWatermark(mark, 101, 'c')).toEqual({ at: 101, ids: ['c'] });
    expect(raiseWatermark(mark, 100, 'c')).toEqual({ at: 100, ids: ['a', 'b', 'c'] });
    expect(raiseWatermark(mark, 100, 'a')).toBe(mark);
    expect(raiseWatermark(mark, 99, 'c')).toBe(mark);
  });
});
