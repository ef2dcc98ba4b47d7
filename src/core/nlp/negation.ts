// Negator look-up shared by sentiment (flip scores) and rules (a negated cue does not fire).
import { LANGUAGES, type Language } from '../../../db/schema/constants.ts';
import { RULE_FILES, SENTIMENT_FILES } from './lexicon-data.ts';
import { normalizeWord } from './tokenize.ts';

export interface Negators {
  words: Set<string>;
  /** "n't": any token ending in it negates ("didn't", "won't"). */
  suffix: string;
}

export const NEGATORS = Object.fromEntries(
  LANGUAGES.map((lang) => {
    const file = SENTIMENT_FILES[lang];
    const neg: Negators = { words: new Set(file.negators.map(normalizeWord)), suffix: file.negatorSuffix ?? '' };
    return [lang, neg];
  }),
) as Record<Language, Negators>;

/** Negators that cancel a rule cue (rules.<lang>.json `negators`, else the sentiment list). */
export const RULE_NEGATORS = Object.fromEntries(
  LANGUAGES.map((lang) => {
    const words = RULE_FILES[lang].negators ?? SENTIMENT_FILES[lang].negators;
    const neg: Negators = { words: new Set(words.map(normalizeWord)), suffix: NEGATORS[lang].suffix };
    return [lang, neg];
  }),
) as Record<Language, Negators>;

export function isNegator(norm: string, neg: Negators): boolean {
  return neg.words.has(norm) || (neg.suffix !== '' && norm.endsWith(neg.suffix));
}
