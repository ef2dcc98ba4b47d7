import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../../src/core/cursor.ts';
import { parseFilters } from '../../../dashboard/lib/filters.ts';

// The dashboard reuses the API's cursor (src/core/cursor.ts): base64url of JSON `[publishedAt, id]`.
describe('cursor', () => {
  it.each([
    { publishedAt: 1_763_000_000_000, id: 42 },
    { publishedAt: 0, id: 1 },
    { publishedAt: Number.MAX_SAFE_INTEGER, id: Number.MAX_SAFE_INTEGER },
  ])('round-trips %o', (c) => {
    const text = encodeCursor(c);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text)).toEqual(c);
  });

  it('is base64url of [publishedAt, id]', () => {
    expect(encodeCursor({ publishedAt: 1792440000000, id: 50 })).toBe('WzE3OTI0NDAwMDAwMDAsNTBd');
  });

  it.each([
    ['empty', ''],
    ['not base64', 'garbage!!'],
    ['base64 of non-JSON', btoa('hello')],
    ['an object', btoa('{"publishedAt":1,"id":2}')],
    ['three numbers', btoa('[1,2,3]')],
    ['strings', btoa('["1","2"]')],
    ['a fraction', btoa('[1.5,2]')],
    ['an unsafe integer', btoa('[1e20,2]')],
    ['null', btoa('null')],
    ['truncated', encodeCursor({ publishedAt: 1_763_000_000_000, id: 42 }).slice(0, -3)],
  ])('rejects %s', (_name, text) => {
    expect(decodeCursor(text)).toBeNull();
  });

  it('a bad cursor in the list URL is ignored, not an error', () => {
    expect(parseFilters({ cursor: 'garbage!!' }, new Set()).cursor).toBeNull();
    expect(parseFilters({ cursor: 'A'.repeat(5000) }, new Set()).cursor).toBeNull();
    expect(parseFilters({ cursor: 'garbage!!' }, new Set()).problems).toEqual([]);
    expect(parseFilters({ cursor: encodeCursor({ publishedAt: 5, id: 6 }) }, new Set()).cursor).toEqual({ publishedAt: 5, id: 6 });
  });
});
