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

// Scratch buffers, reused across calls (analysis is synchronous, so one call never sees another's).
let scratch = new Float64Array(4096);
let coefScratch = new Float64Array(256);
let involvedScratch = new Uint8Array(64);

/** The strongest phrases of every label asked for, in one pass over the features. */
export function strongestSpans(model: Model, f: Features, tokens: readonly Token[], text: string, labels: readonly Explained[]): Span[] {
  const L = labels.length;
  const T = tokens.length;
  if (!L || !T) return [];
  const C = model.columns.length;
  const { rowStart, column, weight } = model;
  // coef[c·L + j]: how column c counts toward label j (its own column: 1; each rival: -1/K'), calibrated.
  if (coefScratch.length < C * L) coefScratch = new Float64Array(C * L * 2);
  const coef = coefScratch.fill(0, 0, C * L);
  // Most of a bucket's weights belong to columns no label asked about: they are skipped at once.
  const involved = involvedScratch.length < C ? (involvedScratch = new Uint8Array(C)) : involvedScratch.fill(0, 0, C);
  for (let j = 0; j < L; j++) {
    const l = labels[j]!;
    const f = l.direction * l.a;
    coef[l.column * L + j] = f * model.columns[l.column]!.scale;
    involved[l.column] = 1;
    for (const r of l.rivals) {
      coef[r * L + j] = (-f * model.columns[r]!.scale) / l.rivals.length;
      involved[r] = 1;
    }
  }
  if (scratch.length < T * L) scratch = new Float64Array(T * L * 2);
  const perToken = scratch.fill(0, 0, T * L);
  const push = (c: number, w: number, first: number, last: number) => {
    const base = c * L;
    for (let j = 0; j < L; j++) {
      const x = coef[base + j]!;
      if (x === 0) continue;
      for (let i = first; i <= last; i++) perToken[i * L + j]! += w * x;
    }
  };
  for (let k = 0; k < f.n; k++) {
    const first = f.first[k]!;
    if (first < 0) continue;
    const last = f.last[k]!;
    const b = f.bucket[k]!;
    const v = f.val[k]! / (last - first + 1);
    for (let e = rowStart[b]!, end = rowStart[b + 1]!; e < end; e++) {
      const c = column[e]!;
      if (involved[c]) push(c, v * weight[e]!, first, last);
    }
  }
  // Words found in the word cache: their summed weights, column by column.
  for (const r of f.refs) {
    const sums = r.vector.sums;
    for (let c = 0; c < C; c++) if (involved[c] && sums[c]) push(c, f.scale * sums[c]!, r.token, r.token);
  }
  const spans: Span[] = [];
  for (let j = 0; j < L; j++) {
    let total = 0;
    for (let i = 0; i < T; i++) {
      const v = perToken[i * L + j]!;
      if (v > 0 && tokens[i]!.kind !== 'punct') total += v;
    }
    if (total <= 0) continue;
    // Runs of neighbouring words that pushed the label, best first; at most MAX_SPANS of them.
    const best: { first: number; last: number; weight: number }[] = [];
    let runFirst = -1;
    let runWeight = 0;
    for (let i = 0; i <= T; i++) {
      const v = i < T ? perToken[i * L + j]! : 0;
      const inRun = i < T && v > 0 && tokens[i]!.kind !== 'punct';
      if (inRun && runFirst >= 0 && i - runFirst < MAX_WORDS) {
        runWeight += v;
        continue;
      }
      if (runFirst >= 0 && runWeight >= total * MIN_SHARE && (best.length < MAX_SPANS || runWeight > best[best.length - 1]!.weight)) {
        best.push({ first: runFirst, last: i - 1, weight: runWeight });
        best.sort((x, y) => y.weight - x.weight);
        if (best.length > MAX_SPANS) best.pop();
      }
      runFirst = inRun ? i : -1;
      runWeight = inRun ? v : 0;
    }
    for (const r of best) {
      const start = tokens[r.first]!.start;
      const end = tokens[r.last]!.end;
      spans.push({ of: j, start, end, match: text.slice(start, end), weight: Math.round(r.weight * 1000) / 1000 });
    }
  }
  return spans;
}
