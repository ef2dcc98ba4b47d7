// The analysis of mentions on their way into the database: each analysis made ready to store once, where it is made.
// On the Node server that is the analysis threads (src/runtime/analysis-pool.ts), so a large push or a first poll
// neither holds up the requests served meanwhile nor waits for one core; elsewhere it is in place.
import type { CitedRef } from '../../../db/queries/case-links.ts';
import { analysisRow, type AnalysisWrite } from '../../../db/queries/mentions.ts';
import type { Analyser } from '../nlp/types.ts';
import type { IncomingMention } from './incoming-mention.ts';

/** The text the analyser reads: the title (unless the body already starts with it) and the body. */
export function analysisText(title: string | null, text: string): string {
  if (!title || text.startsWith(title)) return text;
  return text ? `${title}\n\n${text}` : title;
}

/** What a mention is analysed from. */
export type AnalysisInput = Pick<IncomingMention, 'title' | 'text' | 'languageHint'>;

export function analyseMention(analyser: Analyser, m: AnalysisInput): AnalysisWrite {
  const analysis = analyser.analyse({ text: analysisText(m.title, m.text), languageHint: m.languageHint });
  return { analyserVersion: analyser.version, ...analysis };
}

/** An analysis ready to store: its row (db/queries/mentions.ts) and the case references it cites, for linking. */
export interface StoredAnalysis {
  row: string;
  refs: CitedRef[];
}

/** Analyses many mentions, in order. */
export type AnalyseBatch = (inputs: AnalysisInput[]) => Promise<StoredAnalysis[]>;

export function storedAnalysis(analyser: Analyser, input: AnalysisInput): StoredAnalysis {
  const analysis = analyseMention(analyser, input);
  return { row: analysisRow(analysis), refs: citedRefs(analysis) };
}

/** The batch analysis of runtimes without threads (Workers, the command line, tests). */
export const analyseInPlace =
  (analyser: Analyser): AnalyseBatch =>
  async (inputs) =>
    inputs.map((input) => storedAnalysis(analyser, input));

/** The case references of an analysis with each one as written (from the analyser's evidence), as stored in mention_case_refs. */
export function citedRefs(analysis: { case_refs: string[]; evidence: unknown[] }): CitedRef[] {
  const out: CitedRef[] = [];
  for (const digits of analysis.case_refs) {
    const written = analysis.evidence.flatMap((e) => {
      const ev = e as { field?: unknown; label?: unknown; match?: unknown };
      return ev.field === 'case_refs' && ev.label === digits && typeof ev.match === 'string' ? [ev.match] : [];
    });
    for (const w of written.length ? [...new Set(written)] : [digits]) out.push({ digits, written: w });
  }
  return out;
}
