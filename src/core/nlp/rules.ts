// Keyword/phrase rules for tactics, channels, vulnerability, payer stance, escalation and relevance.
// The cues are data (lexicons/rules.<lang>.json); this file compiles them once and applies them.
import type { Language } from '../../../db/schema/constants.ts';
import { RULE_FILES, type PatternLists } from './lexicon-data.ts';
import { compilePattern, PatternSet, type CompiledPattern } from './matcher.ts';
import { isNegator, NEGATORS, RULE_NEGATORS, type Negators } from './negation.ts';
import { isClauseBreak, normalizeWord, type Token } from './tokenize.ts';

export type RuleField = 'tactics' | 'channel' | 'vulnerability' | 'escalation' | 'payer_stance' | 'relevant';

interface RuleMeta {
  field: RuleField;
  label: string;
  lang: Language;
  /** The pattern spells out a negation itself ("never received"), so a negator must not cancel it. */
  hasNegator: boolean;
}

export interface RuleHit {
  field: RuleField;
  label: string;
  lang: Language;
  /** Token indexes, inclusive. */
  first: number;
  last: number;
  start: number;
  end: number;
  match: string;
  pattern: string;
}

/** Relevance labels: collection vocabulary vs. cues of an unrelated use of the name. */
export const RELEVANT = 'true';
export const UNRELATED = 'false';

function compileLanguage(lang: Language): PatternSet<RuleMeta> {
  const file = RULE_FILES[lang];
  const neg = NEGATORS[lang];
  const patterns: CompiledPattern<RuleMeta>[] = [];
  const add = (field: RuleField, lists: PatternLists) => {
    for (const [label, sources] of Object.entries(lists)) {
      for (const source of sources) {
        // A pattern carries its own negation only when a whole element is a negator ("no letter"), not
        // when one alternative happens to be one ("nothing|little"): only then may a real "didn't" not cancel it.
        const isNeg = (w: string) => isNegator(normalizeWord(w), neg) || isNegator(normalizeWord(w), NEGATORS.en);
        const hasNegator = source.split(/\s+/).some(
          (el) =>
            el !== '' &&
            el
              .replace(/^!/, '')
              .split('|')
              .every((alt) => isNeg(alt.split('_')[0]!)),
        );
        patterns.push(...compilePattern(source, { field, label, lang, hasNegator }));
      }
    }
  };
  add('tactics', file.tactics);
  add('channel', file.channel);
  add('vulnerability', file.vulnerability);
  add('escalation', file.escalation);
  add('payer_stance', file.payer_stance);
  add('relevant', { [RELEVANT]: file.relevance.collection, [UNRELATED]: file.relevance.unrelated });
  return new PatternSet(patterns);
}

// Compiled once per process (or Worker isolate) and language, on first use: a Worker that only ever sees three
// languages never compiles the other seven's thousands of cues, and start-up stays fast.
const RULE_SETS: Partial<Record<Language, PatternSet<RuleMeta>>> = {};
const ruleSet = (lang: Language) => (RULE_SETS[lang] ??= compileLanguage(lang));

const NEGATION_LOOKBACK = 3;

// Negators of every active language: a Swedish "inget" must also cancel a Norwegian "brev" cue.
const negatorCache = new Map<string, Negators>();
function negatorsFor(langs: Language[]): Negators {
  const key = langs.join(',');
  let neg = negatorCache.get(key);
  if (!neg) {
    neg = { words: new Set(langs.flatMap((l) => [...RULE_NEGATORS[l].words])), suffix: NEGATORS.en.suffix };
    negatorCache.set(key, neg);
  }
  return neg;
}

/** A negator just before the cue (same clause, ≤3 words, as in sentiment) or inside its gap cancels it: "no letter", "wasn't rude". */
function isNegated(tokens: Token[], first: number, last: number, neg: Negators): boolean {
  for (let k = first; k <= last; k++) if (isNegator(tokens[k].norm, neg)) return true;
  let seen = 0;
  for (let k = first - 1; k >= 0 && seen < NEGATION_LOOKBACK; k--) {
    const t = tokens[k];
    if (isClauseBreak(t)) break;
    if (t.kind === 'punct') continue;
    if (isNegator(t.norm, neg)) return true;
    seen++;
  }
  return false;
}

/**
 * Applies the rules of the given languages. Relevance and payer-stance cues are kept even when a
 * negator is near (a denied debt is still about a debt; "maksāt neko netaisos" is a refusal);
 * everything else is dropped when negated.
 * Hits are de-duplicated: one per field+label+span, and a span inside a longer one of the same label goes.
 */
export function matchRules(tokens: Token[], text: string, langs: Iterable<Language>): RuleHit[] {
  const active = [...new Set(langs)];
  const neg = negatorsFor(active);
  const hits: RuleHit[] = [];
  for (const lang of active) {
    for (const h of ruleSet(lang).match(tokens)) {
      const { field, label, hasNegator } = h.meta;
      const negatable = field !== 'relevant' && field !== 'payer_stance' && !hasNegator;
      if (negatable && isNegated(tokens, h.first, h.last, neg)) continue;
      const start = tokens[h.first].start;
      const end = tokens[h.last].end;
      hits.push({ field, label, lang, first: h.first, last: h.last, start, end, match: text.slice(start, end), pattern: h.source });
    }
  }
  return compact(hits);
}

function compact(hits: RuleHit[]): RuleHit[] {
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: RuleHit[] = [];
  for (const h of hits) {
    const covered = kept.some((k) => k.field === h.field && k.label === h.label && k.start <= h.start && k.end >= h.end);
    if (!covered) kept.push(h);
  }
  return kept;
}

/** Which rule languages to run: the detected one, English (code-switching is common), close neighbours. */
export function ruleLanguages(detected: Language, text: string, hint: Language | null): Language[] {
  const langs = new Set<Language>([detected, 'en']);
  if (hint) langs.add(hint);
  // eld confuses the Scandinavian languages; their cue words overlap anyway.
  if (detected === 'nb' || detected === 'da' || detected === 'sv') {
    langs.add('nb').add('da').add('sv');
  }
  // Russian asides inside Baltic or Polish mentions are common.
  if (/\p{Script=Cyrillic}/u.test(text)) langs.add('ru');
  return [...langs];
}
