// Logistic regression by FTRL-proximal (McMahan et al. 2013): per-coordinate adaptive steps, L1 that leaves most
// weights exactly zero (a small asset), L2 for stability. Softmax heads (one of K) and binary columns are
// trained together, one pass over the examples per epoch, in a seeded shuffled order: the same inputs give the
// same weights.
import { columnLayout, HEADS } from '../model.ts';
import type { Example, Vector } from './examples.ts';
import { seededShuffle } from './random.ts';

export interface FtrlOptions {
  bits: number;
  epochs: number;
  alpha: number;
  beta: number;
  l1: number;
  l2: number;
  seed: number;
  /** Cap on the up-weighting of a rare binary label's positives. */
  maxPositiveWeight: number;
}

export const DEFAULT_FTRL: FtrlOptions = { bits: 18, epochs: 10, alpha: 0.3, beta: 1, l1: 0.1, l2: 1e-5, seed: 1, maxPositiveWeight: 4 };

export interface TrainedColumn {
  weights: Float32Array;
  bias: number;
}

interface Slot {
  z: Float32Array;
  n: Float32Array;
  zb: number;
  nb: number;
}

export function trainColumns(examples: Example[], vectors: Vector[], o: FtrlOptions): TrainedColumn[] {
  const D = 1 << o.bits;
  const layout = columnLayout().map((c) => ({ ...c, kind: HEADS[c.head]!.kind }));
  const slots: Slot[] = layout.map(() => ({ z: new Float32Array(D), n: new Float32Array(D), zb: 0, nb: 0 }));
  const posWeight = layout.map((col) => {
    if (col.kind !== 'binary') return 1;
    let pos = 0;
    let all = 0;
    for (const e of examples) {
      const l = e.labels[col.field];
      if (!l) continue;
      all++;
      if (l.includes(col.label)) pos++;
    }
    return pos === 0 ? 1 : Math.min(o.maxPositiveWeight, Math.sqrt((all - pos) / pos));
  });

  const weightOf = (z: number, n: number) => (Math.abs(z) <= o.l1 ? 0 : -(z - Math.sign(z) * o.l1) / ((o.beta + Math.sqrt(n)) / o.alpha + o.l2));
  const predict = (s: Slot, v: Vector) => {
    let raw = weightOf(s.zb, s.nb);
    for (let k = 0; k < v.bucket.length; k++) {
      const i = v.bucket[k]!;
      raw += weightOf(s.z[i]!, s.n[i]!) * v.val[k]!;
    }
    return raw;
  };
  const update = (s: Slot, v: Vector, g: number) => {
    // Bias: value 1.
    const wb = weightOf(s.zb, s.nb);
    const sb = (Math.sqrt(s.nb + g * g) - Math.sqrt(s.nb)) / o.alpha;
    s.zb += g - sb * wb;
    s.nb += g * g;
    for (let k = 0; k < v.bucket.length; k++) {
      const i = v.bucket[k]!;
      const gi = g * v.val[k]!;
      const ni = s.n[i]!;
      const sigma = (Math.sqrt(ni + gi * gi) - Math.sqrt(ni)) / o.alpha;
      s.z[i] = s.z[i]! + gi - sigma * weightOf(s.z[i]!, ni);
      s.n[i] = ni + gi * gi;
    }
  };

  const heads = HEADS.map((h, head) => ({ ...h, cols: layout.flatMap((c, i) => (c.head === head ? [i] : [])) }));
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (const idx of seededShuffle(examples.length, o.seed + epoch)) {
      const e = examples[idx]!;
      const v = vectors[idx]!;
      for (const h of heads) {
        const gold = e.labels[h.field];
        if (!gold) continue;
        if (h.kind === 'softmax') {
          const raws = h.cols.map((c) => predict(slots[c]!, v));
          const max = Math.max(...raws);
          const exps = raws.map((r) => Math.exp(r - max));
          const sum = exps.reduce((a, b) => a + b, 0);
          h.cols.forEach((c, j) => update(slots[c]!, v, e.weight * (exps[j]! / sum - (gold.includes(layout[c]!.label) ? 1 : 0))));
        } else {
          for (const c of h.cols) {
            const y = gold.includes(layout[c]!.label) ? 1 : 0;
            const p = 1 / (1 + Math.exp(-predict(slots[c]!, v)));
            update(slots[c]!, v, e.weight * (y ? posWeight[c]! : 1) * (p - y));
          }
        }
      }
    }
  }
  return slots.map((s) => {
    const weights = new Float32Array(D);
    for (let i = 0; i < D; i++) if (s.n[i]) weights[i] = weightOf(s.z[i]!, s.n[i]!);
    return { weights, bias: weightOf(s.zb, s.nb) };
  });
}

/** Raw score of a trained column on a merged vector (cross-validation scores the float weights). */
export function scoreVector(col: TrainedColumn, v: Vector): number {
  let raw = col.bias;
  for (let k = 0; k < v.bucket.length; k++) raw += col.weights[v.bucket[k]!]! * v.val[k]!;
  return raw;
}
