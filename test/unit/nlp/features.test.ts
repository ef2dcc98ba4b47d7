import { describe, expect, it } from 'vitest';
import { createFeaturizer } from '../../../src/core/nlp/features.ts';
import { fnv, mix } from '../../../src/core/nlp/hash.ts';
import { matchRules } from '../../../src/core/nlp/rules.ts';
import { tokenize } from '../../../src/core/nlp/tokenize.ts';

const BITS = 18;
const featurize = createFeaturizer(BITS);
const features = (text: string, language: 'en' | 'fi' | 'ru' = 'en', withRules = false) => {
  const tokens = tokenize(text);
  const f = featurize({ tokens, language, hits: withRules ? matchRules(tokens, text, [language]) : [], caseRefs: 0 });
  // The featurizer reuses its arrays: copy what the test keeps.
  return {
    n: f.n,
    bucket: Array.from(f.bucket.subarray(0, f.n)),
    val: Array.from(f.val.subarray(0, f.n)),
    first: Array.from(f.first.subarray(0, f.n)),
    last: Array.from(f.last.subarray(0, f.n)),
    tokens,
  };
};

describe('hashed features', () => {
  it('hashes the same string to the same bucket every time (FNV-1a, then a mix)', () => {
    expect(fnv('')).toBe(0x811c9dc5);
    expect(fnv('a')).toBe(0xe40c292c); // the published FNV-1a 32-bit value
    expect(mix(fnv('inkasso'))).toBe(mix(fnv('inkasso')));
    expect(mix(fnv('inkasso'))).not.toBe(mix(fnv('inkassot')));
  });

  it('is deterministic and stays inside 2^bits buckets', () => {
    const a = features('Perintätoimisto soittaa joka päivä!', 'fi');
    const b = features('Perintätoimisto soittaa joka päivä!', 'fi');
    expect(a).toEqual(b);
    for (const x of a.bucket) expect(x).toBeLessThan(1 << BITS);
  });

  it('scales the text features to unit length and leaves whole-text cues at full weight', () => {
    const f = features('they call me every day about a debt I already paid');
    const text = f.val.filter((_, k) => f.first[k]! >= 0 && Math.abs(f.val[k]!) < 1);
    const sumSq = text.reduce((s, v) => s + v * v, 0);
    expect(sumSq).toBeCloseTo(1, 4);
    const whole = f.val.filter((_, k) => f.first[k] === -1);
    expect(whole.length).toBeGreaterThanOrEqual(2); // the language and the length bucket
    for (const v of whole) expect(Math.abs(v)).toBe(1);
  });

  it('builds character n-grams inside a word, so inflections share features', () => {
    const a = new Set(features('ulosotto', 'fi').bucket);
    const b = new Set(features('ulosotolla', 'fi').bucket);
    const shared = [...a].filter((x) => b.has(x)).length;
    expect(shared).toBeGreaterThanOrEqual(4); // "<ul", "ulo", "los", "oso", …
    const other = new Set(features('maksusuunnitelma', 'fi').bucket);
    expect([...a].filter((x) => other.has(x)).length).toBeLessThan(shared);
  });

  it('marks words in a negation’s scope, so "not helpful" is not "helpful"', () => {
    const plain = new Set(features('helpful').bucket);
    const negated = new Set(features('not helpful').bucket);
    const onlyNegated = [...negated].filter((x) => !plain.has(x));
    // The negator's own features, plus the negated-word feature and the flipped lexicon cue.
    expect(onlyNegated.length).toBeGreaterThan(new Set(features('not').bucket).size);
  });

  it('anchors every feature of a word at that word, and a bigram at both of its words', () => {
    const f = features('late night calls');
    for (let k = 0; k < f.n; k++) {
      if (f.first[k]! < 0) continue;
      expect(f.last[k]! - f.first[k]!).toBeLessThanOrEqual(1);
      expect(f.last[k]!).toBeLessThan(f.tokens.length);
    }
    expect(f.first.some((a, k) => a === 0 && f.last[k] === 1)).toBe(true);
  });

  it('adds the rule cues it is given as features of their own', () => {
    const without = features('They keep calling my employer about the debt.', 'en', false);
    const withRules = features('They keep calling my employer about the debt.', 'en', true);
    expect(withRules.n).toBeGreaterThan(without.n);
  });
});
