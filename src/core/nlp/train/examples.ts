// A training example: a text, its language, the cross-validation group it belongs to, a weight, and the labels
// it has. A field left undefined is not known for that example (a general sentiment corpus says nothing about
// tactics), so the columns of that field do not learn from it.
import type { Language } from '../../../../db/schema/constants.ts';
import { createFeaturizer } from '../features.ts';
import { findCaseRefs } from '../case-refs.ts';
import { matchRules, ruleLanguages } from '../rules.ts';
import { tokenize } from '../tokenize.ts';
import type { HeadField } from '../model.ts';

export type Labels = Partial<Record<HeadField, string[]>>;

export interface Example {
  /** Where it came from: a corpus name, for per-corpus figures. */
  corpus: string;
  group: string;
  language: Language;
  text: string;
  weight: number;
  labels: Labels;
}

/** Merged sparse vector of one example: sorted buckets, summed values. */
export interface Vector {
  bucket: Uint32Array;
  val: Float32Array;
}

/** The analyser's own feature path (tokens, rules, case references), merged for training. */
export function vectorizer(bits: number) {
  const featurize = createFeaturizer(bits);
  return (text: string, language: Language): Vector => {
    const tokens = tokenize(text);
    const hits = matchRules(tokens, text, ruleLanguages(language, text, null));
    const f = featurize({ tokens, language, hits, caseRefs: findCaseRefs(text).length });
    const order = Array.from({ length: f.n }, (_, i) => i).sort((a, b) => f.bucket[a]! - f.bucket[b]!);
    const bucket: number[] = [];
    const val: number[] = [];
    for (const i of order) {
      if (bucket.length && bucket[bucket.length - 1] === f.bucket[i]) val[val.length - 1]! += f.val[i]!;
      else bucket.push(f.bucket[i]!), val.push(f.val[i]!);
    }
    return { bucket: Uint32Array.from(bucket), val: Float32Array.from(val) };
  };
}
