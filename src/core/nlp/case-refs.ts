// Collection case / reference numbers written in a mention ("ärende 40512377", "дело № 61-448102").
// A cue word must come first, so phone numbers, amounts and dates are not taken for references.
import { CASE_REF_FILE } from './lexicon-data.ts';

export interface CaseRef {
  /** Digits only: "4051-2377" → "40512377". */
  ref: string;
  /** UTF-16 offsets of the number as written. */
  start: number;
  end: number;
}

const MIN_DIGITS = 6;
const MAX_DIGITS = 12;
/** Cue to number: at most this many characters and three filler words ("number is", "nr."). */
const MAX_GAP = 24;
const MAX_GAP_WORDS = 3;
/** A phone word this close before the cue means "tel. nr 0701…", not a case. */
const PHONE_WINDOW = 20;

const SPECIAL_FOLDS: Record<string, string> = { ł: 'l', ø: 'o', æ: 'a', œ: 'o', ß: 's', đ: 'd', ı: 'i' };

/** Lower-cases and strips diacritics one UTF-16 unit at a time, so offsets stay valid. */
export function foldSameLength(text: string): string {
  const out: string[] = new Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const code = c.charCodeAt(0);
    if (code < 128) out[i] = c.toLowerCase();
    else if (code >= 0xd800 && code <= 0xdfff) out[i] = c;
    else {
      const lower = c.toLowerCase();
      const one = lower.length === 1 ? lower : c;
      out[i] = SPECIAL_FOLDS[one] ?? one.normalize('NFD')[0];
    }
  }
  return out.join('');
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const fold = (words: string[]) => words.map(foldSameLength);
const CUES = new Set(fold(CASE_REF_FILE.cues));
const BARE = new Set(fold(CASE_REF_FILE.bare));
const FILLERS = new Set(fold(CASE_REF_FILE.fillers));
const PHONE_WORDS = new Set(fold(CASE_REF_FILE.phoneWords));
const AMOUNT_WORDS = new Set(fold(CASE_REF_FILE.amountWords));
const CUE_RE = new RegExp(
  `(?<![\\p{L}\\p{N}])(${[...CUES, ...BARE]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|')})(?![\\p{L}])`,
  'gu',
);
const WORD_RE = /[\p{L}\p{N}#№]+/gu;
/** One to four capitals right before the number, after a space, with or without a hyphen: "LV-", "EL", "SE-". */
const CASE_PREFIX_RE = /(?:^|\s)\p{Lu}{1,4}-?$/u;
/** "2024-03-15", "15/03/2024", "3-15-24": a date, not a reference. */
function isDate(written: string): boolean {
  const parts = written.split(/[-/]/).map(Number);
  if (parts.length !== 3) return false;
  const [a, b, c] = parts;
  const year = (y: number) => (y >= 1900 && y <= 2100) || y < 100;
  const dayMonth = (d: number, m: number) => d >= 1 && d <= 31 && m >= 1 && m <= 12;
  return (a >= 1900 && a <= 2100 && (dayMonth(c, b) || dayMonth(b, c))) || (year(c) && (dayMonth(a, b) || dayMonth(b, a)));
}
// Cheap pre-check: no run of 6+ digits (allowing separators) means nothing to find.
const HAS_LONG_NUMBER = /\d(?:[\d\s\-/]*\d){5}/;

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** Reads a number made of digit groups joined by "-", "/" or (for groups of 3+) a space. */
function readNumber(text: string, from: number, allowSpaces: boolean): number {
  let i = from;
  while (isDigit(text[i])) i++;
  for (;;) {
    const sep = text[i];
    if ((sep === '-' || sep === '/') && isDigit(text[i + 1])) {
      i++;
      while (isDigit(text[i])) i++;
    } else if (allowSpaces && sep === ' ' && /^\d{3}/.test(text.slice(i + 1, i + 4))) {
      i++;
      while (isDigit(text[i])) i++;
    } else return i;
  }
}

function wordsIn(s: string): string[] {
  return s.match(WORD_RE) ?? [];
}

export function findCaseRefs(text: string): CaseRef[] {
  if (!HAS_LONG_NUMBER.test(text)) return [];
  const folded = foldSameLength(text);
  const refs: CaseRef[] = [];
  for (const m of folded.matchAll(CUE_RE)) {
    const cue = m[1];
    const cueStart = m.index!;
    let j = cueStart + cue.length;
    const gapStart = j;
    while (j < folded.length && j - gapStart <= MAX_GAP && !isDigit(folded[j])) {
      if (/[\n!?]/.test(folded[j])) break;
      j++;
    }
    if (!isDigit(folded[j])) continue;
    const gapWords = wordsIn(folded.slice(gapStart, j));
    // A collector's prefix written in capitals and joined to the number ("case LV-40512377") belongs to the
    // reference, not to the words between cue and number; the reference itself is its digits.
    const prefix = CASE_PREFIX_RE.exec(text.slice(gapStart, j));
    if (prefix) gapWords.pop();
    if (gapWords.length > MAX_GAP_WORDS || gapWords.some((w) => !FILLERS.has(w))) continue;
    if (folded[j - 1] === '+') continue;

    const bare = BARE.has(cue) && !gapWords.some((w) => CUES.has(w));
    const end = readNumber(folded, j, !bare);
    const written = text.slice(j, end);
    const digits = written.replace(/\D/g, '');
    if (digits.length < MIN_DIGITS || digits.length > MAX_DIGITS) continue;
    // Part of something longer: an alphanumeric code, IBAN or a decimal amount ("123456,50").
    const next = folded[end];
    if (next !== undefined && /[\p{L}\p{N}]/u.test(next)) continue;
    if ((next === '.' || next === ',') && isDigit(folded[end + 1])) continue;
    if (isDate(written)) continue;
    const after = wordsIn(folded.slice(end, end + 12))[0];
    if (after && AMOUNT_WORDS.has(after)) continue;
    if (/[€$£]/.test(folded.slice(end, end + 3))) continue;
    const before = wordsIn(folded.slice(Math.max(0, cueStart - PHONE_WINDOW), j));
    if (before.some((w) => PHONE_WORDS.has(w))) continue;
    if (bare && digits.startsWith('0')) continue;
    // "Toimik nr 7254…": the cue and the filler both lead to the same number.
    if (refs.some((r) => r.start === j)) continue;
    refs.push({ ref: digits, start: j, end });
  }
  return refs;
}
