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
  '',
];

describe('n-gram language scores', () => {
  const texts = [...demoMentions.map((m) => m.text), ...EDGE_CASES];

  it.each(texts.map((t) => [t.slice(0, 40), t]))('match eld on %j', (_, text) => {
    const expected = eld.detect(text);
    const ours = scoreNgrams(text);
    const eldRanked = Object.entries(expected.getScores()).map(([l, s]) => [l === 'no' ? 'nb' : l, s]);
    expect(ours.ranked.map(([l]) => l)).toEqual(eldRanked.map(([l]) => l));
    ours.ranked.forEach(([, s], i) => expect(s).toBeCloseTo(eldRanked[i][1] as number, 12));
    expect(ours.reliable).toBe(expected.isReliable());
  });

  it('tells the ten languages apart on plain sentences', () => {
    expect(scoreNgrams('Perintätoimisto soittaa minulle joka päivä').ranked[0][0]).toBe('fi');
    expect(scoreNgrams('Skolų išieškotojai skambina man kiekvieną dieną').ranked[0][0]).toBe('lt');
    expect(scoreNgrams('').ranked).toEqual([]);
  });
});
