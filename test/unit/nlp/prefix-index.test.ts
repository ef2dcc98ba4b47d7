import { describe, expect, it } from 'vitest';
import { PrefixIndex } from '../../../src/core/nlp/prefix-index.ts';

describe('PrefixIndex', () => {
  const index = new PrefixIndex<string>();
  for (const p of ['ne', 'nepal', 'nepalidz', 'zvan', 'zv']) index.add(p, p);

  it('finds the longest prefix, honouring a minimum length', () => {
    expect(index.longest('nepalidzeja')).toBe('nepalidz');
    expect(index.longest('nepatik')).toBe('ne');
    expect(index.longest('nepatik', 3)).toBeUndefined();
    expect(index.longest('zvanija')).toBe('zvan');
    expect(index.longest('n')).toBeUndefined();
    expect(index.longest('kaut')).toBeUndefined();
  });

  it('lists every prefix, longest first', () => {
    expect(index.all('nepalidzeja')).toEqual(['nepalidz', 'nepal', 'ne']);
    expect(index.all('zvani')).toEqual(['zvan', 'zv']);
    expect(index.all('abc')).toEqual([]);
  });

  it('refuses prefixes that would match almost anything', () => {
    expect(() => index.add('n', 'n')).toThrow(/too short/);
  });
});
