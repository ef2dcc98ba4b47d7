import { runBatch } from '../../../db/client.ts';
import { deleteCorrection, getCorrection } from '../../../db/queries/corrections.ts';
import { getMention, replaceAnalysesStatements, type MentionRow } from '../../../db/queries/mentions.ts';
import { recordAudit } from '../../core/audit.ts';
import type { Deps } from '../../core/deps.ts';
import { notFound } from '../../core/errors.ts';
import { storedAnalysis } from '../../core/ingest/analyse-mentions.ts';
import { type Actor, authorize } from '../actor.ts';

/**
 * Removes a mention's correction and reads the mention again with the current analyser, whose reading then stands.
 * Returns the mention as it reads now.
 */
export async function resetCorrection(deps: Deps, actor: Actor, mentionId: number): Promise<MentionRow> {
  authorize(actor, 'mentions:correct');
  const m = await getMention(deps.db, mentionId);
  if (!m) throw notFound('mention');
  if (!(await getCorrection(deps.db, mentionId))) throw notFound('correction');
  await deleteCorrection(deps.db, mentionId);
  const analysis = storedAnalysis(deps.analyser, { title: m.title, text: m.text, languageHint: m.languageHint }).row;
  await runBatch(deps.db, replaceAnalysesStatements(deps.db, [{ mentionId, contentHash: m.contentHash, analysis }], deps.clock.now()));
  await recordAudit(deps, actor.id, 'mention.correction_reset', { mentionId });
  return (await getMention(deps.db, mentionId))!;
}
