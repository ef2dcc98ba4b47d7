// Cross-validation figures from out-of-fold decisions: per corpus, and for the domain corpus per language and per
// label — the same measures `earshot eval` reports on the dev data.
import { multiLabel, round, singleLabel } from '../../eval/metrics.ts';
import type { Decision, HeadField } from '../model.ts';
import { HEADS } from '../model.ts';
import type { Example } from './examples.ts';

export interface CvReport {
  folds: number;
  corpora: Record<string, CorpusFigures>;
}

export interface CorpusFigures {
  n: number;
  sentiment?: { accuracy: number; macroF1: number; byLanguage?: Record<string, { n: number; accuracy: number; macroF1: number }> };
  relevant?: { accuracy: number; n: number };
  payer_stance?: { accuracy: number; macroF1: number };
  multi?: Partial<Record<HeadField, ReturnType<typeof multiLabel>>>;
  mean_tactics?: number;
}

const MULTI: HeadField[] = ['tactics', 'channel', 'vulnerability', 'escalation'];

export function cvReport(examples: Example[], decisions: Decision[], folds: number): CvReport {
  const corpora: Record<string, CorpusFigures> = {};
  for (const corpus of [...new Set(examples.map((e) => e.corpus))].sort()) {
    const idx = examples.flatMap((e, i) => (e.corpus === corpus ? [i] : []));
    const has = (field: HeadField) => idx.filter((i) => examples[i]!.labels[field]);
    const fig: CorpusFigures = { n: idx.length };
    const sent = has('sentiment');
    if (sent.length) {
      const pairs = (rows: number[]) => rows.map((i) => [examples[i]!.labels.sentiment![0]!, decisions[i]!.labels.sentiment[0]!] as [string, string]);
      const all = singleLabel(pairs(sent), HEADS[0].labels);
      const langs = [...new Set(sent.map((i) => examples[i]!.language))];
      fig.sentiment = { accuracy: all.accuracy, macroF1: all.macroF1 };
      if (langs.length > 1) {
        fig.sentiment.byLanguage = Object.fromEntries(
          langs.map((l) => {
            const s = singleLabel(pairs(sent.filter((i) => examples[i]!.language === l)), HEADS[0].labels);
            return [l, { n: s.n, accuracy: s.accuracy, macroF1: s.macroF1 }];
          }),
        );
      }
    }
    const rel = has('relevant');
    if (rel.length && new Set(rel.map((i) => examples[i]!.labels.relevant!.length)).size > 1) {
      const s = singleLabel(rel.map((i) => [String(examples[i]!.labels.relevant!.length > 0), String(decisions[i]!.labels.relevant.length > 0)]));
      fig.relevant = { accuracy: s.accuracy, n: s.n };
    }
    const stance = has('payer_stance');
    if (stance.length) {
      const s = singleLabel(stance.map((i) => [examples[i]!.labels.payer_stance![0]!, decisions[i]!.labels.payer_stance[0]!]));
      fig.payer_stance = { accuracy: s.accuracy, macroF1: s.macroF1 };
    }
    for (const field of MULTI) {
      const rows = has(field);
      if (!rows.length) continue;
      const labels = HEADS.find((h) => h.field === field)!.labels;
      (fig.multi ??= {})[field] = multiLabel(
        rows.map((i) => [examples[i]!.labels[field]!, decisions[i]!.labels[field]]),
        labels,
      );
    }
    fig.mean_tactics = round(idx.reduce((s, i) => s + decisions[i]!.labels.tactics.length, 0) / idx.length);
    corpora[corpus] = fig;
  }
  return { folds, corpora };
}
