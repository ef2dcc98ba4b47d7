// Text → hashed sparse features, shared by every head of the learned model (see model.ts): folded words and word
// bigrams, character 4–5-grams inside words and 3-grams at their edges (inflection in fi/et/lv/lt/ru/pl), natural's
// stems where it has a stemmer, words in a negation's scope, lexicon polarity and word roles, register cues, emoji,
// punctuation, rule hits, the language and a length bucket.
// Each feature remembers the tokens it came from, so a label can point back at the words that carried it.
import type { Language } from '../../../db/schema/constants.ts';
import { fnv, fnvStep, mix } from './hash.ts';
import { emojiPolarity, isIronyMarker, registerCues, wordPolarity, wordRole } from './lexicon.ts';
import { isNegator, NEGATORS } from './negation.ts';
import type { RuleHit } from './rules.ts';
import { stemOf } from './stems.ts';
import { isClauseBreak, isSentenceBreak, type Token } from './tokenize.ts';

export interface FeatureInput {
  tokens: Token[];
  language: Language;
  hits: readonly RuleHit[];
  caseRefs: number;
}

/**
 * Feature entries 0..n-1, not merged: a feature seen twice appears twice (a dot product comes out the same). `val`
 * carries the hash sign and the length normalisation; `first`/`last` are token indexes, -1 for whole-text cues.
 * The arrays belong to the featurizer and are overwritten by its next call.
 */
export interface Features {
  n: number;
  bucket: Uint32Array;
  val: Float32Array;
  first: Int32Array;
  last: Int32Array;
  /** Words whose own features (the word, its character n-grams, its stem) were found in the word cache. */
  refs: WordRef[];
  /** Words featurised in full this time, entries start..end-1, for the cache to learn. */
  blocks: WordBlock[];
  /** The length scaling the text features got (float32, as `val` holds it): cached word sums are multiplied by it. */
  scale: number;
}

/** A word's own features summed per model column (int8 weights × hash signs) and how many there were. */
export interface WordVector {
  sums: Float32Array;
  count: number;
}

export interface WordRef {
  token: number;
  vector: WordVector;
}

export interface WordBlock {
  token: number;
  language: Language;
  word: string;
  start: number;
  end: number;
}

/** Where a featurizer may find words it has scored before (see WordCache in model.ts). */
export interface WordLookup {
  get(language: Language, word: string): WordVector | undefined;
}

const NEGATION_SCOPE = 3;
const MAX_GRAM_WORD = 24;
const ns = (kind: string) => fnv(kind + '\u0000');
const WORD = ns('w');
const BIGRAM = ns('b');
const CHARS = ns('c');
const NEGATED = ns('n');
const STEM = ns('s');
const EMOJI = ns('e');
const CUE = ns('q');
const RULE = ns('r');
const LANGUAGE = ns('l');
const DIGIT_RE = /\p{N}/gu;
const CAPS_RE = /^\p{Lu}+$/u;

/**
 * Buckets are taken modulo 2^bits; the top bit of the mixed hash is the sign. With a `cache`, a word already scored
 * is not featurised again: its cached column sums stand in for its own features (the analyser's fast path; the
 * trainer featurises everything).
 */
export function createFeaturizer(bits: number, cache?: WordLookup) {
  const mask = (1 << bits) - 1;
  let cap = 1024;
  let bucket = new Uint32Array(cap);
  let val = new Float32Array(cap);
  let first = new Int32Array(cap);
  let last = new Int32Array(cap);
  let n = 0;
  let meta = 0;
  let refs: WordRef[] = [];
  let blocks: WordBlock[] = [];
  let refCount = 0;

  const push = (h: number, a: number, b: number) => {
    if (n === cap) {
      cap *= 2;
      const grow = <T extends Uint32Array | Float32Array | Int32Array>(old: T, make: (c: number) => T) => {
        const next = make(cap);
        next.set(old);
        return next;
      };
      bucket = grow(bucket, (c) => new Uint32Array(c));
      val = grow(val, (c) => new Float32Array(c));
      first = grow(first, (c) => new Int32Array(c));
      last = grow(last, (c) => new Int32Array(c));
    }
    const m = mix(h);
    bucket[n] = m & mask;
    val[n] = m >>> 31 ? -1 : 1;
    first[n] = a;
    last[n] = b;
    n++;
  };
  const cue = (name: string, a = -1, b = -1) => push(fnv(name, CUE), a, b);
  /** A whole-text cue with a real value (pushed after the text features, so it is not length-scaled). */
  const graded = (name: string, value: number) => {
    push(fnv(name, CUE), -1, -1);
    val[n - 1]! *= value;
  };

  /** Character n-grams of "<word>", hashed incrementally (no substrings). */
  const charGrams = (word: string, i: number) => {
    const len = word.length + 2;
    const at = (k: number) => (k === 0 ? 60 : k === len - 1 ? 62 : word.charCodeAt(k - 1));
    for (let s = 0; s + 3 <= len; s++) {
      let h = CHARS;
      for (let k = s; k < s + 5 && k < len; k++) {
        h = fnvStep(h, at(k));
        // 4- and 5-grams everywhere, 3-grams only at the word's edges (prefixes and endings): as accurate on
        // cross-validation as every 3-gram, with a third fewer features to score.
        if (k - s >= 3 || (k - s === 2 && (s === 0 || k === len - 1))) push(h, i, i);
      }
    }
  };

  return function featurize({ tokens, language, hits, caseRefs }: FeatureInput): Features {
    n = 0;
    refs = [];
    blocks = [];
    refCount = 0;
    const neg = NEGATORS[language];
    let scope = 0;
    let prev = -1;
    let prevNorm = '';
    let words = 0;
    let polarity = 0;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.kind === 'punct') {
        if (isClauseBreak(t)) scope = 0;
        if (isSentenceBreak(t)) prev = -1;
        if (t.text.includes('?')) cue('?', i, i);
        if (t.text.includes('!')) cue(t.text.length > 1 ? '!!' : '!', i, i);
        if (t.text.includes('"') || t.text.includes('“') || t.text.includes('„') || t.text.includes('«')) cue('quote');
        continue;
      }
      if (t.kind === 'emoji' || t.kind === 'emoticon') {
        push(fnv(t.norm, EMOJI), i, i);
        const p = emojiPolarity(t.norm);
        if (p) cue(p > 0 ? 'emoji+' : 'emoji-', i, i);
        polarity += p;
        if (isIronyMarker(t.norm)) cue('irony-emoji', i, i);
        continue;
      }
      words++;
      const norm = t.kind === 'number' ? t.norm.replace(DIGIT_RE, '0') : t.norm;
      // The word's own features, together: the word, its character n-grams, its stem.
      const cached = cache?.get(language, norm);
      if (cached) {
        refs.push({ token: i, vector: cached });
        refCount += cached.count;
      } else {
        const start = n;
        push(fnv(norm, WORD), i, i);
        if (t.kind === 'word') {
          if (norm.length >= 2 && norm.length <= MAX_GRAM_WORD) charGrams(norm, i);
          const stem = stemOf(norm, language);
          if (stem && stem !== norm) push(fnv(stem, STEM), i, i);
        }
        if (cache) blocks.push({ token: i, language, word: norm, start, end: n });
      }
      if (prev >= 0) push(fnv(norm, fnv(prevNorm, BIGRAM)), prev, i);
      prev = i;
      prevNorm = norm;
      if (t.kind !== 'word') continue;
      if (t.text.length >= 3 && CAPS_RE.test(t.text)) cue('caps', i, i);
      const negated = scope > 0;
      if (negated) {
        push(fnv(norm, NEGATED), i, i);
        scope--;
      }
      if (isNegator(norm, neg)) scope = NEGATION_SCOPE;
      const p = wordPolarity(norm, language);
      if (p) {
        cue(p > 0 !== negated ? (Math.abs(p) >= 3 ? 'lex++' : 'lex+') : Math.abs(p) >= 3 ? 'lex--' : 'lex-', i, i);
        polarity += negated ? -p / 2 : p;
      }
      const role = wordRole(norm, language);
      if (role) cue(role, i, i);
    }
    // Rule hits and whole-text cues are not scaled with length (see finish): a cue in a long story counts as
    // much as in a tweet.
    meta = n;
    for (const h of hits) push(fnv(`${h.field}:${h.label}`, RULE), h.first, h.last);
    for (const c of registerCues(tokens, language)) cue(c.kind, c.first, c.last);
    push(fnv(language, LANGUAGE), -1, -1);
    cue(words < 6 ? 'len:xs' : words < 20 ? 'len:s' : words < 60 ? 'len:m' : words < 150 ? 'len:l' : 'len:xl');
    if (caseRefs > 0) cue('case-ref');
    // The lexicons' verdict on the whole text, squashed: one weight shared by every language.
    if (polarity) graded('polarity', Math.tanh(polarity / 4));
    return finish();
  };

  /** Text features are scaled to unit length; whole-text cues keep their weight. The arrays are reused by the next call. */
  function finish(): Features {
    const total = meta + refCount;
    const scale = Math.fround(total > 0 ? 1 / Math.sqrt(total) : 1);
    for (let k = 0; k < meta; k++) val[k]! *= scale;
    return { n, bucket, val, first, last, refs, blocks, scale };
  }
}
