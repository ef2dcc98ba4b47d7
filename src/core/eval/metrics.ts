/** Classification metrics for the eval command: pure functions over gold/predicted pairs. */

export interface LabelScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

const f1 = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));
const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
export const round = (x: number) => Math.round(x * 1000) / 1000;

/** Single-label: accuracy, macro-F1 over the gold labels present, per-label scores and the confusion matrix. */
export function singleLabel(pairs: [gold: string, predicted: string][], labels?: readonly string[]) {
  const present = labels ?? [...new Set(pairs.map(([g]) => g))].sort();
  const confusion: Record<string, Record<string, number>> = {};
  for (const [g, p] of pairs) {
    confusion[g] ??= {};
    confusion[g][p] = (confusion[g][p] ?? 0) + 1;
  }
  const perLabel: Record<string, LabelScores> = {};
  const rawF1: number[] = [];
  for (const l of present) {
    const tp = pairs.filter(([g, p]) => g === l && p === l).length;
    const predicted = pairs.filter(([, p]) => p === l).length;
    const support = pairs.filter(([g]) => g === l).length;
    const precision = ratio(tp, predicted);
    const recall = ratio(tp, support);
    perLabel[l] = { precision: round(precision), recall: round(recall), f1: round(f1(precision, recall)), support };
    if (support > 0) rawF1.push(f1(precision, recall));
  }
  return {
    n: pairs.length,
    accuracy: round(ratio(pairs.filter(([g, p]) => g === p).length, pairs.length)),
    macroF1: round(
      ratio(
        rawF1.reduce((a, b) => a + b, 0),
        rawF1.length,
      ),
    ),
    perLabel,
    confusion,
  };
}

/** Multi-label: micro P/R/F1 over all (item, label) decisions, and per-label scores. */
export function multiLabel(pairs: [gold: readonly string[], predicted: readonly string[]][], labels: readonly string[]) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const perLabel: Record<string, LabelScores> = {};
  for (const l of labels) {
    let ltp = 0;
    let lfp = 0;
    let lfn = 0;
    for (const [g, p] of pairs) {
      const inG = g.includes(l);
      const inP = p.includes(l);
      if (inG && inP) ltp++;
      else if (inP) lfp++;
      else if (inG) lfn++;
    }
    tp += ltp;
    fp += lfp;
    fn += lfn;
    const precision = ratio(ltp, ltp + lfp);
    const recall = ratio(ltp, ltp + lfn);
    if (ltp + lfp + lfn > 0) perLabel[l] = { precision: round(precision), recall: round(recall), f1: round(f1(precision, recall)), support: ltp + lfn };
  }
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  return { n: pairs.length, microPrecision: round(precision), microRecall: round(recall), microF1: round(f1(precision, recall)), perLabel };
}
