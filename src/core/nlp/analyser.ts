// The mention analyser: language, relevance, sentiment, tactics, channels, vulnerability,
// payer stance, escalation and case references, each with the evidence that produced it.
// Runtime-neutral (Node and Workers): pure functions over data compiled once at module load.
import {
  CHANNELS,
  ESCALATIONS,
  TACTICS,
  VULNERABILITIES,
  type Channel,
  type Escalation,
  type Language,
  type SentimentLabel,
  type PayerStance,
  type Tactic,
  type Vulnerability,
} from '../../../db/schema/constants.ts';
import { findCaseRefs } from './case-refs.ts';
import { detectLanguage, normalizeHint } from './language.ts';
import { matchRules, ruleLanguages, RELEVANT, UNRELATED, type RuleHit } from './rules.ts';
import { overlaps, scoreSentiment } from './sentiment.ts';
import { isSentenceBreak, tokenize, type Token } from './tokenize.ts';
import type { Analyser, Analysis, AnalyseInput, Evidence } from './types.ts';

/** Stored with every analysis. Bump it when code, lexicons, rules or weights change. */
export const ANALYSER_VERSION = '0.3.1';

/** Strongest signal first: an explicit refusal beats inability, inability beats ability. */
const STANCE_PRECEDENCE: PayerStance[] = ['unwilling', 'willing_unable', 'willing_able'];
const UNRELATED_WEIGHT = 1.5;
/** A long complaint touches on many things; its labels are the tactics it is mainly about. */
const MAX_TACTICS = 4;

export function createAnalyser(): Analyser {
  return { version: ANALYSER_VERSION, analyse };
}

/**
 * Sentiment of any text in a known language, whatever it is about: the analyser's scorer without the
 * relevance gate (used to measure it on general-domain corpora).
 */
export function sentimentOf(text: string, language: Language): { label: SentimentLabel; score: number } {
  const tokens = tokenize(text);
  const { label, score } = scoreSentiment(tokens, language, text, matchRules(tokens, text, ruleLanguages(language, text, null)));
  return { label, score };
}

function analyse(input: AnalyseInput): Analysis {
  const text = typeof input.text === 'string' ? input.text : '';
  const tokens = tokenize(text);
  const lang = detectLanguage(text, input.languageHint, tokens);
  const langs = ruleLanguages(lang.language, text, normalizeHint(input.languageHint));
  const hits = dropAuthorsOwnLegalStep(matchRules(tokens, text, langs), tokens);
  const sentiment = scoreSentiment(tokens, lang.language, text, hits);
  // Praise read as irony ("so helpful 🙃") is not praise of the agent.
  const kept = mainTactics(
    hits.filter((h) => !(h.field === 'tactics' && h.label === 'agent_helpful' && overlaps(h, sentiment.ironicTokens))),
  );
  const caseRefs = findCaseRefs(text);

  const evidence: Evidence[] = [...lang.evidence];
  const tactics = labels(kept, 'tactics', TACTICS);
  const channel = labels(kept, 'channel', CHANNELS);
  const vulnerability = labels(kept, 'vulnerability', VULNERABILITIES);
  const escalation = labels(kept, 'escalation', ESCALATIONS);

  // Relevance: collection vocabulary, tactics, stance and case numbers against unrelated-use cues (job ads, results, sponsorship).
  const collection = kept.filter((h) => h.field === 'relevant' && h.label === RELEVANT);
  const unrelated = kept.filter((h) => h.field === 'relevant' && h.label === UNRELATED);
  const stanceCues = kept.filter((h) => h.field === 'payer_stance').length;
  const support = collection.length + tactics.length + caseRefs.length + stanceCues;
  const relevant = support > unrelated.length * UNRELATED_WEIGHT;
  for (const h of collection) evidence.push(ruleEvidence(h, 1));
  for (const h of unrelated) evidence.push(ruleEvidence(h, -UNRELATED_WEIGHT));
  if (tactics.length > 0) {
    evidence.push({ field: 'relevant', label: RELEVANT, match: '', weight: tactics.length, rule: 'relevant:tactics' });
  }
  if (stanceCues > 0) {
    evidence.push({ field: 'relevant', label: RELEVANT, match: '', weight: stanceCues, rule: 'relevant:payer-stance' });
  }
  if (!relevant && collection.length === 0 && unrelated.length === 0) {
    evidence.push({ field: 'relevant', label: UNRELATED, match: '', weight: 0, rule: 'relevant:no-collection-cue' });
  }

  if (!relevant) {
    // Not about a collection experience: no stance toward it and no collection labels.
    evidence.push({ field: 'sentiment', label: 'neutral', match: '', weight: 0, rule: 'sentiment:not-relevant' });
    return {
      language: lang.language,
      relevant,
      sentiment: { label: 'neutral', score: 0 },
      tactics: [],
      channel: [],
      vulnerability: [],
      payer_stance: 'unknown',
      escalation: [],
      case_refs: [],
      evidence: compact(evidence),
    };
  }

  const payerStance = decideStance(kept, tactics, evidence);
  for (const h of kept) {
    if (h.field === 'tactics' || h.field === 'channel' || h.field === 'vulnerability' || h.field === 'escalation') {
      evidence.push(ruleEvidence(h, 1));
    }
  }
  evidence.push(...sentiment.evidence);
  for (const r of caseRefs) {
    evidence.push({ field: 'case_refs', label: r.ref, match: text.slice(r.start, r.end), start: r.start, end: r.end, weight: 1, rule: 'case_refs:cue' });
  }

  return {
    language: lang.language,
    relevant,
    sentiment: { label: sentiment.label, score: sentiment.score },
    tactics: tactics as Tactic[],
    channel: channel as Channel[],
    vulnerability: vulnerability as Vulnerability[],
    payer_stance: payerStance,
    escalation: escalation as Escalation[],
    case_refs: [...new Set(caseRefs.map((r) => r.ref))],
    evidence: compact(evidence),
  };
}

/**
 * Court words in the same sentence as the author's own legal step ("my lawyer will take them to
 * court") are the author's escalation, not a legal threat by the collector.
 */
function dropAuthorsOwnLegalStep(hits: RuleHit[], tokens: Token[]): RuleHit[] {
  const sentence = sentenceIndexes(tokens);
  const own = new Set(hits.filter((h) => h.field === 'escalation' && h.label === 'legal').map((h) => sentence[h.first]));
  if (own.size === 0) return hits;
  return hits.filter((h) => !(h.field === 'tactics' && h.label === 'threat_legal' && own.has(sentence[h.first])));
}

function sentenceIndexes(tokens: Token[]): number[] {
  let n = 0;
  return tokens.map((t) => (isSentenceBreak(t) ? n++ : n));
}

/** Keeps the MAX_TACTICS tactics cued most often (the earlier first cue wins a tie); other fields untouched. */
function mainTactics(hits: RuleHit[]): RuleHit[] {
  const byLabel = new Map<string, RuleHit[]>();
  for (const h of hits) if (h.field === 'tactics') byLabel.set(h.label, [...(byLabel.get(h.label) ?? []), h]);
  if (byLabel.size <= MAX_TACTICS) return hits;
  const ranked = [...byLabel].sort(([, a], [, b]) => b.length - a.length || a[0].start - b[0].start);
  const keep = new Set(ranked.slice(0, MAX_TACTICS).map(([label]) => label));
  return hits.filter((h) => h.field !== 'tactics' || keep.has(h.label));
}

/** Labels of one field that fired, in the enum's order (stable output). */
function labels(hits: RuleHit[], field: RuleHit['field'], order: readonly string[]): string[] {
  const fired = new Set(hits.filter((h) => h.field === field).map((h) => h.label));
  return order.filter((l) => fired.has(l));
}

/**
 * One stance: the strongest cue by STANCE_PRECEDENCE. Without a cue, agreeing (or asking) for a
 * payment plan says the author wants to pay but not all at once → willing_unable. Else unknown.
 */
function decideStance(hits: RuleHit[], tactics: string[], evidence: Evidence[]): PayerStance {
  const cues = hits.filter((h) => h.field === 'payer_stance');
  for (const h of cues) evidence.push(ruleEvidence(h, 1));
  for (const stance of STANCE_PRECEDENCE) if (cues.some((h) => h.label === stance)) return stance;
  if (tactics.includes('payment_plan')) {
    evidence.push({ field: 'payer_stance', label: 'willing_unable', match: '', weight: 0.5, rule: 'payer_stance:from-payment-plan' });
    return 'willing_unable';
  }
  return 'unknown';
}

function ruleEvidence(h: RuleHit, weight: number): Evidence {
  const rule =
    h.field === 'relevant'
      ? `relevant:${h.label === RELEVANT ? 'collection' : 'unrelated'}:${h.lang}`
      : `${h.field === 'tactics' ? 'tactic' : h.field}:${h.label}:${h.lang}`;
  return { field: h.field, label: h.label, match: h.match, start: h.start, end: h.end, weight, rule };
}

/**
 * Ordered by position (span-less entries first). Entries for the same field+label+span are merged:
 * weights add up and rule ids are joined, so the evidence still sums to what was scored.
 */
function compact(evidence: Evidence[]): Evidence[] {
  const byKey = new Map<string, Evidence>();
  for (const e of evidence) {
    const key = `${e.field}|${e.label}|${e.start ?? ''}|${e.end ?? ''}`;
    const prev = byKey.get(key);
    if (!prev) byKey.set(key, { ...e });
    else if (e.start !== undefined) {
      prev.weight = Math.round((prev.weight + e.weight) * 1000) / 1000;
      if (!prev.rule.split('+').includes(e.rule)) prev.rule = `${prev.rule}+${e.rule}`;
    }
  }
  return [...byKey.values()].sort((a, b) => (a.start ?? -1) - (b.start ?? -1) || (a.end ?? -1) - (b.end ?? -1));
}
