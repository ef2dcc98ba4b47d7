// Language identification restricted to the ten supported languages.
// eld's n-gram scoring (extrasmall database, our ten languages' share) does the work; cheap rules cover what
// it cannot: script (Cyrillic), Latin-script Russian, close neighbours (nb/da/sv) and short text.
import { LANGUAGES, type Language } from '../../../db/schema/constants.ts';
import data from './lexicons/language.json' with { type: 'json' };
import { scoreNgrams } from './ngram-scores.ts';
import { tokenize, type Token } from './tokenize.ts';
import type { Evidence } from './types.ts';

export interface LanguageResult {
  language: Language;
  /** 0..1, how sure the detector is; low values mean the hint or a fallback decided. */
  confidence: number;
  evidence: Evidence[];
}

const SUPPORTED = new Set<string>(LANGUAGES);

const MARKERS = new Map<string, Language[]>();
for (const [lang, words] of Object.entries(data.markers)) {
  for (const w of words) {
    const list = MARKERS.get(w) ?? [];
    list.push(lang as Language);
    MARKERS.set(w, list);
  }
}
const RU_TRANSLIT = new Set(data.ruTranslit);

const CYRILLIC_RE = /\p{Script=Cyrillic}/gu;
const HAS_CYRILLIC_RE = /\p{Script=Cyrillic}/u;
// Links, handles and numbers say nothing about the language and confuse n-grams.
const NOISE_RE = /https?:\/\/\S+|www\.\S+|[@#][\p{L}\p{N}_]+|\S+@\S+\.\S+/gu;

const MAX_DETECT_CHARS = 500;
/** Below this many letters the detector is a coin toss and the hint wins. */
const MIN_LETTERS = 12;

/** Maps a declared language ("nb-NO", "nn", "no", "sv_SE", "EN") to one of the ten, or null. */
export function normalizeHint(hint?: string | null): Language | null {
  if (!hint) return null;
  const primary = hint.trim().toLowerCase().split(/[-_]/)[0];
  const mapped = primary === 'nn' || primary === 'no' ? 'nb' : primary;
  return SUPPORTED.has(mapped) ? (mapped as Language) : null;
}

function evidence(language: Language, confidence: number, rule: string): Evidence {
  return { field: 'language', label: language, match: '', weight: round(confidence), rule };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/**
 * `tokens` are the analyser's tokens of `text` (passed in so the text is not tokenised twice).
 */
export function detectLanguage(text: string, hint?: string | null, tokens: Token[] = tokenize(text)): LanguageResult {
  const hinted = normalizeHint(hint);
  const fallback: Language = hinted ?? 'en';
  const fallbackRule = hinted ? 'language:hint' : 'language:fallback-en';
  // Words outside links, handles and e-mail addresses, and the text with those blanked out.
  const noise = [...text.matchAll(NOISE_RE)];
  let clean = text;
  let words = tokens.filter((t) => t.kind === 'word');
  if (noise.length > 0) {
    clean = noise.reduceRight((s, m) => `${s.slice(0, m.index)} ${s.slice(m.index + m[0].length)}`, text);
    words = words.filter((t) => !noise.some((m) => t.start >= m.index && t.end <= m.index + m[0].length));
  }
  let letters = 0;
  for (const w of words) letters += w.text.length;
  if (letters === 0) {
    return { language: fallback, confidence: 0, evidence: [evidence(fallback, 0, fallbackRule)] };
  }

  // Script: a Cyrillic majority is Russian among these ten (no uk/be/bg here).
  const cyrillic = HAS_CYRILLIC_RE.test(clean) ? (clean.match(CYRILLIC_RE) ?? []).length : 0;
  if (cyrillic / letters >= 0.5) {
    const conf = Math.min(1, 0.6 + cyrillic / letters / 2.5);
    return { language: 'ru', confidence: round(conf), evidence: [evidence('ru', conf, 'language:script-cyrillic')] };
  }

  // The first words decide; a whole long review costs more than it tells.
  const norms = words.slice(0, 120).map((w) => w.norm);
  // Latin-script Russian ("kollektory zvonyat"): eld calls it Scandinavian or Baltic.
  const translit = new Set(norms.filter((w) => RU_TRANSLIT.has(w))).size;
  if (cyrillic === 0 && translit >= 2 && translit / norms.length >= 0.3) {
    const conf = Math.min(0.9, 0.4 + translit / norms.length / 2);
    return { language: 'ru', confidence: round(conf), evidence: [evidence('ru', conf, 'language:ru-translit')] };
  }

  // A Cyrillic minority is a quoted aside (code-switching); detect on the Latin rest.
  const latin = cyrillic > 0 ? clean.replace(CYRILLIC_RE, ' ') : clean;
  // 500 characters are plenty for n-grams; longer input only costs time.
  const result = scoreNgrams(latin.length > MAX_DETECT_CHARS ? latin.slice(0, MAX_DETECT_CHARS) : latin);

  // Function-word bonus, capped, so it only tips near-ties (nb vs da, fi vs et).
  const bonus = new Map<Language, number>();
  for (const w of norms) {
    for (const lang of MARKERS.get(w) ?? []) bonus.set(lang, Math.min(data.markerCap, (bonus.get(lang) ?? 0) + data.markerBonus));
  }
  const total = new Map(result.ranked);
  for (const [lang, b] of bonus) total.set(lang, (total.get(lang) ?? 0) + b);
  let best: Language | undefined;
  let bestScore = 0;
  let runnerUp = 0;
  for (const [lang, score] of total) {
    if (score > bestScore) {
      runnerUp = bestScore;
      best = lang;
      bestScore = score;
    } else if (score > runnerUp) runnerUp = score;
  }
  if (best === undefined) {
    return { language: fallback, confidence: 0, evidence: [evidence(fallback, 0, fallbackRule)] };
  }
  const margin = bestScore - runnerUp;
  const reliable = result.reliable;
  const confidence = Math.max(0, Math.min(1, (reliable ? 0.5 : 0.25) + margin));
  const rule = bonus.has(best) ? 'language:eld+markers' : 'language:eld';

  // Short or unsure text: a declared language is better evidence than a few n-grams.
  const unsure = letters < MIN_LETTERS || (!reliable && margin < 0.1);
  if (unsure && hinted && hinted !== best) {
    return {
      language: hinted,
      confidence: round(Math.min(confidence, 0.5)),
      evidence: [evidence(hinted, Math.min(confidence, 0.5), 'language:hint'), evidence(best, confidence, rule)],
    };
  }
  if (letters < MIN_LETTERS && !hinted && !reliable) {
    return { language: 'en', confidence: 0.1, evidence: [evidence('en', 0.1, 'language:fallback-en')] };
  }
  return { language: best, confidence: round(confidence), evidence: [evidence(best, confidence, rule)] };
}
