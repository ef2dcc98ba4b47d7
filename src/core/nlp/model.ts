// The learned model: one linear column per label over the hashed features, grouped into heads. Sentiment and
// payer stance are softmax heads (one of K); relevance, tactics, channel, vulnerability and escalation are
// independent binary columns. Each column carries its calibration (p = σ(a·raw + b), or a softmax over a·raw + b)
// and, for binary columns, the threshold chosen on cross-validation.
//
// The asset is compact bytes: a JSON header, then per column its non-zero buckets (delta varints) and int8
// weights with one scale. `decodeModel` turns them into one bucket-major sparse table (CSR), so scoring a feature
// touches only the columns that have a weight for its bucket.
import { CHANNELS, type Language, ESCALATIONS, PAYER_STANCES, SENTIMENT_LABELS, TACTICS, VULNERABILITIES } from '../../../db/schema/constants.ts';
import type { Features, WordLookup, WordVector } from './features.ts';

export const HEADS = [
  { field: 'sentiment', kind: 'softmax', labels: SENTIMENT_LABELS },
  { field: 'relevant', kind: 'binary', labels: ['true'] },
  { field: 'tactics', kind: 'binary', labels: TACTICS },
  { field: 'channel', kind: 'binary', labels: CHANNELS },
  { field: 'vulnerability', kind: 'binary', labels: VULNERABILITIES },
  { field: 'escalation', kind: 'binary', labels: ESCALATIONS },
  { field: 'payer_stance', kind: 'softmax', labels: PAYER_STANCES },
] as const;

export type HeadField = (typeof HEADS)[number]['field'];

export interface Column {
  field: HeadField;
  label: string;
  /** Raw score = bias + scale · Σ value · int8 weight. */
  bias: number;
  scale: number;
  /** Calibration: a · raw + b is the calibrated logit. */
  a: number;
  b: number;
  /** Binary columns: the label is on when its probability reaches this. */
  threshold: number;
}

export interface ModelHeader {
  format: 1;
  version: string;
  bits: number;
  /**
   * At most this many tactics per mention, the surest first (chosen on cross-validation): for short mentions, and
   * for long ones (LONG_WORDS words or more), which touch on many things and are labelled with what they are mostly
   * about. `long_threshold_scale` multiplies the tactic thresholds for long mentions (1 when absent).
   */
  max_tactics: { short: number; long: number; long_threshold_scale?: number };
  /** sha-256 of the training inputs and options, from the model card. */
  inputs_hash: string;
  columns: Column[];
}

export interface Model {
  header: ModelHeader;
  columns: Column[];
  /** Bucket b's weights are entries rowStart[b] .. rowStart[b+1]-1 of `column` and `weight`. */
  rowStart: Uint32Array;
  column: Uint8Array;
  weight: Int8Array;
}

/** From this many words on, a mention is long (a complaint narrative) for the cap on tactics. */
export const LONG_WORDS = 60;

/** How many tactics a mention may carry, and how their thresholds are scaled. */
export interface TacticLimit {
  max: number;
  thresholdScale: number;
}

export const NO_TACTIC_LIMIT: TacticLimit = { max: Infinity, thresholdScale: 1 };

/** The tactic limit for a mention of `words` words. */
export function tacticLimit(header: ModelHeader, words: number): TacticLimit {
  const t = header.max_tactics;
  return words >= LONG_WORDS ? { max: t.long, thresholdScale: t.long_threshold_scale ?? 1 } : { max: t.short, thresholdScale: 1 };
}

/** The columns in head order, as the trainer lays them out. */
export function columnLayout(): { field: HeadField; label: string; head: number }[] {
  return HEADS.flatMap((h, head) => h.labels.map((label) => ({ field: h.field as HeadField, label: label as string, head })));
}

/** Raw scores of every column for one text: its feature entries, plus the cached sums of words seen before. */
export function rawScores(model: Model, f: Features): Float64Array {
  const C = model.columns.length;
  const acc = new Float64Array(C);
  const { rowStart, column, weight } = model;
  const { n, val, bucket } = f;
  for (let k = 0; k < n; k++) {
    const v = val[k]!;
    const b = bucket[k]!;
    for (let e = rowStart[b]!, end = rowStart[b + 1]!; e < end; e++) acc[column[e]!] += v * weight[e]!;
  }
  const cached = new Float64Array(C);
  for (const r of f.refs) {
    const sums = r.vector.sums;
    for (let c = 0; c < C; c++) cached[c] += sums[c]!;
  }
  for (let c = 0; c < C; c++) acc[c] = model.columns[c]!.bias + model.columns[c]!.scale * (acc[c]! + f.scale * cached[c]!);
  return acc;
}

/**
 * Column sums of words the analyser has featurised, so a word seen again costs one look-up instead of a dozen
 * hashed n-grams and their weights (most words of a feed recur). Bounded: full, it starts over.
 */
export class WordCache implements WordLookup {
  private readonly vectors = new Map<Language, Map<string, WordVector>>();
  private size = 0;

  constructor(
    private readonly model: Model,
    private readonly max = 50_000,
  ) {}

  get(language: Language, word: string): WordVector | undefined {
    return this.vectors.get(language)?.get(word);
  }

  /** Learns the words `f` featurised in full. */
  learn(f: Features): void {
    const { rowStart, column, weight } = this.model;
    for (const b of f.blocks) {
      const sums = new Float32Array(this.model.columns.length);
      for (let k = b.start; k < b.end; k++) {
        const sign = f.val[k]! < 0 ? -1 : 1;
        const bucket = f.bucket[k]!;
        for (let e = rowStart[bucket]!, end = rowStart[bucket + 1]!; e < end; e++) sums[column[e]!] += sign * weight[e]!;
      }
      if (this.size >= this.max) this.vectors.clear(), (this.size = 0);
      const words = this.vectors.get(b.language) ?? this.vectors.set(b.language, new Map()).get(b.language)!;
      if (!words.has(b.word)) this.size++;
      words.set(b.word, { sums, count: b.end - b.start });
    }
  }
}

// ---- bytes ----

const MAGIC = 0x45534d31; // "ESM1"

export function encodeModel(header: ModelHeader, sparse: { bucket: Uint32Array; weight: Int8Array }[]): Uint8Array {
  const head = new TextEncoder().encode(JSON.stringify(header));
  const parts: number[] = [];
  const u32 = (x: number) => parts.push(x & 0xff, (x >>> 8) & 0xff, (x >>> 16) & 0xff, (x >>> 24) & 0xff);
  u32(MAGIC);
  u32(head.length);
  for (const b of head) parts.push(b);
  for (const col of sparse) {
    u32(col.bucket.length);
    let prev = 0;
    for (const b of col.bucket) {
      let d = b - prev;
      prev = b;
      while (d >= 0x80) {
        parts.push((d & 0x7f) | 0x80);
        d >>>= 7;
      }
      parts.push(d);
    }
    for (const w of col.weight) parts.push(w & 0xff);
  }
  return Uint8Array.from(parts);
}

export function decodeModel(bytes: Uint8Array): Model {
  let p = 0;
  const u32 = () => {
    const x = (bytes[p]! | (bytes[p + 1]! << 8) | (bytes[p + 2]! << 16) | (bytes[p + 3]! << 24)) >>> 0;
    p += 4;
    return x;
  };
  if (u32() !== MAGIC) throw new Error('not an analyser model');
  const len = u32();
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(p, p + len))) as ModelHeader;
  p += len;
  const C = header.columns.length;
  const perColumn: Uint32Array[] = [];
  const weights: Int8Array[] = [];
  for (let c = 0; c < C; c++) {
    const count = u32();
    const buckets = new Uint32Array(count);
    let prev = 0;
    for (let i = 0; i < count; i++) {
      let d = 0;
      let shift = 0;
      let byte: number;
      do {
        byte = bytes[p++]!;
        d |= (byte & 0x7f) << shift;
        shift += 7;
      } while (byte & 0x80);
      prev += d;
      buckets[i] = prev;
    }
    perColumn.push(buckets);
    weights.push(new Int8Array(bytes.buffer, bytes.byteOffset + p, count));
    p += count;
  }
  // Column-major lists → one bucket-major table.
  const D = 1 << header.bits;
  const rowStart = new Uint32Array(D + 1);
  for (const buckets of perColumn) for (const b of buckets) rowStart[b + 1]!++;
  for (let b = 0; b < D; b++) rowStart[b + 1]! += rowStart[b]!;
  const fill = rowStart.slice(0, D);
  const column = new Uint8Array(rowStart[D]!);
  const weight = new Int8Array(rowStart[D]!);
  perColumn.forEach((buckets, c) => {
    for (let i = 0; i < buckets.length; i++) {
      const e = fill[buckets[i]!]!++;
      column[e] = c;
      weight[e] = weights[c]![i]!;
    }
  });
  return { header, columns: header.columns, rowStart, column, weight };
}

/** base64 → bytes without Node's Buffer (the asset module is shared with Workers). */
export function fromBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

// ---- decisions ----

export type Labelled = Record<HeadField, string[]>;

export interface Decision {
  /** Calibrated probability of every column, in column order. */
  probability: Float64Array;
  /** The labels that are on, per field (softmax heads: the one most probable). */
  labels: Labelled;
}

/**
 * Calibrated probabilities and labels from raw scores. A mention judged not relevant carries no collection labels
 * (no tactics, channels, vulnerability or escalation; payer stance unknown), as the labelling guide says; a
 * mention keeps at most `limit.max` tactics, each at or over its threshold times `limit.thresholdScale`.
 */
export function decide(columns: readonly Column[], raw: ArrayLike<number>, limit: TacticLimit = NO_TACTIC_LIMIT): Decision {
  const probability = new Float64Array(columns.length);
  const labels = Object.fromEntries(HEADS.map((h) => [h.field, [] as string[]])) as Labelled;
  let c = 0;
  for (const head of HEADS) {
    const from = c;
    const to = from + head.labels.length;
    if (head.kind === 'softmax') {
      let max = -Infinity;
      for (let i = from; i < to; i++) max = Math.max(max, columns[i]!.a * raw[i]! + columns[i]!.b);
      let sum = 0;
      for (let i = from; i < to; i++) sum += probability[i] = Math.exp(columns[i]!.a * raw[i]! + columns[i]!.b - max);
      let best = from;
      for (let i = from; i < to; i++) {
        probability[i] = probability[i]! / sum;
        if (probability[i]! > probability[best]!) best = i;
      }
      labels[head.field].push(columns[best]!.label);
    } else {
      const scale = head.field === 'tactics' ? limit.thresholdScale : 1;
      for (let i = from; i < to; i++) {
        probability[i] = 1 / (1 + Math.exp(-(columns[i]!.a * raw[i]! + columns[i]!.b)));
        if (probability[i]! >= columns[i]!.threshold * scale) labels[head.field].push(columns[i]!.label);
      }
    }
    c = to;
  }
  if (labels.tactics.length > limit.max) {
    // A long complaint touches on many things; it is labelled with what it is most surely about.
    const margin = (l: string) => {
      const i = columns.findIndex((c) => c.field === 'tactics' && c.label === l);
      return probability[i]! - columns[i]!.threshold;
    };
    const kept = new Set([...labels.tactics].sort((x, y) => margin(y) - margin(x)).slice(0, limit.max));
    labels.tactics = labels.tactics.filter((l) => kept.has(l));
  }
  if (!labels.relevant.length) {
    labels.tactics = [];
    labels.channel = [];
    labels.vulnerability = [];
    labels.escalation = [];
    labels.payer_stance = ['unknown'];
  }
  return { probability, labels };
}
