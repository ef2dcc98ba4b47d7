// Calibration and thresholds, fitted on out-of-fold scores only: Platt scaling per binary column and the
// threshold that maximises its F1; for a softmax head, one temperature and per-class offsets that maximise the
// macro-F1 of the examples that matter most (the domain corpus).

/** Platt scaling: p = σ(a·raw + b), fitted by Newton's method on smoothed targets (Platt 1999). */
export function plattFit(raw: ArrayLike<number>, y: ArrayLike<number>): { a: number; b: number } {
  const n = raw.length;
  let pos = 0;
  for (let i = 0; i < n; i++) pos += y[i]!;
  if (pos === 0 || pos === n) return { a: 1, b: 0 };
  const hi = (pos + 1) / (pos + 2);
  const lo = 1 / (n - pos + 2);
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < 50; iter++) {
    let gA = 0,
      gB = 0,
      hAA = 1e-9,
      hAB = 0,
      hBB = 1e-9;
    for (let i = 0; i < n; i++) {
      const t = y[i] ? hi : lo;
      const p = 1 / (1 + Math.exp(-(a * raw[i]! + b)));
      const d = p - t;
      const s = p * (1 - p);
      gA += d * raw[i]!;
      gB += d;
      hAA += s * raw[i]! * raw[i]!;
      hAB += s * raw[i]!;
      hBB += s;
    }
    const det = hAA * hBB - hAB * hAB;
    if (Math.abs(det) < 1e-12) break;
    const da = (hBB * gA - hAB * gB) / det;
    const db = (hAA * gB - hAB * gA) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) < 1e-7 && Math.abs(db) < 1e-7) break;
  }
  return { a, b };
}

/** The probability threshold with the best F1 (ties: the higher threshold); 0.5 when there are no positives. */
export function bestThreshold(p: ArrayLike<number>, y: ArrayLike<number>): { threshold: number; f1: number } {
  const order = Array.from({ length: p.length }, (_, i) => i).sort((i, j) => p[j]! - p[i]!);
  let total = 0;
  for (let i = 0; i < y.length; i++) total += y[i]!;
  if (total === 0) return { threshold: 0.5, f1: 0 };
  let tp = 0;
  let best = { threshold: 0.5, f1: 0 };
  for (let k = 0; k < order.length; k++) {
    tp += y[order[k]!]!;
    const next = k + 1 < order.length ? p[order[k + 1]!]! : -1;
    if (next === p[order[k]!]) continue;
    const f1 = (2 * tp) / (k + 1 + total);
    // Halfway to the next score, so a slightly lower score on new text is still judged the same way.
    if (f1 > best.f1) best = { threshold: next < 0 ? p[order[k]!]! : (p[order[k]!]! + next) / 2, f1 };
  }
  return best;
}

/** Macro-F1 of argmax decisions over the classes present in gold. */
export function macroF1(gold: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): number {
  let sum = 0;
  let present = 0;
  for (let c = 0; c < classes; c++) {
    let tp = 0,
      g = 0,
      p = 0;
    for (let i = 0; i < gold.length; i++) {
      if (gold[i] === c) g++;
      if (predicted[i] === c) p++;
      if (gold[i] === c && predicted[i] === c) tp++;
    }
    if (g === 0) continue;
    present++;
    sum += tp === 0 ? 0 : (2 * tp) / (g + p);
  }
  return present ? sum / present : 0;
}

/**
 * Softmax head: temperature by log-loss over all rows, then per-class offsets by coordinate search for the
 * macro-F1 of the `focus` rows (weighted by `focusWeight`) — in steps of 0.1 within ±2.
 */
export function softmaxFit(raw: number[][], gold: number[], focus: boolean[]): { a: number; b: number[] } {
  const K = raw[0]?.length ?? 0;
  let bestA = 1;
  let bestLoss = Infinity;
  for (let a = 0.2; a <= 5; a *= 1.1) {
    let loss = 0;
    for (let i = 0; i < raw.length; i++) {
      const z = raw[i]!.map((r) => a * r);
      const max = Math.max(...z);
      const lse = max + Math.log(z.reduce((s, v) => s + Math.exp(v - max), 0));
      loss += lse - z[gold[i]!]!;
    }
    if (loss < bestLoss) (bestLoss = loss), (bestA = a);
  }
  const b = new Array<number>(K).fill(0);
  const rows = raw.map((r, i) => ({ r, g: gold[i]!, f: focus[i]! })).filter((x) => x.f);
  const score = () => {
    const pred = rows.map(({ r }) => {
      let best = 0;
      for (let k = 1; k < K; k++) if (bestA * r[k]! + b[k]! > bestA * r[best]! + b[best]!) best = k;
      return best;
    });
    return macroF1(
      rows.map((x) => x.g),
      pred,
      K,
    );
  };
  let current = score();
  for (let round = 0; round < 3; round++) {
    for (let k = 1; k < K; k++) {
      const keep = b[k]!;
      let bestB = keep;
      for (let v = -2; v <= 2.0001; v += 0.1) {
        b[k] = v;
        const s = score();
        if (s > current + 1e-9) (current = s), (bestB = v);
      }
      b[k] = bestB;
    }
  }
  return { a: bestA, b: b.map((x) => Math.round(x * 100) / 100) };
}
