// The model card: what the model learned from (with licences), how it was trained, its cross-validation figures
// and its hash — written next to the asset by `earshot train`.
import type { Column, HeadField } from '../model.ts';
import type { BuildOptions, BuildResult } from './build-model.ts';
import type { CorpusFigures } from './report.ts';

interface CardInput {
  trainedAt: string;
  set: { sources: { name: string; file: string; licence: string; rows: number; weight: number }[]; examples: { length: number } };
  options: BuildOptions;
  result: BuildResult;
  modelHash: string;
  layout: { field: HeadField; label: string }[];
  seconds: number;
}

const f3 = (x: number | undefined) => (x === undefined ? '–' : x.toFixed(3));

export function modelCard({ trainedAt, set, options, result, modelHash, layout, seconds }: CardInput): string {
  const { report, header, nonZero } = result;
  const lines: string[] = [];
  const out = (s = '') => lines.push(s);
  out(`# Analyser model card — ${header.version}`);
  out();
  out(`Trained ${trainedAt} by \`earshot train\` in ${seconds} s; ${result.bytes.length.toLocaleString('en')} bytes, sha-256 \`${modelHash}\`;`);
  out(`inputs sha-256 \`${header.inputs_hash}\`. Linear models over hashed features (2^${options.bits} buckets: folded words and`);
  out("bigrams, character 4–5-grams inside words and 3-grams at their edges, natural's stems, negation scope, lexicon polarity");
  out('and word roles, register cues, emoji, punctuation, rule hits, language, length), trained by FTRL-proximal');
  out(`(${options.epochs} epochs, α ${options.alpha}, β ${options.beta}, L1 ${options.l1}, L2 ${options.l2}, seed ${options.seed}),`);
  out(
    `int8 weights (at most ${Object.entries(options.keep)
      .map(([f, k]) => `${k.toLocaleString('en')} per ${f} label`)
      .join(', ')}). Probabilities are calibrated and thresholds chosen on`,
  );
  out(`${options.folds}-fold grouped cross-validation (paraphrases and translations of one source item share a fold); so was`);
  out(`the cap on tactics per mention, the surest first: ${header.max_tactics.short} for short mentions, ${header.max_tactics.long} for long ones (60 words or more,`);
  out(`with tactic thresholds ×${header.max_tactics.long_threshold_scale ?? 1}; the best F1 that keeps long complaints at 2.5 tactics or fewer on average).`);
  out();
  out('## What it learned from');
  out();
  out('| corpus | rows | weight | licence |');
  out('|---|---|---|---|');
  const byName = new Map<string, { rows: number; weight: number; licence: string; files: number }>();
  for (const s of set.sources) {
    const prev = byName.get(s.name);
    if (prev) (prev.rows += s.rows), prev.files++;
    else byName.set(s.name, { rows: s.rows, weight: s.weight, licence: s.licence, files: 1 });
  }
  for (const [name, s] of byName) out(`| ${name}${s.files > 1 ? ` (${s.files} files)` : ''} | ${s.rows.toLocaleString('en')} | ${s.weight} | ${s.licence} |`);
  out();
  out('Third-party files marked "measure only" in their READMEs (and the NC-licensed dev corpora without a model');
  out('exemption) are not learned from; `earshot eval` measures on them.');
  out();
  out(`## Cross-validation (${report.folds} folds, out-of-fold)`);
  for (const [corpus, fig] of Object.entries(report.corpora)) corpusSection(out, corpus, fig);
  out();
  out('## Labels');
  out();
  out('| field | label | non-zero weights | calibration a, b | threshold |');
  out('|---|---|---|---|---|');
  header.columns.forEach((c: Column, i) =>
    out(`| ${layout[i]!.field} | ${c.label} | ${nonZero[i]} | ${c.a}, ${c.b} | ${c.field === 'sentiment' || c.field === 'payer_stance' ? 'argmax' : c.threshold} |`),
  );
  out();
  return lines.join('\n');
}

function corpusSection(out: (s?: string) => void, corpus: string, fig: CorpusFigures) {
  out();
  out(`### ${corpus} (${fig.n.toLocaleString('en')} rows)`);
  out();
  if (fig.sentiment) {
    out(`- sentiment: accuracy ${f3(fig.sentiment.accuracy)}, macro-F1 ${f3(fig.sentiment.macroF1)}`);
    if (fig.sentiment.byLanguage) {
      out(
        `  - per language (macro-F1): ${Object.entries(fig.sentiment.byLanguage)
          .map(([l, s]) => `${l} ${f3(s.macroF1)} (n ${s.n})`)
          .join(', ')}`,
      );
    }
  }
  if (fig.relevant) out(`- relevance accuracy ${f3(fig.relevant.accuracy)}`);
  if (fig.payer_stance) out(`- payer stance accuracy ${f3(fig.payer_stance.accuracy)}, macro-F1 ${f3(fig.payer_stance.macroF1)}`);
  for (const [field, m] of Object.entries(fig.multi ?? {})) {
    out(`- ${field}: micro P ${f3(m.microPrecision)} R ${f3(m.microRecall)} F1 ${f3(m.microF1)}`);
    out(
      `  - ${Object.entries(m.perLabel)
        .map(([l, s]) => `${l} ${f3(s.f1)} (P ${f3(s.precision)} R ${f3(s.recall)}, n ${s.support})`)
        .join('; ')}`,
    );
  }
  if (fig.multi?.tactics) out(`- mean tactics per row ${fig.mean_tactics}`);
}
