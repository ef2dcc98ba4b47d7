import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHANNELS, ESCALATIONS, LANGUAGES, SENTIMENT_LABELS, TACTICS, VULNERABILITIES, type Language } from '../../db/schema/constants.ts';
import { AppError } from '../core/errors.ts';
import { multiLabel, round, singleLabel } from '../core/eval/metrics.ts';
import { createAnalyser, sentimentOf } from '../core/nlp/analyser.ts';
import type { CvReport } from '../core/nlp/train/report.ts';
import { command, type OptionValues } from './command.ts';
import { GENERAL_CORPORA } from './train.ts';

/**
 * `earshot eval --data DIR`: measures the analyser on a directory shaped like shared/data (domain/, sentiment/,
 * cfpb/, langid/, and the measure-only files of train/; JSON Lines), next to the shipped model's cross-validation
 * figures (src/core/nlp/model/cv-report.json, written by `earshot train`). Corpora the model learned from are marked:
 * their dev figures are not a measurement. `--json` prints the report as JSON; `--baseline FILE` fails when a
 * headline figure falls more than 0.02 below the file's; `--save-baseline FILE` writes the headline figures.
 */
type Row = Record<string, unknown> & { text: string };

const readJsonl = (path: string): Row[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Row);

const jsonlFiles = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.jsonl'))
        .sort()
    : [];
const asLanguage = (l: unknown): Language => (l === 'nn' || l === 'no' ? 'nb' : (l as Language));
// From the project root, so the path holds in the sources and in the compiled bundle (dist/node/) alike.
const CV_REPORT = join(import.meta.dirname ?? '.', '../../src/core/nlp/model/cv-report.json');
/** Corpora the shipped model learned from, by name (their dev figures only show the fit). */
const TRAINED_ON = new Set(
  GENERAL_CORPORA.map((c) =>
    c.file
      .split('/')
      .pop()!
      .replace(/\.(train|dev)\.jsonl$/, ''),
  ),
);
const corpusName = (f: string) => f.replace(/\.(train|dev)\.jsonl$|\.jsonl$/, '');

export function evaluate(dataDir: string, cvReportPath = CV_REPORT) {
  const analyser = createAnalyser();
  const report: Record<string, unknown> = { analyser_version: analyser.version };
  const headline: Record<string, number> = {};

  // Domain: every field of the taxonomy, from the full analyser.
  const domainRows = jsonlFiles(join(dataDir, 'domain')).flatMap((f) => readJsonl(join(dataDir, 'domain', f)));
  if (domainRows.length) {
    const out = domainRows.map((r) => ({ r, a: analyser.analyse({ text: r.text }) }));
    const sentimentByLanguage: Record<string, ReturnType<typeof singleLabel>> = {};
    for (const lang of new Set(out.map(({ r }) => String(r.language)))) {
      const rows = out.filter(({ r }) => r.language === lang);
      sentimentByLanguage[lang] = singleLabel(
        rows.map(({ r, a }) => [String(r.sentiment), a.sentiment.label]),
        SENTIMENT_LABELS,
      );
      headline[`domain.sentiment_macro_f1.${lang}`] = sentimentByLanguage[lang]!.macroF1;
    }
    const multi = (field: 'tactics' | 'channel' | 'vulnerability' | 'escalation', key: keyof (typeof out)[0]['a'], labels: readonly string[]) =>
      multiLabel(
        out.map(({ r, a }) => [r[field] as string[], a[key] as string[]]),
        labels,
      );
    const domain = {
      n: out.length,
      language: singleLabel(
        out.map(({ r, a }) => [String(r.language), a.language]),
        LANGUAGES,
      ),
      relevant: singleLabel(out.map(({ r, a }) => [String(r.relevant), String(a.relevant)])),
      sentiment: singleLabel(
        out.map(({ r, a }) => [String(r.sentiment), a.sentiment.label]),
        SENTIMENT_LABELS,
      ),
      sentiment_by_language: sentimentByLanguage,
      tactics: multi('tactics', 'tactics', TACTICS),
      channel: multi('channel', 'channel', CHANNELS),
      vulnerability: multi('vulnerability', 'vulnerability', VULNERABILITIES),
      escalation: multi('escalation', 'escalation', ESCALATIONS),
      payer_stance: singleLabel(out.map(({ r, a }) => [String(r.payer_stance), a.payer_stance])),
      case_refs_exact: round(out.filter(({ r, a }) => JSON.stringify([...(r.case_refs as string[])].sort()) === JSON.stringify([...a.case_refs].sort())).length / out.length),
    };
    Object.assign(headline, {
      'domain.language_accuracy': domain.language.accuracy,
      'domain.relevance_accuracy': domain.relevant.accuracy,
      'domain.tactics_micro_f1': domain.tactics.microF1,
      'domain.vulnerability_micro_f1': domain.vulnerability.microF1,
      'domain.escalation_micro_f1': domain.escalation.microF1,
      'domain.case_refs_exact': domain.case_refs_exact,
    });
    report.domain = domain;
  }

  // General sentiment corpora: the scorer without the relevance gate, per file and language.
  // The measure-only files of train/ are as unseen as dev (their licences keep them out of training).
  const sentiment: Record<string, ReturnType<typeof singleLabel> & { trained_on: boolean }> = {};
  const generalFiles = [
    ...jsonlFiles(join(dataDir, 'sentiment')).map((f) => join(dataDir, 'sentiment', f)),
    ...jsonlFiles(join(dataDir, 'train'))
      .filter((f) => !TRAINED_ON.has(corpusName(f)) && !f.startsWith('cfpb'))
      .map((f) => join(dataDir, 'train', f)),
  ];
  for (const path of generalFiles) {
    const rows = readJsonl(path).filter((r) => SENTIMENT_LABELS.includes(r.label as never));
    if (!rows.length) continue;
    const gold = new Set(rows.map((r) => String(r.label)));
    const labels = SENTIMENT_LABELS.filter((l) => gold.has(l));
    const name = corpusName(path.split('/').pop()!);
    sentiment[name] = {
      ...singleLabel(
        rows.map((r) => [String(r.label), sentimentOf(r.text, asLanguage(r.lang)).label]),
        labels,
      ),
      trained_on: TRAINED_ON.has(name),
    };
    headline[`sentiment.macro_f1.${name}`] = sentiment[name]!.macroF1;
  }
  if (Object.keys(sentiment).length) report.sentiment = sentiment;

  // CFPB: is the gold tactic among the predicted ones, how many are predicted, how many read negative.
  const cfpbRows = jsonlFiles(join(dataDir, 'cfpb'))
    .flatMap((f) => readJsonl(join(dataDir, 'cfpb', f)))
    .filter((r) => r.tactic);
  if (cfpbRows.length) {
    const out = cfpbRows.map((r) => ({ gold: String(r.tactic), a: analyser.analyse({ text: r.text }) }));
    const recall = singleLabel(out.map(({ gold, a }) => [gold, a.tactics.includes(gold as never) ? gold : 'missed']));
    report.cfpb = {
      n: out.length,
      tactic_recall: round(out.filter(({ gold, a }) => a.tactics.includes(gold as never)).length / out.length),
      mean_predicted_tactics: round(out.reduce((s, { a }) => s + a.tactics.length, 0) / out.length),
      negative_share: round(out.filter(({ a }) => a.sentiment.label === 'negative').length / out.length),
      recall_by_tactic: Object.fromEntries(
        Object.entries(recall.perLabel)
          .filter(([l]) => l !== 'missed')
          .map(([l, s]) => [l, { recall: s.recall, support: s.support }]),
      ),
    };
    Object.assign(headline, {
      'cfpb.tactic_recall': (report.cfpb as { tactic_recall: number }).tactic_recall,
      'cfpb.negative_share': (report.cfpb as { negative_share: number }).negative_share,
    });
  }

  // Language id on sentences: accuracy per language and the confusions (Nynorsk counts as Norwegian).
  const langRows = jsonlFiles(join(dataDir, 'langid')).flatMap((f) => readJsonl(join(dataDir, 'langid', f)));
  if (langRows.length) {
    const pairs = langRows.map((r) => [asLanguage(r.lang), analyser.analyse({ text: r.text }).language] as [string, string]);
    const li = singleLabel(pairs, LANGUAGES);
    report.langid = { n: li.n, accuracy: li.accuracy, per_language: Object.fromEntries(Object.entries(li.perLabel).map(([l, s]) => [l, s.recall])), confusion: li.confusion };
    headline['langid.accuracy'] = li.accuracy;
  }
  // Cross-validation of the shipped model on its training data (out-of-fold), as `earshot train` measured it.
  if (existsSync(cvReportPath)) {
    const cv = JSON.parse(readFileSync(cvReportPath, 'utf8')) as CvReport;
    report.cross_validation = cv;
    const domain = cv.corpora.domain;
    for (const [lang, s] of Object.entries(domain?.sentiment?.byLanguage ?? {})) headline[`cv.domain.sentiment_macro_f1.${lang}`] = s.macroF1;
    if (domain?.relevant) headline['cv.domain.relevance_accuracy'] = domain.relevant.accuracy;
    for (const field of ['tactics', 'vulnerability', 'escalation'] as const) {
      const m = domain?.multi?.[field];
      if (m) headline[`cv.domain.${field}_micro_f1`] = m.microF1;
    }
    for (const [name, fig] of Object.entries(cv.corpora)) if (name !== 'domain' && fig.sentiment) headline[`cv.${name}.sentiment_macro_f1`] = fig.sentiment.macroF1;
  }
  report.headline = headline;
  return { report, headline };
}

function printReport(report: Record<string, unknown>) {
  const pct = (x: number) => x.toFixed(3);
  const d = report.domain as ReturnType<typeof evaluate>['report'] & Record<string, any>;
  console.log(`analyser ${report.analyser_version}`);
  if (d) {
    console.log(`\ndomain (${d.n} mentions)`);
    console.log(
      `  language accuracy ${pct(d.language.accuracy)}   relevance accuracy ${pct(d.relevant.accuracy)}   payer stance accuracy ${pct(d.payer_stance.accuracy)}   case_refs exact ${pct(d.case_refs_exact)}`,
    );
    console.log(`  sentiment  acc ${pct(d.sentiment.accuracy)}  macro-F1 ${pct(d.sentiment.macroF1)}`);
    for (const [lang, s] of Object.entries(d.sentiment_by_language as Record<string, any>))
      console.log(`    ${lang}  acc ${pct(s.accuracy)}  macro-F1 ${pct(s.macroF1)}  confusion ${JSON.stringify(s.confusion)}`);
    for (const field of ['tactics', 'channel', 'vulnerability', 'escalation']) {
      const m = d[field];
      console.log(`  ${field.padEnd(13)} micro P ${pct(m.microPrecision)} R ${pct(m.microRecall)} F1 ${pct(m.microF1)}`);
      for (const [l, s] of Object.entries(m.perLabel as Record<string, any>))
        console.log(`    ${l.padEnd(22)} P ${pct(s.precision)} R ${pct(s.recall)} F1 ${pct(s.f1)} (n=${s.support})`);
    }
  }
  const sentiment = report.sentiment as Record<string, any> | undefined;
  if (sentiment) {
    console.log('\ngeneral sentiment corpora (the sentiment model without the relevance gate)');
    for (const [name, s] of Object.entries(sentiment)) {
      console.log(
        `  ${name.padEnd(28)} n ${String(s.n).padStart(6)}  acc ${pct(s.accuracy)}  macro-F1 ${pct(s.macroF1)}${s.trained_on ? '  (trained on: a fit, not a measurement; see cross-validation)' : ''}  confusion ${JSON.stringify(s.confusion)}`,
      );
    }
  }
  const c = report.cfpb as Record<string, any> | undefined;
  if (c) {
    console.log(`\ncfpb (${c.n} complaints)  tactic recall ${pct(c.tactic_recall)}  mean predicted tactics ${c.mean_predicted_tactics}  negative ${pct(c.negative_share)}`);
    for (const [t, s] of Object.entries(c.recall_by_tactic as Record<string, any>)) console.log(`    ${t.padEnd(22)} recall ${pct(s.recall)} (n=${s.support})`);
  }
  const l = report.langid as Record<string, any> | undefined;
  if (l) {
    console.log(`\nlanguage id (${l.n} sentences)  accuracy ${pct(l.accuracy)}`);
    for (const [lang, r] of Object.entries(l.per_language as Record<string, number>)) {
      const wrong = Object.entries((l.confusion[lang] ?? {}) as Record<string, number>)
        .filter(([p]) => p !== lang)
        .map(([p, n]) => `${p}:${n}`)
        .join(' ');
      console.log(`    ${lang}  ${pct(r)}  ${wrong ? `confused with ${wrong}` : ''}`);
    }
  }
}

function printCrossValidation(cv: CvReport | undefined) {
  if (!cv) return;
  const pct = (x: number | undefined) => (x === undefined ? '  –  ' : x.toFixed(3));
  console.log(`\ncross-validation of the shipped model on its training data (${cv.folds} folds, grouped, out-of-fold)`);
  for (const [name, fig] of Object.entries(cv.corpora)) {
    const parts = [`n ${String(fig.n).padStart(6)}`];
    if (fig.sentiment) parts.push(`sentiment acc ${pct(fig.sentiment.accuracy)} macro-F1 ${pct(fig.sentiment.macroF1)}`);
    if (fig.relevant) parts.push(`relevance acc ${pct(fig.relevant.accuracy)}`);
    if (fig.payer_stance) parts.push(`payer stance acc ${pct(fig.payer_stance.accuracy)}`);
    console.log(`  ${name.padEnd(28)} ${parts.join('   ')}`);
    if (fig.sentiment?.byLanguage) {
      console.log(
        `    sentiment macro-F1 by language: ${Object.entries(fig.sentiment.byLanguage)
          .map(([l, s]) => `${l} ${pct(s.macroF1)}`)
          .join('  ')}`,
      );
    }
    for (const [field, m] of Object.entries(fig.multi ?? {})) {
      console.log(`    ${field.padEnd(13)} micro P ${pct(m.microPrecision)} R ${pct(m.microRecall)} F1 ${pct(m.microF1)}`);
      for (const [l, s] of Object.entries(m.perLabel)) console.log(`      ${l.padEnd(22)} P ${pct(s.precision)} R ${pct(s.recall)} F1 ${pct(s.f1)} (n=${s.support})`);
    }
  }
}

const EVAL_OPTIONS = {
  data: { type: 'string', value: 'DIR', default: '../shared/data', help: 'labelled data shaped like shared/data' },
  json: { type: 'boolean', default: false, help: 'print the whole report as JSON' },
  baseline: { type: 'string', value: 'FILE', help: 'exit 1 when a headline figure is more than 0.02 below this baseline' },
  'save-baseline': { type: 'string', value: 'FILE', help: 'write the headline figures to this file, as a baseline' },
} as const;

export const evalCommand = command({
  name: 'eval',
  summary: 'Measure the analyser on labelled data shaped like shared/data: figures per data set and language',
  options: EVAL_OPTIONS,
  run: ({ values }) => runEval(values),
});

async function runEval(values: OptionValues<typeof EVAL_OPTIONS>) {
  if (!existsSync(values.data)) throw new AppError('BAD_REQUEST', `no data directory at ${values.data}`);
  const { report, headline } = evaluate(values.data);
  if (values.json) console.log(JSON.stringify(report));
  else {
    printReport(report);
    printCrossValidation(report.cross_validation as CvReport | undefined);
  }
  if (values['save-baseline']) writeFileSync(values['save-baseline'], JSON.stringify(headline, null, 2) + '\n');
  if (values.baseline) {
    const base = JSON.parse(readFileSync(values.baseline, 'utf8')) as Record<string, number>;
    const regressions = Object.entries(base).filter(([k, v]) => (headline[k] ?? 0) < v - 0.02);
    for (const [k, v] of regressions) console.error(`regression: ${k} ${headline[k] ?? 'missing'} < baseline ${v} - 0.02`);
    if (regressions.length) process.exitCode = 1;
    else console.error(`no regression against ${values.baseline} (${Object.keys(base).length} figures)`);
  }
}
