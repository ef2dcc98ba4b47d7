import type { Channel, Escalation, Language, PayerStance, SentimentLabel, Tactic, Vulnerability } from '../../../db/schema/constants.ts';

/** Which output field a piece of evidence supports. */
export type EvidenceField = 'language' | 'relevant' | 'sentiment' | 'tactics' | 'channel' | 'vulnerability' | 'payer_stance' | 'escalation' | 'case_refs';

/**
 * One reason behind a label: the words (or rule) that fired and how much they contributed.
 * `start`/`end` are UTF-16 offsets into the analysed text, so the dashboard can highlight them.
 */
export interface Evidence {
  field: EvidenceField;
  /** The label supported, e.g. `negative`, `contact_frequency`, `phone`. */
  label: string;
  /** The text that matched, as written. Empty for rules that are not a span of text. */
  match: string;
  start?: number;
  end?: number;
  /** How much the span pushed the label (on the calibrated logit scale); 1 for an exact rule. */
  weight: number;
  /** What produced it: `model` (the learned model's strongest phrases) or an exact rule's id (`case_refs:cue`, `language:…`). */
  rule: string;
}

/** Every field of the taxonomy (`shared/taxonomy.md`), plus evidence. */
export interface Analysis {
  language: Language;
  relevant: boolean;
  sentiment: { label: SentimentLabel; score: number };
  tactics: Tactic[];
  channel: Channel[];
  vulnerability: Vulnerability[];
  payer_stance: PayerStance;
  escalation: Escalation[];
  case_refs: string[];
  /** The calibrated probability of each label given (relevance, sentiment, payer stance and every label on). */
  confidence: LabelConfidence[];
  evidence: Evidence[];
}

/** How sure the model is of one label it gave; `uncertain` labels are shown as such. */
export interface LabelConfidence {
  field: EvidenceField;
  label: string;
  probability: number;
  uncertain: boolean;
}

export interface AnalyseInput {
  text: string;
  /** A language the source declared (feed `<language>`, API field); used when detection is unsure. */
  languageHint?: string | null;
}

export interface Analyser {
  /** Stored with every analysis; bump it when lexicons, rules or weights change. */
  readonly version: string;
  analyse(input: AnalyseInput): Analysis;
}
