// Every lexicon and rule file, imported statically so bundlers (esbuild/wrangler) inline them:
// no fs at runtime. Bump ANALYSER_VERSION (analyser.ts) whenever one of these files changes.
import type { Language } from '../../../db/schema/constants.ts';
import caseRefs from './lexicons/case-refs.json' with { type: 'json' };
import rulesDa from './lexicons/rules.da.json' with { type: 'json' };
import rulesEn from './lexicons/rules.en.json' with { type: 'json' };
import rulesEt from './lexicons/rules.et.json' with { type: 'json' };
import rulesFi from './lexicons/rules.fi.json' with { type: 'json' };
import rulesLt from './lexicons/rules.lt.json' with { type: 'json' };
import rulesLv from './lexicons/rules.lv.json' with { type: 'json' };
import rulesNb from './lexicons/rules.nb.json' with { type: 'json' };
import rulesPl from './lexicons/rules.pl.json' with { type: 'json' };
import rulesRu from './lexicons/rules.ru.json' with { type: 'json' };
import rulesSv from './lexicons/rules.sv.json' with { type: 'json' };
import sentimentDa from './lexicons/sentiment.da.json' with { type: 'json' };
import sentimentEmoji from './lexicons/sentiment.emoji.json' with { type: 'json' };
import sentimentEn from './lexicons/sentiment.en.json' with { type: 'json' };
import sentimentEt from './lexicons/sentiment.et.json' with { type: 'json' };
import sentimentFi from './lexicons/sentiment.fi.json' with { type: 'json' };
import sentimentLt from './lexicons/sentiment.lt.json' with { type: 'json' };
import sentimentLv from './lexicons/sentiment.lv.json' with { type: 'json' };
import sentimentNb from './lexicons/sentiment.nb.json' with { type: 'json' };
import sentimentPl from './lexicons/sentiment.pl.json' with { type: 'json' };
import sentimentRu from './lexicons/sentiment.ru.json' with { type: 'json' };
import sentimentSv from './lexicons/sentiment.sv.json' with { type: 'json' };

/** Patterns per label (see matcher.ts for the syntax). */
export type PatternLists = Record<string, string[]>;

export interface RuleFile {
  language: string;
  /** Words that cancel a cue; defaults to the sentiment negators of the language. */
  negators?: string[];
  tactics: PatternLists;
  channel: PatternLists;
  vulnerability: PatternLists;
  escalation: PatternLists;
  payer_stance: PatternLists;
  relevance: { collection: string[]; unrelated: string[] };
}

export interface SentimentFile {
  language: string;
  /** Word or stem ("huono*") → score in -5..5. */
  words: Record<string, number>;
  negators: string[];
  /** English contractions: any token ending in this is a negator ("didn't"). */
  negatorSuffix?: string;
  /** Baltic verbs negate with a prefix ("nepalīdzēja"): strip it, flip the score. */
  negationPrefix?: string;
  intensifiers: Record<string, number>;
  contrast: string[];
  /** Praise words that turn negative in a complaint ("thanks for the 7th call"). */
  irony: string[];
  /** Phrase patterns that are sarcastic on their own. */
  sarcasm?: string[];
  /**
   * Idioms (matcher patterns) → score in -5..5, for phrases whose words alone mislead: Danish "slap for at
   * ringe" (was spared calling), Polish "nie jestem wielbłądem" (absurd burden of proof). A phrase replaces
   * the lexicon scores of its own words.
   */
  phrases?: Record<string, number>;
  /**
   * Reporting/news register (matcher patterns): "received # complaints", "consumers most often complain".
   * The complaints then are other people's, so tactic and escalation cues say little about the author's stance.
   */
  reporting?: string[];
  /**
   * Advice-seeking questions (matcher patterns): "what happens if", "does anyone know". When one is asked (the
   * sentence ends in "?"), the mention is a question and the tactics it names are its background.
   */
  asking?: string[];
}

export interface EmojiFile {
  words: Record<string, number>;
  ironyMarkers: string[];
  ironyProne: string[];
}

export interface CaseRefFile {
  cues: string[];
  bare: string[];
  fillers: string[];
  phoneWords: string[];
  amountWords: string[];
}

export const RULE_FILES: Record<Language, RuleFile> = {
  en: rulesEn,
  sv: rulesSv,
  fi: rulesFi,
  nb: rulesNb,
  da: rulesDa,
  lv: rulesLv,
  lt: rulesLt,
  et: rulesEt,
  ru: rulesRu,
  pl: rulesPl,
};

export const SENTIMENT_FILES: Record<Language, SentimentFile> = {
  en: sentimentEn,
  sv: sentimentSv,
  fi: sentimentFi,
  nb: sentimentNb,
  da: sentimentDa,
  lv: sentimentLv,
  lt: sentimentLt,
  et: sentimentEt,
  ru: sentimentRu,
  pl: sentimentPl,
};

export const EMOJI_FILE: EmojiFile = sentimentEmoji;
export const CASE_REF_FILE: CaseRefFile = caseRefs;
