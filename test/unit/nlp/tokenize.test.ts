import { describe, expect, it } from 'vitest';
import { foldDiacritics, normalizeWord, tokenize } from '../../../src/core/nlp/tokenize.ts';

describe('tokenize', () => {
  it('keeps UTF-16 offsets that point at the token as written', () => {
    const text = 'Piedzinējs zvana 😡 — don’t call, kollektory «звонят» :( 23:50 <3';
    for (const t of tokenize(text)) expect(text.slice(t.start, t.end)).toBe(t.text);
  });

  it.each([
    ['Łódź ärende piedzinējs', ['lodz', 'arende', 'piedzinejs']],
    ['Звонят ЕЩЁ', ['звонят', 'еще']],
    ["didn't won’t", ["didn't", "won't"]],
    ['gæld søster', ['gaeld', 'soster']],
  ])('normalises words: %s', (text, norms) => {
    expect(tokenize(text).map((t) => t.norm)).toEqual(norms);
  });

  it('splits hyphenated words so stems match compound tails', () => {
    expect(
      tokenize('ID-tyveri')
        .filter((t) => t.kind === 'word')
        .map((t) => t.norm),
    ).toEqual(['id', 'tyveri']);
  });

  it.each([
    ['so helpful 🙃', 'emoji', '🙃'],
    ['thanks ❤️', 'emoji', '❤'],
    ['not again :(', 'emoticon', ':('],
    ['cheers :-)', 'emoticon', ':-)'],
    ['love it <3', 'emoticon', '<3'],
  ])('recognises %s', (text, kind, norm) => {
    expect(tokenize(text).some((t) => t.kind === kind && t.norm === norm)).toBe(true);
  });

  it('does not read URLs or clock times as emoticons', () => {
    const kinds = tokenize('https://example.com at 10:30').map((t) => t.kind);
    expect(kinds).not.toContain('emoticon');
  });

  it('keeps clock times and ordinals as one number token', () => {
    const numbers = tokenize('called at 23:50, the 7th call, 21.30 and 8am').filter((t) => t.kind === 'number');
    expect(numbers.map((t) => t.text)).toEqual(['23:50', '7th', '21.30', '8am']);
  });

  it('folds diacritics without lower-casing in foldDiacritics', () => {
    expect(foldDiacritics('Piedzinējs Ärende')).toBe('Piedzinejs Arende');
    expect(normalizeWord('PIEDZINĒJS')).toBe('piedzinejs');
  });
});
