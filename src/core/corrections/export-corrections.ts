// People's corrections as training rows for `earshot train --with FILE`: the mention's text and language and only
// the labels a person set (the others are unknown to the trainer, not the analyser's guesses). No names, no
// authors, no URLs.
import { correctionsForTraining } from '../../../db/queries/corrections.ts';
import { LANGUAGES, type Language } from '../../../db/schema/constants.ts';
import type { Deps } from '../deps.ts';
import { analysisText } from '../ingest/analyse-mentions.ts';

export interface CorrectionRow {
  id: string;
  group: string;
  language: Language;
  text: string;
  relevant?: boolean;
  sentiment?: string;
  tactics?: string[];
  vulnerability?: string[];
  escalation?: string[];
}

export async function exportCorrections(deps: Pick<Deps, 'db'>): Promise<CorrectionRow[]> {
  const rows = await correctionsForTraining(deps.db);
  return rows.map((r) => {
    const language = (LANGUAGES as readonly string[]).includes(r.language ?? '') ? (r.language as Language) : 'en';
    const row: CorrectionRow = { id: `correction-${r.mentionId}`, group: `correction-${r.mentionId}`, language, text: analysisText(r.title, r.text) };
    if (r.relevant !== null) row.relevant = r.relevant;
    if (r.sentiment !== null) row.sentiment = r.sentiment;
    if (r.tactics !== null) row.tactics = r.tactics;
    if (r.vulnerability !== null) row.vulnerability = r.vulnerability;
    if (r.escalation !== null) row.escalation = r.escalation;
    return row;
  });
}
