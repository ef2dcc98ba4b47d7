import { describe, expect, it } from 'vitest';
import { titleKey, urlKey } from '../../../src/core/ingest/dedupe-keys.ts';

describe('urlKey', () => {
  it.each([
    ['https://www.Example.com/news/lumera/?utm_source=x&b=2&a=1#comments', 'example.com/news/lumera?a=1&b=2'],
    ['http://example.com/news/lumera', 'example.com/news/lumera'],
    ['https://example.com/news/lumera?fbclid=abc&gclid=d', 'example.com/news/lumera'],
    ['https://example.com:8443/a', 'example.com:8443/a'],
    ['https://example.com/', 'example.com'],
    ['mailto:a@example.com', null],
    ['not a url', null],
    [null, null],
  ])('%s → %s', (url, key) => {
    expect(urlKey(url)).toBe(key);
  });
});

describe('titleKey', () => {
  it.each([
    ['Lumera fined for harassing debtors — report', 'lumera fined for harassing debtors report'],
    ['LUMERA FINED FOR HARASSING DEBTORS: REPORT', 'lumera fined for harassing debtors report'],
    ['Piedzinējs Lumera saņēmis brīdinājumu no PTAC', 'piedzinejs lumera sanemis bridinajumu no ptac'],
    ['Terrible service', null],
    ['', null],
  ])('%s → %s', (title, key) => {
    expect(titleKey(title)).toBe(key);
  });
});
