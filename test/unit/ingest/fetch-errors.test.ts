import { describe, expect, it } from 'vitest';
import { FETCH_ERROR_CODES, formatBytes, SourceFetchError } from '../../../src/core/ingest/fetch-errors.ts';

describe('SourceFetchError', () => {
  it('carries code, retryable, status and retryAfterMs', () => {
    const e = new SourceFetchError('TOO_MANY_REQUESTS', 'The source answered 429 Too Many Requests', { status: 429, retryAfterMs: 120_000 });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('SourceFetchError');
    expect(e).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryable: true, status: 429, retryAfterMs: 120_000 });
  });

  const RETRYABLE: [(typeof FETCH_ERROR_CODES)[number], boolean][] = [
    ['HTTP_NOT_FOUND', false],
    ['HTTP_GONE', false],
    ['HTTP_CLIENT_ERROR', false],
    ['HTTP_SERVER_ERROR', true],
    ['TOO_MANY_REQUESTS', true],
    ['SERVICE_UNAVAILABLE', true],
    ['TIMEOUT', true],
    ['NETWORK_ERROR', true],
    ['BLOCKED_ADDRESS', false],
    ['RESPONSE_TOO_LARGE', false],
    ['TOO_MANY_REDIRECTS', false],
    ['EMPTY_BODY', true],
    ['BAD_ENCODING', false],
    ['PARSE_ERROR', false],
    ['NOT_A_FEED', false],
    ['BAD_SETTINGS', false],
  ];
  it.each(RETRYABLE)('%s retryable by default: %s', (code, retryable) => {
    expect(new SourceFetchError(code, 'x').retryable).toBe(retryable);
  });

  it('the table above covers exactly the closed set of codes', () => {
    expect(RETRYABLE.map(([c]) => c).sort()).toEqual([...FETCH_ERROR_CODES].sort());
  });

  it('retryable can be overridden', () => {
    expect(new SourceFetchError('HTTP_CLIENT_ERROR', 'x', { retryable: true }).retryable).toBe(true);
  });

  it.each<[number, string]>([
    [10 * 1024 * 1024, '10 MiB'],
    [1536 * 1024, '1.5 MiB'],
    [512 * 1024, '512 KiB'],
    [1500, '1.5 KiB'],
    [900, '900 bytes'],
  ])('formatBytes(%d) = %s', (n, s) => {
    expect(formatBytes(n)).toBe(s);
  });
});
