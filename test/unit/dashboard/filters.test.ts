import { describe, expect, it } from 'vitest';
import { parseFilters } from '../../../dashboard/lib/filters.ts';
import { excerpt, formatSigned, isHttpUrl, parseIsoDay, percent } from '../../../dashboard/lib/format.ts';
import { safeNext } from '../../../dashboard/lib/session.ts';

describe('safeNext (where to go after logging in)', () => {
  it.each([
    ['/mentions', '/mentions'],
    ['/mentions?sentiment=positive&q=a%20b', '/mentions?sentiment=positive&q=a%20b'],
    ['/mentions/12#labels', '/mentions/12#labels'],
    ['/', '/'],
    ['', '/'],
    [undefined, '/'],
    [42, '/'],
    ['mentions', '/'],
    ['//evil.example', '/'],
    ['//evil.example/path', '/'],
    ['/\\evil.example', '/'],
    ['/\t/evil.example', '/'],
    ['/\n/evil.example', '/'],
    ['https://evil.example/', '/'],
    ['javascript:alert(1)', '/'],
    ['/x'.repeat(1500), '/'],
  ])('%j → %s', (next, want) => expect(safeNext(next)).toBe(want));
});

describe('parseFilters', () => {
  const sources = new Set([3, 7]);

  it('accepts good values and turns dates into an inclusive UTC range', () => {
    const p = parseFilters(
      { source: '7', language: 'lv', sentiment: 'negative', tactic: 'threat_legal', from: '2026-11-01', to: '2026-11-02', q: ' kronofogden ', relevant: '1' },
      sources,
    );
    expect(p.problems).toEqual([]);
    expect(p.filters).toEqual({
      sourceId: 7,
      language: 'lv',
      sentiment: 'negative',
      tactic: 'threat_legal',
      from: Date.UTC(2026, 10, 1),
      to: Date.UTC(2026, 10, 3) - 1,
      q: 'kronofogden',
      relevant: true,
    });
    expect(p.values).toMatchObject({ source: '7', from: '2026-11-01', to: '2026-11-02', q: 'kronofogden', relevant: '1' });
  });

  it('ignores each bad value with a message instead of failing', () => {
    const p = parseFilters({ source: '99', language: 'xx', sentiment: 'angry', tactic: 'DROP TABLE', from: '2026-02-30', to: 'yesterday', q: '"" --', relevant: 'yes' }, sources);
    expect(p.filters).toEqual({});
    expect(p.problems).toHaveLength(8);
    expect(p.values).toEqual({ source: '', language: '', sentiment: '', tactic: '', from: '', to: '', q: '', relevant: '' });
  });

  it('drops a reversed date range, keeps a one-sided one', () => {
    expect(parseFilters({ from: '2026-11-05', to: '2026-11-01' }, sources).filters).toEqual({});
    expect(parseFilters({ to: '2026-11-01' }, sources).filters).toEqual({ to: Date.UTC(2026, 10, 2) - 1 });
  });

  it('shortens huge values in messages and searches', () => {
    const p = parseFilters({ language: 'x'.repeat(10_000), q: 'word '.repeat(1000) }, sources);
    expect(p.problems[0]!.length).toBeLessThan(100);
    expect(p.filters.q!.length).toBeLessThanOrEqual(200);
  });
});

describe('format helpers', () => {
  it('parses only real calendar days', () => {
    expect(parseIsoDay('2026-11-18')).toBe(Date.UTC(2026, 10, 18));
    expect(parseIsoDay('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    for (const bad of ['2026-02-29', '2026-13-01', '2026-1-1', '18.11.2026', '', '2026-11-18T00:00']) expect(parseIsoDay(bad)).toBeNull();
  });

  it('links only http(s) URLs', () => {
    expect(isHttpUrl('https://example.com/a?b=1')).toBe(true);
    expect(isHttpUrl('http://example.com')).toBe(true);
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', '//example.com', '/relative', 'mailto:a@b.c', '', null, undefined]) expect(isHttpUrl(bad)).toBe(false);
  });

  it('shortens text at a word boundary, counting code points', () => {
    expect(excerpt('short  text\n here')).toBe('short text here');
    const long = 'word '.repeat(60);
    const e = excerpt(long, 160);
    expect(e.endsWith('word…')).toBe(true);
    expect(Array.from(e).length).toBeLessThanOrEqual(161);
    expect(excerpt('😡'.repeat(200), 10)).toBe(`${'😡'.repeat(10)}…`);
  });

  it('formats signs and shares', () => {
    expect(formatSigned(-0.6)).toBe('−0.6');
    expect(formatSigned(1)).toBe('+1');
    expect(formatSigned(0.001)).toBe('0');
    expect(percent(1, 3)).toBe('33%');
    expect(percent(0, 0)).toBe('—');
  });
});
