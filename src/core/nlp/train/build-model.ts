// The whole training run, runtime-neutral: features → grouped k-fold cross-validation (out-of-fold scores) →
// calibration and thresholds on those scores → a final fit on everything → int8 quantisation → the asset bytes.
// The cross-validation report is what the model card quotes.
import { fnv } from '../hash.ts';
import { columnLayout, decide, encodeModel, HEADS, LONG_WORDS, tacticLimit, type Column, type HeadField, type ModelHeader } from '../model.ts';
import { tokenize, wordCount } from '../tokenize.ts';
import { bestThreshold, plattFit, softmaxFit } from './calibrate.ts';
import { vectorizer, type Example, type Vector } from './examples.ts';
import { scoreVector, trainColumns, type FtrlOptions, type TrainedColumn } from './ftrl.ts';
import { cvReport, type CvReport } from './report.ts';

export interface BuildOptions extends FtrlOptions {
  folds: number;
  /** At most this many non-zero weights are kept per column of each field (largest first). */
  keep: Record<HeadField, number>;
  version: string;
  inputsHash: string;
  /** Corpus whose examples decide softmax offsets and relevance's threshold. */
  focusCorpus: string;
}

export interface BuildResult {
  bytes: Uint8Array;
  header: ModelHeader;
  report: CvReport;
  nonZero: number[];
}

/** Fold of a group: a hash, so one source item's paraphrases and translations always share a fold. */
export const foldOf = (group: string, folds: number) => fnv(group) % folds;

/** Merged feature vectors of every example, as the trainer reads them. */
export function vectorizeAll(examples: Example[], bits: number): Vector[] {
  const vectorize = vectorizer(bits);
  return examples.map((e) => vectorize(e.text, e.language));
}

/**
 * Out-of-fold raw scores for the given folds: each fold's examples scored by a model trained on the others,
 * pruned and quantised as shipped, so the figures are the asset's. Folds are independent: they may run in parallel.
 */
export function crossValidate(examples: Example[], vectors: Vector[], o: BuildOptions, folds: number[], log: (line: string) => void = () => {}) {
  const fold = examples.map((e) => foldOf(e.group, o.folds));
  const oof = new Map<number, Float64Array>();
  for (const k of folds) {
    const t = performance.now();
    const train = examples.flatMap((_, i) => (fold[i] !== k ? [i] : []));
    const cols = quantise(
      trainColumns(
        train.map((i) => examples[i]!),
        train.map((i) => vectors[i]!),
        o,
      ),
      o.keep,
    ).dense;
    examples.forEach((_, i) => {
      if (fold[i] === k)
        oof.set(
          i,
          Float64Array.from(cols, (col) => scoreVector(col, vectors[i]!)),
        );
    });
    log(`fold ${k + 1}/${o.folds}: ${train.length} training examples, ${Math.round(performance.now() - t)} ms`);
  }
  return oof;
}

/** The final fit on every example. */
export function finalFit(examples: Example[], vectors: Vector[], o: BuildOptions, log: (line: string) => void = () => {}): TrainedColumn[] {
  const t1 = performance.now();
  const final = trainColumns(examples, vectors, o);
  log(`final fit in ${Math.round(performance.now() - t1)} ms`);
  return final;
}

/** Calibration, thresholds and the cross-validation report from out-of-fold scores, around the final fit: the asset. */
export function finishModel(examples: Example[], oof: Float64Array[], final: TrainedColumn[], o: BuildOptions): BuildResult {
  const columns = calibrate(examples, oof, o.focusCorpus);
  const words = examples.map((e) => wordCount(tokenize(e.text)));
  const maxTactics = bestTacticLimits(examples, words, oof, columns);
  const limits = { max_tactics: maxTactics } as ModelHeader;
  const report = cvReport(
    examples,
    oof.map((raw, i) => decide(columns, raw, tacticLimit(limits, words[i]!))),
    o.folds,
  );
  const { sparse, scales } = quantise(final, o.keep);
  final.forEach((col, c) => Object.assign(columns[c]!, { bias: round(col.bias, 6), scale: scales[c]! }));
  const header: ModelHeader = { format: 1, version: o.version, bits: o.bits, max_tactics: maxTactics, inputs_hash: o.inputsHash, columns };
  return { bytes: encodeModel(header, sparse), header, report, nonZero: sparse.map((s) => s.bucket.length) };
}

/** The whole run on one thread. */
export function buildModel(examples: Example[], o: BuildOptions, log: (line: string) => void = () => {}): BuildResult {
  const t0 = performance.now();
  const vectors = vectorizeAll(examples, o.bits);
  log(`features for ${examples.length} examples in ${Math.round(performance.now() - t0)} ms`);
  const oof = crossValidate(
    examples,
    vectors,
    o,
    Array.from({ length: o.folds }, (_, k) => k),
    log,
  );
  return finishModel(
    examples,
    examples.map((_, i) => oof.get(i)!),
    finalFit(examples, vectors, o, log),
    o,
  );
}

/** Long complaints may carry at most this many tactics on average, in every corpus: what they are mostly about. */
const MAX_MEAN_TACTICS_LONG = 2.5;
const CAPS = [1, 2, 3, 4, 5, 99];
/** Long mentions' tactic thresholds may be raised, so that a higher cap still keeps to the mean above. */
const LONG_THRESHOLD_SCALES = [1, 1.15, 1.3, 1.5, 1.75, 2, 2.25, 2.5, 2.75, 3];

/**
 * The limits on tactics per mention, for short and for long mentions: each the best out-of-fold micro-F1 over the
 * examples of that length labelled with tactics; for long ones, a cap and a threshold scale together, among those
 * that keep the mean of each corpus (our narratives, the CFPB complaints) at or under MAX_MEAN_TACTICS_LONG.
 */
function bestTacticLimits(examples: Example[], words: number[], oof: Float64Array[], columns: Column[]): ModelHeader['max_tactics'] {
  const labelled = examples.flatMap((e, i) => (e.labels.tactics ? [i] : []));
  const best = (rows: number[], scales: number[], limitMean: number) => {
    let top = { cap: 1, scale: 1, f1: -1 };
    for (const cap of CAPS) {
      for (const scale of scales) {
        let tp = 0;
        let fp = 0;
        let fn = 0;
        const given = new Map<string, { tags: number; rows: number }>();
        for (const i of rows) {
          const gold = new Set(examples[i]!.labels.tactics);
          const got = decide(columns, oof[i]!, { max: cap, thresholdScale: scale }).labels.tactics;
          const g = given.get(examples[i]!.corpus) ?? given.set(examples[i]!.corpus, { tags: 0, rows: 0 }).get(examples[i]!.corpus)!;
          g.tags += got.length;
          g.rows++;
          for (const t of got) gold.has(t) ? tp++ : fp++;
          fn += [...gold].filter((t) => !got.includes(t)).length;
        }
        if (cap > 1 && [...given.values()].some((g) => g.tags / g.rows > limitMean)) continue;
        const f1 = (2 * tp) / (2 * tp + fp + fn || 1);
        if (f1 > top.f1 + 1e-9) top = { cap, scale, f1 };
      }
    }
    return top;
  };
  const long = best(
    labelled.filter((i) => words[i]! >= LONG_WORDS),
    LONG_THRESHOLD_SCALES,
    MAX_MEAN_TACTICS_LONG,
  );
  return {
    short: best(
      labelled.filter((i) => words[i]! < LONG_WORDS),
      [1],
      Infinity,
    ).cap,
    long: long.cap,
    long_threshold_scale: long.scale,
  };
}

function calibrate(examples: Example[], oof: Float64Array[], focusCorpus: string): Column[] {
  const layout = columnLayout();
  const columns: Column[] = layout.map(({ field, label }) => ({ field, label, bias: 0, scale: 1, a: 1, b: 0, threshold: 0.5 }));
  let c = 0;
  for (const head of HEADS) {
    const cols = head.labels.map((_, j) => c + j);
    c += cols.length;
    const rows = examples.flatMap((e, i) => (e.labels[head.field] ? [i] : []));
    if (!rows.length) continue;
    if (head.kind === 'softmax') {
      const labels = head.labels as readonly string[];
      const fit = softmaxFit(
        rows.map((i) => cols.map((col) => oof[i]![col]!)),
        rows.map((i) => labels.indexOf(examples[i]!.labels[head.field]![0]!)),
        rows.map((i) => examples[i]!.corpus === focusCorpus),
      );
      cols.forEach((col, j) => Object.assign(columns[col]!, { a: round(fit.a, 4), b: fit.b[j]! }));
      continue;
    }
    for (const col of cols) {
      const label = layout[col]!.label;
      const y = rows.map((i) => (examples[i]!.labels[head.field]!.includes(label) ? 1 : 0));
      const raw = rows.map((i) => oof[i]![col]!);
      const { a, b } = plattFit(raw, y);
      // The threshold is chosen where the label is decided in use: on the focus corpus when it has the field.
      const focus = rows.map((i, j) => (examples[i]!.corpus === focusCorpus ? j : -1)).filter((j) => j >= 0);
      const pick = focus.length ? focus : rows.map((_, j) => j);
      const p = pick.map((j) => 1 / (1 + Math.exp(-(a * raw[j]! + b))));
      const { threshold } = bestThreshold(
        p,
        pick.map((j) => y[j]!),
      );
      Object.assign(columns[col]!, { a: round(a, 4), b: round(b, 4), threshold: round(threshold, 4) });
    }
  }
  return columns;
}

/**
 * int8 weights per column: the `keep` largest by magnitude, scaled so the 99.5th percentile maps to 127 (the
 * few larger ones clip), which keeps resolution for the many small weights. `dense` is the same model as float
 * columns, for scoring held-out folds exactly as the asset will.
 */
function quantise(cols: TrainedColumn[], keep: Record<HeadField, number>) {
  const layout = columnLayout();
  const scales: number[] = [];
  const dense: TrainedColumn[] = [];
  const sparse = cols.map((col, c) => {
    const nz: number[] = [];
    for (let i = 0; i < col.weights.length; i++) if (col.weights[i] !== 0) nz.push(i);
    nz.sort((a, b) => Math.abs(col.weights[b]!) - Math.abs(col.weights[a]!) || a - b);
    const kept = nz.slice(0, keep[layout[c]!.field]);
    const ref = Math.abs(col.weights[kept[Math.floor(kept.length * 0.005)] ?? 0] ?? 0) || 1;
    const scale = ref / 127;
    scales.push(scale);
    const pairs = kept
      .map((i) => [i, Math.max(-127, Math.min(127, Math.round(col.weights[i]! / scale)))] as const)
      .filter(([, q]) => q !== 0)
      .sort((a, b) => a[0] - b[0]);
    const weights = new Float32Array(col.weights.length);
    for (const [i, q] of pairs) weights[i] = q * scale;
    dense.push({ weights, bias: col.bias });
    return { bucket: Uint32Array.from(pairs.map((p) => p[0])), weight: Int8Array.from(pairs.map((p) => p[1])) };
  });
  return { sparse, scales, dense };
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
