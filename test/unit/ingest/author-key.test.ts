import { describe, expect, it } from 'vitest';
import { authorKey, foldCase } from '../../../src/core/ingest/author-key.ts';

describe('foldCase (Unicode full case folding, NFC)', () => {
  it.each([
    ['ŽANIS_Ķ', 'žanis_ķ'],
    ['Z\u030CANIS_K\u0327', 'žanis_ķ'], // decomposed: the same key as composed
    ['Straße', 'strasse'],
    ['STRASSE', 'strasse'],
    ['ẞ', 'ss'],
    ['ΣΟΦΟΣ', 'σοφοσ'],
    ['σοφος', 'σοφοσ'], // final sigma folds like sigma
    ['ſtar', 'star'],
    ['ﬁsh', 'fish'],
    ['ДМИТРИЙ', 'дмитрий'],
    ['ĶĒNIŅŠ', 'ķēniņš'],
    ['İstanbul', 'i\u0307stanbul'],
  ])('%s → %s', (input, folded) => expect(foldCase(input)).toBe(folded));

  it('keeps diacritics and dotless ı apart from what they are not', () => {
    expect(foldCase('Žanis')).not.toBe(foldCase('Zanis'));
    expect(foldCase('KIL')).toBe('kil');
    expect(foldCase('kıl')).toBe('kıl');
  });
});

describe('authorKey', () => {
  it('drops a leading "@" and folds white space, so handles and display names compare as people write them', () => {
    expect(authorKey('@ŽANIS_Ķ')).toBe('žanis_ķ');
    expect(authorKey(' @@Kim_V ')).toBe('kim_v');
    expect(authorKey('  KIM \u00A0  v ')).toBe('kim v');
    expect(authorKey('Kim.V@Example.com')).toBe('kim.v@example.com');
  });

  it('is null when nothing is left', () => {
    for (const empty of [null, undefined, '', '   ', '@', ' @@ ']) expect(authorKey(empty)).toBeNull();
  });
});
