// Word stems from natural's Snowball stemmers, for the languages it has (English, Swedish, Norwegian — also used
// for Danish, its close neighbour — and Russian): a feature that joins inflected forms the character n-grams may
// split. natural's modules are imported by path: the package root is slow to load and does not run on Workers.
import porterEn from 'natural/lib/natural/stemmers/porter_stemmer.js';
import porterNo from 'natural/lib/natural/stemmers/porter_stemmer_no.js';
import porterRu from 'natural/lib/natural/stemmers/porter_stemmer_ru.js';
import porterSv from 'natural/lib/natural/stemmers/porter_stemmer_sv.js';
import type { Language } from '../../../db/schema/constants.ts';

const STEMMERS: Partial<Record<Language, { stem(word: string): string }>> = { en: porterEn, sv: porterSv, nb: porterNo, da: porterNo, ru: porterRu };

// Stemming is the slow part of a word's features; memoise it, bounded so re-analysing history cannot grow it forever.
const cache = new Map<string, string>();
const MAX_CACHED = 50_000;

/** The stem of a folded word in `lang`, or null when natural has no stemmer for it. */
export function stemOf(norm: string, lang: Language): string | null {
  const stemmer = STEMMERS[lang];
  if (!stemmer) return null;
  const key = lang + norm;
  let s = cache.get(key);
  if (s === undefined) {
    s = stemmer.stem(norm);
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(key, s);
  }
  return s;
}
