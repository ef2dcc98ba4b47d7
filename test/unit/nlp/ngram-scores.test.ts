import { eld } from 'eld/extrasmall';
import { describe, expect, it } from 'vitest';
import demoMentions from '../../../src/demo/mentions.json' with { type: 'json' };
import { scoreNgrams } from '../../../src/core/nlp/ngram-scores.ts';

// Our port scores exactly as eld does over the same ten languages: the same order, the same scores and the
// same reliability, on every demo mention (all ten languages) and on edge cases of its tokenisation.
eld.setLanguageSubset(['en', 'sv', 'fi', 'no', 'da', 'lv', 'lt', 'et', 'ru', 'pl']);

const EDGE_CASES = [
  "don't won’t rock`n`roll",
  'ab',
  'ÅÄÖ åäö ÆØ æø',
  'Ąę łódź ŻÓŁW',
  'emoji 👍🏽 in 🇱🇻 between words',
  'x'.repeat(120),
  'ļoti '.repeat(200),
  '42 1,000.50 +371 2000 0000',
  // Long texts: eld stops at a space after 350 bytes, or mid-word after 380 (multi-byte letters near the cut).
  `${'kā '.repeat(115)}pārāksšķēršļūžņģ un vēl`,
  `${'x'.repeat(345)} ${'ąęśćźżółń'.repeat(8)} tail`,
  'ЖЖЖ '.repeat(40),
  'a  b   c',
  '',
];

describe('n-gram language scores', () => {
  const texts = [...demoMentions.map((m) => m.text), ...EDGE_CASES];

  it.each(texts.map((t) => [t.slice(0, 40), t]))('match eld on %j', (_, text) => {
    const expected = eld.detect(text);
    const ours = scoreNgrams(text);
    const eldScores = Object.fromEntries(Object.entries(expected.getScores()).map(([l, s]) => [l === 'no' ? 'nb' : l, s]));
    // The same languages with the same scores; equal scores may be listed in another order (eld orders ties by
    // its own language ids).
    expect(Object.keys(Object.fromEntries(ours.ranked)).sort()).toEqual(Object.keys(eldScores).sort());
    for (const [l, s] of ours.ranked) expect(s).toBeCloseTo(eldScores[l] as number, 12);
    expect(ours.ranked.map(([, s]) => s)).toEqual([...ours.ranked.map(([, s]) => s)].sort((a, b) => b - a));
    expect(ours.reliable).toBe(expected.isReliable());
  });

  it('tells the ten languages apart on plain sentences', () => {
    expect(scoreNgrams('Perintätoimisto soittaa minulle joka päivä').ranked[0][0]).toBe('fi');
    expect(scoreNgrams('Skolų išieškotojai skambina man kiekvieną dieną').ranked[0][0]).toBe('lt');
    expect(scoreNgrams('').ranked).toEqual([]);
  });
});
