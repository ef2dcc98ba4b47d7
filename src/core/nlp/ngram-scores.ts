// eld's n-gram language scoring (eld 2.x by Nito T.M., Apache-2.0), over only the ten languages Earshot reads.
// lexicons/langid-ngrams.json is the ten languages' share of eld's extrasmall database
// (src/cli/build-langid-data.ts writes it). The steps are eld's detect(): letter-only words, lower-cased,
// as UTF-8 bytes; 4-byte n-grams with stride 3 plus word edges; each distinct n-gram adds its score to every
// language it knows. A test checks the result against eld itself.
import type { Language } from '../../../db/schema/constants.ts';
import data from './lexicons/langid-ngrams.json' with { type: 'json' };

export interface NgramScores {
  /** Languages with a positive score, best first; scores in (0, 1) as eld's getScores(). */
  ranked: [Language, number][];
  /** eld's isReliable(): enough n-grams and a best score near what a correct detection usually gets. */
  reliable: boolean;
}

const LANGS = data.languages as Language[];
/** eld subtracts this from every stored score to keep its database small. */
const BASE_SCORE = 53;
/** eld's hand-picked scale from raw score per n-gram to (0, 1). */
const SCALE = 25;
const RELIABLE_RATIO = 0.75;
// eld reads at most 1,000 characters, then cuts at a space after 350 bytes, or anywhere after 380.
const MAX_CHARS = 1000;
const CUT_AFTER_BYTES = 350;
const HARD_CUT_BYTES = 380;

/** eld's database as (language index, stored score) pairs per n-gram. */
const TABLE = new Map<string, number[]>(Object.entries(data.ngrams));
/** Bytes ≥ 0x80 become these characters, as in eld's database keys. */
const BYTE = data.dictionary;
// Runs of non-letters split words, except a run ending in an apostrophe ("don't" stays one word).
const SEPARATORS = /[^\p{L}]+(?<!['`\u2019])/gu;

// Every n-gram met is given a small number, and every word met keeps its n-grams' numbers (most words of a feed
// recur): a text then costs a look-up per word and an array index per n-gram. Bounded: full, it starts over.
const MAX_KNOWN = 200_000;
const gramIds = new Map<string, number>();
let gramRows: (number[] | undefined)[] = [];
const wordGrams = new Map<string, { ids: number[]; bytes: number }>();
/** seenIn[id] === call: the n-gram was already counted in this call (they count once per text). */
let seenIn = new Int32Array(1024);
let call = 0;

function gramId(gram: string): number {
  let id = gramIds.get(gram);
  if (id === undefined) {
    id = gramIds.size;
    gramIds.set(gram, id);
    gramRows.push(TABLE.get(gram));
    if (id >= seenIn.length) {
      const grown = new Int32Array(seenIn.length * 2);
      grown.set(seenIn);
      seenIn = grown;
    }
  }
  return id;
}

function forget(): void {
  gramIds.clear();
  wordGrams.clear();
  gramRows = [];
  seenIn.fill(0);
  call = 0;
}

export function scoreNgrams(text: string): NgramScores {
  if (gramIds.size > MAX_KNOWN) forget();
  call++;
  const raw = new Array<number>(LANGS.length).fill(0);
  let distinct = 0;
  const count = (id: number) => {
    if (seenIn[id] === call) return;
    seenIn[id] = call;
    distinct++;
    const row = gramRows[id];
    if (row) for (let k = 0; k < row.length; k += 2) raw[row[k]!]! += row[k + 1]! + BASE_SCORE;
  };
  const words = text.slice(0, MAX_CHARS).replace(SEPARATORS, ' ').trim().toLowerCase();
  if (words !== '') {
    let bytes = 0;
    for (const word of words.split(' ')) {
      let known = wordGrams.get(word);
      if (!known) {
        const asBytes = utf8Words(word)[0] ?? '';
        known = { ids: [...byteNgrams([asBytes])].map(gramId), bytes: asBytes.length };
        wordGrams.set(word, known);
      }
      // Past eld's cut, word by word no longer matches it: start over on eld's own path.
      if ((bytes += known.bytes + 1) > CUT_AFTER_BYTES) {
        call++;
        distinct = 0;
        raw.fill(0);
        for (const gram of byteNgrams(utf8Words(words))) count(gramId(gram));
        break;
      }
      for (const id of known.ids) count(id);
    }
  }
  const ranked: [Language, number][] = [];
  raw.forEach((r, i) => {
    if (r <= 0) return;
    const perNgram = r / distinct;
    ranked.push([LANGS[i]!, perNgram / (perNgram + SCALE)]);
  });
  ranked.sort((a, b) => b[1] - a[1]);
  const best = ranked[0];
  const reliable = best !== undefined && distinct >= 3 && best[1] >= data.avgScore[LANGS.indexOf(best[0])]! * RELIABLE_RATIO;
  return { ranked, reliable };
}

/** Words as strings of byte characters: ASCII as is, other bytes through eld's dictionary. */
function utf8Words(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      if (c === 32) {
        if (word !== '') words.push(word);
        word = '';
        if (bytes > CUT_AFTER_BYTES) break;
      } else word += text[i];
      bytes++;
    } else if (c < 0x800) {
      word += BYTE[0xc0 | (c >> 6)] + BYTE[0x80 | (c & 0x3f)];
      bytes += 2;
    } else if (c < 0xd800 || c >= 0xe000) {
      word += BYTE[0xe0 | (c >> 12)] + BYTE[0x80 | ((c >> 6) & 0x3f)] + BYTE[0x80 | (c & 0x3f)];
      bytes += 3;
    } else {
      c = 0x10000 + (((c & 0x3ff) << 10) | (text.charCodeAt(++i) & 0x3ff));
      word += BYTE[0xf0 | (c >> 18)] + BYTE[0x80 | ((c >> 12) & 0x3f)] + BYTE[0x80 | ((c >> 6) & 0x3f)] + BYTE[0x80 | (c & 0x3f)];
      bytes += 4;
    }
    if (bytes > HARD_CUT_BYTES) break;
  }
  if (word !== '') words.push(word);
  return words;
}

/** Distinct n-grams: 4 bytes with stride 3, the first marked by a leading space, the last by a trailing one. */
function byteNgrams(words: string[]): Set<string> {
  const ngrams = new Set<string>();
  for (const word of words) {
    const len = Math.min(word.length, 70);
    let j = 0;
    for (; j + 4 < len; j += 3) ngrams.add((j === 0 ? ' ' : '') + word.substring(j, j + 4));
    ngrams.add((j === 0 ? ' ' : '') + word.substring(len !== 3 ? len - 4 : 0) + ' ');
  }
  return ngrams;
}
