import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ZodError } from 'zod';
import type { Language } from '../../db/schema/constants.ts';
import { AppError } from '../core/errors.ts';
import { ANALYSER_VERSION } from '../core/nlp/version.ts';
import { columnLayout } from '../core/nlp/model.ts';
import { crossValidate, finalFit, finishModel, vectorizeAll, type BuildOptions, type BuildResult } from '../core/nlp/train/build-model.ts';
import {
  corpusExample,
  corpusRowSchema,
  correctionExample,
  correctionRowSchema,
  externalLabelsSchema,
  labelsOf,
  ownGeneralExample,
  ownGeneralRowSchema,
} from '../core/nlp/train/corpus-row.ts';
import type { Example } from '../core/nlp/train/examples.ts';
import { DEFAULT_FTRL } from '../core/nlp/train/ftrl.ts';
import { modelCard } from '../core/nlp/train/model-card.ts';
import { command, type OptionValues } from './command.ts';

/**
 * `earshot train`: builds the analyser's model from the project's own corpus (data/training/), the third-party
 * corpora whose licences allow a shipped model to learn from them, and optionally people's corrections
 * (`--with FILE`), then writes the asset module and the model card. Deterministic: same inputs, same bytes.
 */

const ROOT = resolve(import.meta.dirname ?? '.', '../..');
const MODEL_DIR = join(ROOT, 'src/core/nlp/model');

/** Non-zero weights kept per label: what fits a Worker (≤ 1.5 MB for the model) with room for the rest. */
const KEEP = { sentiment: 60_000, relevant: 30_000, tactics: 6_000, channel: 4_000, vulnerability: 5_000, escalation: 5_000, payer_stance: 6_000 };

/** How much one example of each kind counts (chosen on cross-validation). */
export const WEIGHTS = { domain: 5, corrections: 8, general: 1, distant: 0.5, narratives: 1 };

/**
 * Third-party corpora a shipped model may learn from (licence per shared/data/train/README.md and
 * shared/data/sources/). Everything else there is for measuring only.
 */
export const GENERAL_CORPORA: { file: string; licence: string; kind: 'general' | 'distant' }[] = [
  { file: 'train/fi-finnsentiment.train.jsonl', licence: 'CC BY 4.0 (FinnSentiment)', kind: 'general' },
  { file: 'train/fi-xed-subtitles.train.jsonl', licence: 'CC BY 4.0 (XED)', kind: 'distant' },
  { file: 'train/lv-tweets-peisenieks.train.jsonl', licence: 'MIT', kind: 'general' },
  { file: 'train/sv-tweets-berggren.train.jsonl', licence: '"free to use" (README)', kind: 'general' },
  { file: 'sentiment/nb-norec-sentence.dev.jsonl', licence: 'CC BY-NC 4.0; models trained on it may be used commercially', kind: 'general' },
  { file: 'sentiment/da-lcc.dev.jsonl', licence: 'CC BY', kind: 'general' },
  { file: 'sentiment/lv-ltec-tweets.dev.jsonl', licence: 'MIT', kind: 'general' },
  { file: 'sentiment/pl-polemo-medicine.dev.jsonl', licence: 'CC BY-SA 4.0 (PolEmo 2.0, Kocoń et al. 2019)', kind: 'general' },
];
const NARRATIVES = { file: 'train/cfpb-debt-collection-narratives.train.jsonl', licence: 'US government public data' };

const readJsonl = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const corpusName = (file: string) =>
  file
    .split('/')
    .pop()!
    .replace(/\.(train|dev)\.jsonl$/, '');

/**
 * The project's own rows (corpus, general posts, corrections, labels): each parsed and validated, a bad one
 * reported by line and reason — never its content, which may be a mention's text — and skipped.
 */
function readRows<T>(path: string, parse: (row: unknown) => T, problems: string[]): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .flatMap((line, i) => {
      if (!line.trim()) return [];
      let row: unknown;
      try {
        row = JSON.parse(line);
      } catch {
        problems.push(`${path}:${i + 1}: not valid JSON`);
        return [];
      }
      try {
        return [parse(row)];
      } catch (err) {
        const issues = err instanceof ZodError ? err.issues.map((x) => `${x.path.join('.') || 'row'}: ${x.message}`).join('; ') : 'not a valid row';
        problems.push(`${path}:${i + 1}: ${issues}`);
        return [];
      }
    });
}

export interface TrainingSet {
  examples: Example[];
  sources: { name: string; file: string; licence: string; rows: number; weight: number }[];
  problems: string[];
  hash: string;
}

export function loadTrainingSet(dataDir: string, corpusDir: string, corrections: string[]): TrainingSet {
  const hash = createHash('sha256');
  const problems: string[] = [];
  const sources: TrainingSet['sources'] = [];
  const examples: Example[] = [];
  const add = (name: string, file: string, licence: string, weight: number, rows: Example[]) => {
    hash.update(readFileSync(file));
    sources.push({ name, file, licence, rows: rows.length, weight });
    examples.push(...rows);
  };
  const own = existsSync(corpusDir)
    ? readdirSync(corpusDir)
        .filter((f) => /^mentions\.[a-z]{2}\.jsonl$/.test(f))
        .sort()
    : [];
  if (!own.length) throw new Error(`no corpus files (mentions.<lang>.jsonl) in ${corpusDir}`);
  for (const f of own) {
    const path = join(corpusDir, f);
    const rows = readRows(path, (r) => corpusExample(corpusRowSchema.parse(r), 'domain', WEIGHTS.domain), problems);
    add('domain', path, "the project's own (docs/labelling.md)", WEIGHTS.domain, rows);
  }
  // The project's own general-domain posts (not about collection): polarity for languages without a licensed corpus.
  const general = existsSync(corpusDir)
    ? readdirSync(corpusDir)
        .filter((f) => /^general\.[a-z]{2}(\.\d+)?\.jsonl$/.test(f))
        .sort()
    : [];
  for (const f of general) {
    const path = join(corpusDir, f);
    const rows = readRows(path, (r) => ownGeneralExample(ownGeneralRowSchema.parse(r), WEIGHTS.general), problems);
    add('own-general', path, "the project's own (general-domain posts)", WEIGHTS.general, rows);
  }
  for (const path of corrections) {
    const rows = readRows(path, (r) => correctionExample(correctionRowSchema.parse(r), WEIGHTS.corrections), problems);
    add('corrections', path, "the project's users' corrections", WEIGHTS.corrections, rows);
  }
  for (const { file, licence, kind } of GENERAL_CORPORA) {
    const weight = WEIGHTS[kind];
    const path = join(dataDir, file);
    if (!existsSync(path)) throw new Error(`missing training corpus ${path}`);
    const name = corpusName(file);
    const rows = readJsonl(path).map<Example>((r) => ({
      corpus: name,
      group: `${name}:${String(r.id)}`,
      language: (r.lang === 'no' || r.lang === 'nn' ? 'nb' : r.lang) as Language,
      text: String(r.text),
      weight,
      // General text is not about debt collection: it teaches polarity, and what is not relevant.
      labels: { sentiment: [String(r.label)], relevant: [] },
    }));
    add(name, path, licence, weight, rows);
  }
  const narratives = join(dataDir, NARRATIVES.file);
  if (existsSync(narratives)) {
    // Our own labels for the narratives (text not copied; read here), where we have them.
    const labelFiles = existsSync(corpusDir)
      ? readdirSync(corpusDir)
          .filter((f) => /^cfpb-labels\.[a-z0-9]+\.jsonl$/.test(f))
          .sort()
      : [];
    const labelled = new Map<string, Example['labels']>();
    for (const f of labelFiles) {
      const path = join(corpusDir, f);
      hash.update(readFileSync(path));
      for (const l of readRows(path, (r) => externalLabelsSchema.parse(r), problems)) labelled.set(l.id, labelsOf(l));
    }
    const rows = readJsonl(narratives).map<Example>((r) => ({
      corpus: 'cfpb-narratives',
      // Shares its group with the corpus's rewrites of the same complaint in other languages.
      group: `cfpb:${String(r.id)}`,
      language: 'en',
      text: String(r.text),
      weight: WEIGHTS.narratives,
      labels: labelled.get(String(r.id)) ?? { sentiment: ['negative'], relevant: ['true'] },
    }));
    add('cfpb-narratives', narratives, `${NARRATIVES.licence}; ${labelled.size} with the project's own labels`, WEIGHTS.narratives, rows);
  }
  return { examples, sources, problems, hash: hash.digest('hex') };
}

/**
 * The training run on two threads: a worker takes half the cross-validation folds while this thread does the
 * others and the final fit; same result as buildModel on one thread (each fold is independent and seeded).
 */
async function buildInParallel(examples: Example[], o: BuildOptions, log: (line: string) => void): Promise<BuildResult> {
  const all = Array.from({ length: o.folds }, (_, k) => k);
  const theirs = all.filter((k) => k % 2 === 0);
  const ours = all.filter((k) => k % 2 === 1);
  const worker = new Worker(new URL('../../src/cli/train-folds-worker.mjs', import.meta.url), { workerData: { examples, options: o, folds: theirs } });
  const fromWorker = new Promise<[number, Float64Array][]>((done, fail) => {
    worker.on('message', (m: { log?: string; oof?: [number, Float64Array][] }) => (m.log ? log(`${m.log} (worker)`) : done(m.oof!)));
    worker.on('error', fail);
    worker.on('exit', (code) => code !== 0 && fail(new Error(`training worker stopped with code ${code}`)));
  });
  const t0 = performance.now();
  const vectors = vectorizeAll(examples, o.bits);
  log(`features for ${examples.length} examples in ${Math.round(performance.now() - t0)} ms`);
  const oof = crossValidate(examples, vectors, o, ours, log);
  const final = finalFit(examples, vectors, o, log);
  for (const [i, raw] of await fromWorker) oof.set(i, raw);
  await worker.terminate();
  return finishModel(
    examples,
    examples.map((_, i) => oof.get(i)!),
    final,
    o,
  );
}

const TRAIN_OPTIONS = {
  data: { type: 'string', value: 'DIR', default: '../shared/data', help: 'the licensed corpora, laid out like shared/data' },
  corpus: { type: 'string', value: 'DIR', default: join(ROOT, 'data/training'), help: "the project's own labelled corpus" },
  with: { type: 'string', value: 'FILE', multiple: true, help: "people's corrections, as written by 'export corrections'" },
  folds: { type: 'string', value: 'K', default: '5', help: 'cross-validation folds' },
  out: { type: 'string', value: 'DIR', default: MODEL_DIR, help: 'where the model, its card and its cross-validation report go' },
  set: { type: 'string', value: 'opt=N', multiple: true, help: `a training option to compare on cross-validation (${Object.keys(DEFAULT_FTRL).join(', ')})` },
  weight: { type: 'string', value: 'kind=N', multiple: true, help: `an example weight to compare (${Object.keys(WEIGHTS).join(', ')})` },
  keep: { type: 'string', value: 'field=N', multiple: true, help: `weights kept per label of a field (${Object.keys(KEEP).join(', ')})` },
} as const;

export const trainCommand = command({
  name: 'train',
  summary:
    "Build the analyser's model from data/training/ and the licensed corpora in --data, plus corrections exported with " +
    "'export corrections'; K-fold grouped cross-validation chooses calibration and thresholds; writes the model and its card",
  options: TRAIN_OPTIONS,
  run: ({ values }) => runTrain(values),
});

async function runTrain(values: OptionValues<typeof TRAIN_OPTIONS>) {
  const overrides = Object.fromEntries(
    values.set!.map((kv) => {
      const [k, v] = kv.split('=');
      if (!k || !(k in DEFAULT_FTRL) || !Number.isFinite(Number(v)))
        throw new AppError('BAD_REQUEST', `--set ${kv}: expected one of ${Object.keys(DEFAULT_FTRL).join(', ')} = a number`);
      return [k, Number(v)];
    }),
  );
  for (const kv of values.weight!) {
    const [k, v] = kv.split('=');
    if (!k || !(k in WEIGHTS) || !Number.isFinite(Number(v))) throw new AppError('BAD_REQUEST', `--weight ${kv}: expected one of ${Object.keys(WEIGHTS).join(', ')} = a number`);
    WEIGHTS[k as keyof typeof WEIGHTS] = Number(v);
  }
  const keep = { ...KEEP };
  for (const kv of values.keep!) {
    const [k, v] = kv.split('=');
    if (!k || !(k in keep) || !Number.isInteger(Number(v))) throw new AppError('BAD_REQUEST', `--keep ${kv}: expected one of ${Object.keys(keep).join(', ')} = a whole number`);
    keep[k as keyof typeof keep] = Number(v);
  }
  const started = Date.now();
  const set = loadTrainingSet(values.data!, values.corpus!, values.with!);
  for (const p of set.problems) console.error(`skipped ${p}`);
  const options: BuildOptions = {
    ...DEFAULT_FTRL,
    ...overrides,
    folds: Number(values.folds),
    keep,
    version: ANALYSER_VERSION,
    inputsHash: set.hash,
    focusCorpus: 'domain',
  };
  const result = await buildInParallel(set.examples, options, (line) => console.error(line));
  const base64 = Buffer.from(result.bytes).toString('base64');
  const modelHash = createHash('sha256').update(result.bytes).digest('hex');
  writeFileSync(
    join(values.out!, 'analyser-model.ts'),
    `// Generated by \`earshot train\`; do not edit. ${result.bytes.length} bytes, sha-256 ${modelHash}. See MODEL_CARD.md.\n` + `export const MODEL_BASE64 =\n  '${base64}';\n`,
  );
  writeFileSync(
    join(values.out!, 'MODEL_CARD.md'),
    modelCard({ trainedAt: new Date().toISOString(), set, options, result, modelHash, layout: columnLayout(), seconds: Math.round((Date.now() - started) / 1000) }),
  );
  writeFileSync(join(values.out!, 'cv-report.json'), JSON.stringify(result.report, null, 1) + '\n');
  console.log(`model ${options.version}: ${set.examples.length} examples, ${result.bytes.length} bytes, trained in ${Math.round((Date.now() - started) / 1000)} s`);
}
