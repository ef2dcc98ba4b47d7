import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from '../../../src/core/ingest/retry-after.ts';

const NOW = Date.UTC(2025, 2, 4, 12, 0, 0); // Tue, 04 Mar 2025 12:00:00 GMT

describe('parseRetryAfter', () => {
  it.each<[string, string | null, number | undefined]>([
    ['absent', null, undefined],
    ['empty', '', undefined],
    ['blank', '   ', undefined],
    ['zero seconds', '0', 0],
    ['delta seconds', '120', 120_000],
    ['delta seconds with spaces', ' 30 ', 30_000],
    ['delta beyond a day is clamped', '999999', MAX_RETRY_AFTER_MS],
    ['absurdly long number is clamped', '9'.repeat(400), MAX_RETRY_AFTER_MS],
    ['negative is garbage', '-5', undefined],
    ['fraction is garbage', '1.5', undefined],
    ['words are garbage', 'soon', undefined],
    ['number with unit is garbage', '5 apples', undefined],
    ['IMF-fixdate in the future', 'Tue, 04 Mar 2025 12:02:00 GMT', 120_000],
    ['IMF-fixdate in the past is zero', 'Tue, 04 Mar 2025 11:00:00 GMT', 0],
    ['IMF-fixdate far ahead is clamped', 'Fri, 04 Apr 2025 12:00:00 GMT', MAX_RETRY_AFTER_MS],
    ['IMF-fixdate lower-case', 'tue, 04 mar 2025 12:00:30 gmt', 30_000],
    ['RFC 850 date', 'Tuesday, 04-Mar-25 12:01:00 GMT', 60_000],
    ['asctime date', 'Tue Mar  4 12:00:10 2025', 10_000],
    ['impossible day', 'Fri, 31 Feb 2025 12:00:00 GMT', undefined],
    ['impossible hour', 'Tue, 04 Mar 2025 25:00:00 GMT', undefined],
    ['ISO date is not an HTTP-date', '2025-03-04T12:05:00Z', undefined],
    ['date without zone', 'Tue, 04 Mar 2025 12:02:00', undefined],
  ])('%s', (_name, header, expected) => {
    expect(parseRetryAfter(header, NOW)).toBe(expected);
  });

  it('never returns NaN or a negative number', () => {
    for (const h of ['NaN', 'Infinity', '-0', 'Mon, 01 Jan 1900 00:00:00 GMT', '0x10']) {
      const v = parseRetryAfter(h, NOW);
      if (v !== undefined) expect(v).toBeGreaterThanOrEqual(0);
      expect(Number.isNaN(v)).toBe(false);
    }
  });
});
