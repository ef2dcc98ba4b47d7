// The mention analyser: language, relevance, sentiment, tactics, channels, vulnerability, payer stance,
// escalation and case references. Language and case references are exact rules; every other field is decided by
// the learned model (model.ts, trained by `earshot train`), each label with a calibrated probability and the
// phrases that pushed it most. Runtime-neutral (Node and Workers): the model is decoded once, on first use.
import type { Channel, Escalation, PayerStance, SentimentLabel, Tactic, Vulnerability } from '../../../db/schema/constants.ts';
import { findCaseRefs } from './case-refs.ts';
import { strongestSpans, type Explained } from './explain.ts';
import { createFeaturizer } from './features.ts';
import { detectLanguage, normalizeHint } from './language.ts';
import { decide, decodeModel, fromBase64, HEADS, rawScores, tacticLimit, WordCache, type HeadField, type Model } from './model.ts';
import { MODEL_BASE64 } from './model/analyser-model.ts';
import { matchRules, ruleLanguages } from './rules.ts';
import { tokenize, wordCount } from './tokenize.ts';
import type { Analyser, Analysis, AnalyseInput, Evidence, LabelConfidence } from './types.ts';
import { ANALYSER_VERSION } from './version.ts';

export { ANALYSER_VERSION };

/** Below this probability a label is shown as uncertain. */
export const UNCERTAIN_BELOW = 0.6;

let shipped: Model | null = null;
/** The model committed with this version (decoded on first use, then shared). */
export function shippedModel(): Model {
  return (shipped ??= decodeModel(fromBase64(MODEL_BASE64)));
}

/** The analyser of `model` (the shipped one unless given, decoded at the first analysis, so a start stays fast). */
export function createAnalyser(model?: Model): Analyser {
  let analyse: Analyser['analyse'] | null = null;
  return { version: ANALYSER_VERSION, analyse: (input) => (analyse ??= analyserOf(model ?? shippedModel()))(input) };
}

function analyserOf(model: Model): Analyser['analyse'] {
  const words = new WordCache(model);
  const featurize = createFeaturizer(model.header.bits, words);
  const columns = model.columns;
  const index = new Map<HeadField, Map<string, number>>();
  columns.forEach((c, i) => (index.get(c.field) ?? index.set(c.field, new Map()).get(c.field)!).set(c.label, i));
  const columnOf = (field: HeadField, label: string) => index.get(field)!.get(label)!;
  // A one-of-K label is explained against the head's other labels.
  const rivalsOf = columns.map((c, i) =>
    HEADS.find((h) => h.field === c.field)!.kind === 'softmax' ? columns.flatMap((o, j) => (o.field === c.field && j !== i ? [j] : [])) : [],
  );

  function analyse(input: AnalyseInput): Analysis {
    const text = typeof input.text === 'string' ? input.text : '';
    const tokens = tokenize(text);
    const lang = detectLanguage(text, input.languageHint, tokens);
    const hits = matchRules(tokens, text, ruleLanguages(lang.language, text, normalizeHint(input.languageHint)));
    const refs = findCaseRefs(text);
    const f = featurize({ tokens, language: lang.language, hits, caseRefs: refs.length });
    const { probability, labels } = decide(columns, rawScores(model, f), tacticLimit(model.header, wordCount(tokens)));
    words.learn(f);
    const relevant = labels.relevant.length > 0;

    const confidence: LabelConfidence[] = [];
    const asked: Explained[] = [];
    const shown: { field: HeadField; label: string }[] = [];
    const give = (field: HeadField, label: string, shownAs = label, direction: 1 | -1 = 1) => {
      const c = columnOf(field, label);
      const p = direction === 1 ? probability[c]! : 1 - probability[c]!;
      confidence.push({ field, label: shownAs, probability: round(p), uncertain: p < UNCERTAIN_BELOW });
      asked.push({ column: c, rivals: rivalsOf[c]!, a: columns[c]!.a, direction });
      shown.push({ field, label: shownAs });
    };
    give('relevant', 'true', relevant ? 'true' : 'false', relevant ? 1 : -1);
    give('sentiment', labels.sentiment[0]!);
    for (const field of ['tactics', 'channel', 'vulnerability', 'escalation'] as const) for (const l of labels[field]) give(field, l);
    if (labels.payer_stance[0] !== 'unknown') give('payer_stance', labels.payer_stance[0]!);

    const evidence: Evidence[] = [...lang.evidence];
    for (const s of strongestSpans(model, f, tokens, text, asked)) {
      const { field, label } = shown[s.of]!;
      evidence.push({ field, label, match: s.match, start: s.start, end: s.end, weight: s.weight, rule: 'model' });
    }
    for (const r of refs) {
      evidence.push({ field: 'case_refs', label: r.ref, match: text.slice(r.start, r.end), start: r.start, end: r.end, weight: 1, rule: 'case_refs:cue' });
    }
    const p = (label: string) => probability[columnOf('sentiment', label)]!;

    return {
      language: lang.language,
      relevant,
      sentiment: { label: labels.sentiment[0] as SentimentLabel, score: round(p('positive') - p('negative')) },
      tactics: labels.tactics as Tactic[],
      channel: labels.channel as Channel[],
      vulnerability: labels.vulnerability as Vulnerability[],
      payer_stance: labels.payer_stance[0] as PayerStance,
      escalation: labels.escalation as Escalation[],
      case_refs: [...new Set(refs.map((r) => r.ref))],
      confidence,
      evidence: evidence.sort((a, b) => (a.start ?? -1) - (b.start ?? -1) || (a.end ?? -1) - (b.end ?? -1)),
    };
  }

  return analyse;
}

/**
 * Sentiment of any text in a known language, whatever it is about (to measure the model on general-domain
 * corpora): the sentiment head without language detection or the relevance gate.
 */
export function sentimentOf(text: string, language: Analysis['language'], model: Model = shippedModel()): { label: SentimentLabel; score: number } {
  const featurize = sentimentFeaturizers.get(model) ?? sentimentFeaturizers.set(model, createFeaturizer(model.header.bits)).get(model)!;
  const tokens = tokenize(text);
  const f = featurize({ tokens, language, hits: matchRules(tokens, text, ruleLanguages(language, text, null)), caseRefs: findCaseRefs(text).length });
  const { probability, labels } = decide(model.columns, rawScores(model, f));
  return { label: labels.sentiment[0] as SentimentLabel, score: round(probability[2]! - probability[0]!) };
}
const sentimentFeaturizers = new WeakMap<Model, ReturnType<typeof createFeaturizer>>();

const round = (x: number) => Math.round(x * 1000) / 1000;
