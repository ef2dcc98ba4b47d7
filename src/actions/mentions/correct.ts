// A person corrects what the analyser read in a mention: relevance, sentiment, tactics, vulnerability and
// escalation. The correction overrides the analysis everywhere it is used (alerts, complaint rates, digests,
// filters), survives re-analysis, and is audited (who, when, which labels changed; never any text). The corrected
// mention goes through the per-mention alert rules at once.
import { getCorrection, saveCorrection, type CorrectionWrite } from '../../../db/queries/corrections.ts';
import { getMention, type MentionRow } from '../../../db/queries/mentions.ts';
import { evaluateMention } from '../../core/alerts/evaluate.ts';
import { recordAudit } from '../../core/audit.ts';
import { proposeStepsForMention } from '../../core/steps/propose.ts';
import type { Deps } from '../../core/deps.ts';
import { badRequest, notFound } from '../../core/errors.ts';
import { type Actor, authorize, readInput } from '../actor.ts';
import { LabelCorrection, type LabelCorrectionInput } from './schemas.ts';

const FIELDS = ['relevant', 'sentiment', 'tactics', 'vulnerability', 'escalation'] as const;

type Labels = { relevant: boolean | null; sentiment: string | null; tactics: string[]; vulnerability: string[]; escalation: string[] };

function labelsOf(m: MentionRow): Labels {
  return { relevant: m.isRelevant, sentiment: m.sentimentLabel, tactics: m.tactics ?? [], vulnerability: m.vulnerability ?? [], escalation: m.escalation ?? [] };
}

/** Corrects a mention's labels and returns the mention as corrected. */
export async function correctLabels(deps: Deps, actor: Actor, mentionId: number, input: LabelCorrectionInput): Promise<MentionRow> {
  authorize(actor, 'mentions:correct');
  const given = readInput(LabelCorrection, input);
  const before = await getMention(deps.db, mentionId);
  if (!before) throw notFound('mention');
  if (!before.analyserVersion) throw badRequest('the mention has not been analysed yet');
  const previous = await getCorrection(deps.db, mentionId);
  // Fields corrected earlier stay corrected unless given again.
  const next: CorrectionWrite = {
    relevant: given.relevant ?? previous?.relevant ?? null,
    sentiment: given.sentiment ?? previous?.sentiment ?? null,
    tactics: given.tactics ?? previous?.tactics ?? null,
    vulnerability: given.vulnerability ?? previous?.vulnerability ?? null,
    escalation: given.escalation ?? previous?.escalation ?? null,
  };
  await saveCorrection(deps.db, mentionId, next, actor.id, deps.clock.now());
  const after = (await getMention(deps.db, mentionId))!;
  const was = labelsOf(before);
  const is = labelsOf(after);
  const changed = Object.fromEntries(FIELDS.filter((f) => JSON.stringify(was[f]) !== JSON.stringify(is[f])).map((f) => [f, { from: was[f], to: is[f] }]));
  // The entry keeps each changed label's before and after (labels, never text), not just the field names.
  await recordAudit(deps, actor.id, 'mention.correct', { mentionId, changed });
  if (Object.keys(changed).length) {
    await evaluateMention(deps, mentionId);
    // The next steps of its cases read the corrected labels too (a vulnerability a person saw calls for its step).
    await proposeStepsForMention(deps, mentionId);
  }
  return after;
}
