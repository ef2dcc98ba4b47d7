// A tiny phrase-pattern language over tokens, compiled once and indexed by first element,
// so keyword rules stay data (JSON) and matching costs a few map look-ups per token.
//
// Pattern syntax (space-separated elements, compared after lower-casing and diacritic folding):
//   word        exact token            stem*     token starts with "stem"
//   a|b*|c      alternatives           *         any word or number
//   #           any number             ...       gap of 0–4 tokens inside the sentence
//   @oddtime    a clock time 21:00–07:59 ("23:50", "21.30", "6am", "11pm"), not a price
//   @oddhour    like @oddtime, or a bare hour 0–7 / 21–23 (use after a cue: "kl @oddhour")
//   !a|b*       the next token must NOT be one of these (consumes nothing): "media !spoleczn*"
// Punctuation inside a sentence (commas, quotes, dashes) is skipped between elements.
// An alternative the tokeniser splits ("e-mail", "sms:ar", "q3") becomes a sequence of elements;
// write a multi-word alternative with underscores: "phone|pa_pastu".
import { PrefixIndex } from './prefix-index.ts';
import { isSentenceBreak, normalizeWord, tokenize, type Token } from './tokenize.ts';

interface Element {
  exact: Set<string>;
  prefixes: string[];
  /** The prefixes indexed, for elements with many (a long list of stems is common in cue files). */
  prefixIndex: PrefixIndex<true> | null;
  any: boolean;
  number: boolean;
  time: '' | 'oddtime' | 'oddhour';
  gap: number;
  negate: boolean;
}

export interface CompiledPattern<M> {
  source: string;
  elements: Element[];
  meta: M;
  /** The token it was last tried at, in the current match: one listed under two alternatives is tried once. */
  triedAt: number;
}

export interface PatternHit<M> {
  meta: M;
  source: string;
  /** Token indexes, inclusive. */
  first: number;
  last: number;
}

const MAX_GAP = 4;
const CURRENCY = new Set(['€', '$', '£', 'eur', 'euro', 'eurot', 'euros', 'kr', 'zl', 'sek', 'nok', 'dkk', 'pln', 'usd', 'gbp', 'rub', 'руб', 'р']);

function parseElement(raw: string): Element {
  const el: Element = { exact: new Set(), prefixes: [], prefixIndex: null, any: false, number: false, time: '', gap: 0, negate: false };
  if (raw === '...') return { ...el, gap: MAX_GAP };
  if (raw.startsWith('!')) {
    el.negate = true;
    raw = raw.slice(1);
  }
  for (const alt of raw.split('|')) {
    if (alt === '*') el.any = true;
    else if (alt === '#') el.number = true;
    else if (alt === '@oddtime' || alt === '@oddhour') el.time = alt.slice(1) as Element['time'];
    else if (alt.endsWith('*') && alt.length > 2) el.prefixes.push(normalizeWord(alt.slice(0, -1)));
    else el.exact.add(normalizeWord(alt.replace(/\uFE0F/g, '')));
  }
  if (el.prefixes.length > 4) {
    el.prefixIndex = new PrefixIndex<true>();
    for (const p of el.prefixes) el.prefixIndex.add(p, true);
  }
  return el;
}

/** Splits an alternative into the tokens the text will have; a trailing * stays on the last one. */
const ONE_WORD = /^[\p{L}\p{M}]+\*?$/u;

function altTokens(alt: string): string[] {
  // Most alternatives are one plain word: no need to run the tokeniser (compiling thousands of cues at start-up).
  if (ONE_WORD.test(alt)) return [alt];
  const star = alt.endsWith('*') ? '*' : '';
  const words = tokenize((star ? alt.slice(0, -1) : alt).replace(/_/g, ' '))
    .filter((t) => t.kind !== 'punct')
    .map((t) => t.text);
  if (words.length === 0) return [alt];
  words[words.length - 1] += star;
  return words;
}

const SPECIAL = new Set(['...', '*', '#', '@oddtime', '@oddhour']);
/** An element of plain word alternatives, nothing the tokeniser would split: `a|b*|!c`. */
const PLAIN_ELEMENT = /^!?[\p{L}\p{M}]+\*?(?:\|[\p{L}\p{M}]+\*?)*$/u;

/** Expands multi-token alternatives into separate element sequences (usually one or two variants). */
function expand(source: string): string[][] {
  let variants: string[][] = [[]];
  for (const raw of source.trim().split(/\s+/)) {
    // Plain words only (the common case): one element as written, in every variant.
    if (PLAIN_ELEMENT.test(raw)) {
      for (const v of variants) v.push(raw);
      continue;
    }
    const negate = raw.startsWith('!') ? '!' : '';
    const alts = (negate ? raw.slice(1) : raw).split('|');
    const single: string[] = [];
    const multi: string[][] = [];
    for (const alt of alts) {
      const toks = SPECIAL.has(alt) ? [alt] : altTokens(alt);
      if (toks.length === 1) single.push(alt);
      else multi.push(toks);
    }
    if (negate) {
      // A negation stays one element (none of these may follow); multi-token ones check their first token.
      const all = [...single, ...multi.map((m) => m[0])].join('|');
      variants = variants.map((v) => [...v, `!${all}`]);
      continue;
    }
    const next: string[][] = [];
    for (const v of variants) {
      if (single.length) next.push([...v, single.join('|')]);
      for (const m of multi) next.push([...v, ...m]);
    }
    variants = next;
  }
  return variants;
}

/** Compiles one pattern source into one or more matchers (see expand). */
export function compilePattern<M>(source: string, meta: M): CompiledPattern<M>[] {
  return expand(source).map((parts) => {
    const elements = parts.map(parseElement);
    if (elements.length === 0 || elements[0].gap || elements[0].negate || elements[elements.length - 1].gap) {
      throw new Error(`Bad pattern "${source}": must not start with a gap or negation, nor end with a gap`);
    }
    return { source, elements, meta, triedAt: -1 };
  });
}

/** Hour of a clock-looking token, or null. `bare` also accepts a plain integer. */
function clockHour(norm: string, bare: boolean): number | null {
  let m = /^(\d{1,2})[:.](\d{2})$/.exec(norm);
  if (m && Number(m[2]) < 60) return Number(m[1]);
  m = /^(\d{1,2})(am|pm)$/.exec(norm);
  if (m) {
    const h = Number(m[1]) % 12;
    return m[2] === 'pm' ? h + 12 : h;
  }
  if (bare && /^\d{1,2}$/.test(norm)) return Number(norm);
  return null;
}

function isOddHour(h: number | null): boolean {
  return h !== null && h <= 24 && (h >= 21 || h < 8);
}

function isPrice(tokens: Token[], i: number): boolean {
  const prev = tokens[i - 1]?.norm;
  const next = tokens[i + 1]?.norm;
  return (prev !== undefined && CURRENCY.has(prev)) || (next !== undefined && CURRENCY.has(next));
}

function elementMatches(el: Element, tokens: Token[], i: number): boolean {
  const t = tokens[i];
  if (t.kind === 'punct') return false;
  if (el.any && (t.kind === 'word' || t.kind === 'number')) return true;
  if (el.number && t.kind === 'number') return true;
  if (el.time && t.kind === 'number' && !isPrice(tokens, i) && isOddHour(clockHour(t.norm, el.time === 'oddhour'))) {
    return true;
  }
  if (el.exact.has(t.norm)) return true;
  if (el.prefixIndex) return el.prefixIndex.longest(t.norm) === true;
  for (const p of el.prefixes) if (t.norm.startsWith(p)) return true;
  return false;
}

/** Next token index at or after `i` that is not skippable punctuation; -1 at a sentence end. */
function nextContent(tokens: Token[], i: number): number {
  for (let j = i; j < tokens.length; j++) {
    const t = tokens[j];
    if (t.kind !== 'punct') return j;
    if (isSentenceBreak(t)) return -1;
  }
  return -1;
}

function matchFrom(elements: Element[], k: number, tokens: Token[], i: number): number {
  if (k === elements.length) return i - 1;
  const el = elements[k];
  if (el.gap) {
    // Try the shortest gap first so hits stay tight.
    let j = i;
    for (let skipped = 0; skipped <= el.gap; skipped++) {
      const at = nextContent(tokens, j);
      if (at < 0) return -1;
      const end = matchFrom(elements, k + 1, tokens, at);
      if (end >= 0) return end;
      j = at + 1;
    }
    return -1;
  }
  if (el.negate) {
    const next = nextContent(tokens, i);
    if (next >= 0 && elementMatches(el, tokens, next)) return -1;
    return matchFrom(elements, k + 1, tokens, i);
  }
  const at = k === 0 ? i : nextContent(tokens, i);
  if (at < 0 || !elementMatches(el, tokens, at)) return -1;
  return matchFrom(elements, k + 1, tokens, at + 1);
}

/** Patterns indexed by their first element. */
export class PatternSet<M> {
  private readonly exact = new Map<string, CompiledPattern<M>[]>();
  private readonly prefix = new PrefixIndex<CompiledPattern<M>>();
  /** Patterns whose first element is a wildcard: tried at every number, and (`*` ones) at every word. */
  private readonly open: CompiledPattern<M>[] = [];
  private readonly openWord: CompiledPattern<M>[] = [];

  constructor(patterns: CompiledPattern<M>[]) {
    for (const p of patterns) {
      const first = p.elements[0];
      if (first.any || first.number || first.time) {
        this.open.push(p);
        if (first.any) this.openWord.push(p);
        // "flere|# lån": a number or a word may start it, so it is also indexed under its words.
        if (first.any) continue;
      }
      for (const w of first.exact) push(this.exact, w, p);
      for (const pre of first.prefixes) this.prefix.add(pre, p);
    }
  }

  /** Every hit, in token order. A pattern hits at most once per start token. */
  match(tokens: Token[]): PatternHit<M>[] {
    const hits: PatternHit<M>[] = [];
    // Stamps start above any earlier call's, so a pattern's `triedAt` from another text never matches.
    const base = (this.calls += tokens.length + 1);
    const tryAt = (p: CompiledPattern<M>, i: number) => {
      if (p.triedAt === base + i) return;
      p.triedAt = base + i;
      const last = matchFrom(p.elements, 0, tokens, i);
      if (last >= 0) hits.push({ meta: p.meta, source: p.source, first: i, last });
    };
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.kind === 'punct') continue;
      // Patterns indexed under this word: their first element matches here, so only the rest is tried, and a
      // plain second element that does not match the next word rules most of them out at once.
      const starting = this.startingAt(t.norm);
      const next = starting.length ? nextContent(tokens, i + 1) : -1;
      for (const p of starting) {
        if (p.triedAt === base + i) continue;
        p.triedAt = base + i;
        const second = p.elements[1];
        if (second && !second.gap && !second.negate && (next < 0 || !elementMatches(second, tokens, next))) continue;
        const last = second ? matchFrom(p.elements, 1, tokens, i + 1) : i;
        if (last >= 0) hits.push({ meta: p.meta, source: p.source, first: i, last });
      }
      for (const p of t.kind === 'number' ? this.open : this.openWord) tryAt(p, i);
    }
    return hits;
  }

  private calls = 0;
  private readonly starts = new Map<string, CompiledPattern<M>[]>();

  /** The patterns a word may start (exact and stem alternatives), memoised per word: most words recur. */
  private startingAt(norm: string): CompiledPattern<M>[] {
    let list = this.starts.get(norm);
    if (!list) {
      const exact = this.exact.get(norm);
      const prefixed = this.prefix.all(norm);
      list = exact ? (prefixed.length ? [...exact, ...prefixed] : exact) : prefixed.length ? prefixed : NONE;
      if (this.starts.size >= 20_000) this.starts.clear();
      this.starts.set(norm, list);
    }
    return list;
  }
}

const NONE: never[] = [];

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
