// Why a label: the runs of words whose features pushed the label's score the most. A linear model's score is a
// sum of feature contributions, so each feature's share goes to the words it was built from (a bigram's is split
// between its two words), and neighbouring words that pushed the same way are shown as one phrase.
import type { Features } from './features.ts';
import type { Model } from './model.ts';
import type { Token } from './tokenize.ts';

/** One label to explain: its column, the rival columns of a softmax head, the calibration slope and direction. */
export interface Explained {
  column: number;
  /** For a one-of-K head, the other labels' columns: the push is measured against their mean. */
  rivals: readonly number[];
  a: number;
  /** 1: what pushed it up; -1: what pushed it down (why a mention is not relevant). */
  direction: 1 | -1;
}

export interface Span {
  /** Index into the `labels` asked for. */
  of: number;
  start: number;
  end: number;
  match: string;
  /** The phrase's summed contribution on the calibrated logit scale. */
  weight: number;
}

const MAX_SPANS = 3;
const MAX_WORDS = 6;
/** A phrase must carry at least this share of the label's push to be shown. */
const MIN_SHARE = 0.12;

/** The strongest phrases of every label asked for, in one pass over the features. */
export function strongestSpans(model: Model, f: Features, tokens: readonly Token[], text: string, labels: readonly Explained[]): Span[] {
  const L = labels.length;
  const T = tokens.length;
  if (!L || !T) return [];
  const C = model.columns.length;
  const { rowStart, column, weight } = model;
  // coef[j·C + c]: how column c counts toward label j (1 for its own column, -1/K' for each rival).
  const coef = new Float64Array(L * C);
  labels.forEach((l, j) => {
    const f = l.direction * l.a;
    coef[j * C + l.column] = f * model.columns[l.column]!.scale;
    for (const r of l.rivals) coef[j * C + r] = (-f * model.columns[r]!.scale) / l.rivals.length;
  });
  const perToken = new Float64Array(T * L);
  for (let k = 0; k < f.n; k++) {
    const first = f.first[k]!;
    if (first < 0) continue;
    const last = f.last[k]!;
    const b = f.bucket[k]!;
    const v = f.val[k]! / (last - first + 1);
    for (let e = rowStart[b]!, end = rowStart[b + 1]!; e < end; e++) {
      const c = column[e]!;
      const w = v * weight[e]!;
      for (let j = 0; j < L; j++) {
        const x = coef[j * C + c]!;
        if (x !== 0) for (let i = first; i <= last; i++) perToken[i * L + j]! += w * x;
      }
    }
  }
  const spans: Span[] = [];
  for (let j = 0; j < L; j++) {
    let total = 0;
    const runs: { first: number; last: number; weight: number }[] = [];
    for (let i = 0; i < T; i++) {
      const v = perToken[i * L + j]!;
      if (v <= 0 || tokens[i]!.kind === 'punct') continue;
      total += v;
      const prev = runs[runs.length - 1];
      if (prev && prev.last === i - 1 && i - prev.first < MAX_WORDS) (prev.last = i), (prev.weight += v);
      else runs.push({ first: i, last: i, weight: v });
    }
    runs
      .filter((r) => r.weight >= total * MIN_SHARE)
      .sort((x, y) => y.weight - x.weight)
      .slice(0, MAX_SPANS)
      .forEach((r) => {
        const start = tokens[r.first]!.start;
        const end = tokens[r.last]!.end;
        spans.push({ of: j, start, end, match: text.slice(start, end), weight: Math.round(r.weight * 1000) / 1000 });
      });
  }
  return spans;
}
