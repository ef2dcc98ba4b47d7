// Unicode-aware tokeniser with UTF-16 offsets, so evidence can point at the exact text.
// Hyphens split words ("ID-tyveri" → "ID", "tyveri") so stems match compound tails.

export type TokenKind = 'word' | 'number' | 'emoji' | 'emoticon' | 'punct';

export interface Token {
  /** As written. */
  text: string;
  /** Lower-cased and diacritic-folded; what lexicons and rules match against. */
  norm: string;
  start: number;
  end: number;
  kind: TokenKind;
}

// Order matters: emoticons before punctuation, numbers before words. Groups, in order: emoticon, emoji,
// number, word, punct (plain groups: named ones cost a "groups" object per match).
// Emoticons need a non-alphanumeric left neighbour so "https://" and "10:30" are not faces.
const TOKEN_RE = new RegExp(
  [
    "((?<![\\p{L}\\p{N}])(?:[:;=][-^']?[()\\[\\]DPpOo/\\\\|*]|<3)(?![\\p{L}\\p{N}]))",
    '((?:\\p{Regional_Indicator}{2})|\\p{Extended_Pictographic}(?:\\uFE0F|\\p{Emoji_Modifier}|\\u200D\\p{Extended_Pictographic}\\uFE0F?)*)',
    // "21.30", "23:50", "10/10", "7th", "8am" stay one token.
    '(\\p{N}+(?:[.,:/]\\p{N}+)*(?:[\\p{L}]{1,3}(?![\\p{L}]))?)',
    "([\\p{L}\\p{M}]+(?:['’][\\p{L}\\p{M}]+)*)",
    // Currency signs are tokens so a matcher can tell "22.50 €" (a price) from "22.50" (a time).
    '(\\p{Sc}|[.!?;,:…"“”„«»()–—-]+)',
  ].join('|'),
  'gu',
);

// Letters NFD cannot decompose; folded so that "gaeld"/"gæld", "lodz"/"łódź" meet.
const EXTRA_FOLDS: Record<string, string> = {
  ł: 'l',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  đ: 'd',
  ı: 'i',
  þ: 'th',
  '’': "'",
};
const EXTRA_FOLD_RE = /[łøæœßđış’]/g;
const COMBINING_RE = /\p{M}+/gu;
const PLAIN_RE = /^[a-z0-9']*$/;

/** Removes diacritics: "piedzinējs" → "piedzinejs", "Łódź" → "Lodz", "ё" → "е". Keeps case. */
export function foldDiacritics(s: string): string {
  return s
    .normalize('NFD')
    .replace(COMBINING_RE, '')
    .replace(EXTRA_FOLD_RE, (c) => EXTRA_FOLDS[c] ?? c)
    .normalize('NFC');
}

/** Lower-case + fold: the form every lexicon entry and token is compared in. */
export function normalizeWord(s: string): string {
  const lower = s.toLowerCase();
  return PLAIN_RE.test(lower) ? lower : foldDiacritics(lower);
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    const kind: TokenKind = m[1] ? 'emoticon' : m[2] ? 'emoji' : m[3] ? 'number' : m[4] ? 'word' : 'punct';
    const start = m.index!;
    const raw = m[0];
    // Emoji are compared without variation selectors so "❤" and "❤️" are one entry.
    const norm = kind === 'word' || kind === 'number' ? normalizeWord(raw) : kind === 'emoji' ? raw.replace(/\uFE0F/g, '') : kind === 'emoticon' ? raw.toUpperCase() : raw;
    tokens.push({ text: raw, norm, start, end: start + raw.length, kind });
  }
  return tokens;
}

/** Clause boundary: ends negation and intensifier scope. */
export function isClauseBreak(t: Token): boolean {
  return t.kind === 'punct' && /[.!?;,:…]/.test(t.text);
}

/** Sentence boundary: phrase gaps never cross it. */
export function isSentenceBreak(t: Token): boolean {
  return t.kind === 'punct' && /[.!?…]/.test(t.text);
}

/** Words and numbers, not punctuation or emoji: a text's length in words. */
export function wordCount(tokens: readonly Token[]): number {
  let n = 0;
  for (const t of tokens) if (t.kind === 'word' || t.kind === 'number') n++;
  return n;
}
