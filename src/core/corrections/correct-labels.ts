// A person corrects what the analyser read in a mention: relevance, sentiment, tactics, vulnerability and
// escalation. The correction overrides the analysis everywhere it is used (alerts, complaint rates, digests,
// filters), survives re-analysis, and is audited (who, when, which labels changed; never any text). The corrected
// mention goes through the per-mention alert rules at once. Resetting removes the correction and reads the
// mention again with the current analyser.
import { z } from 'zod';
import { deleteCorrection, getCorrection, saveCorrection, type CorrectionWrite } from '../../../db/queries/corrections.ts';
import { getMention, replaceAnalysesStatements } from '../../../db/queries/mentions.ts';
import { audit } from '../../../db/queries/users.ts';
import { runBatch } from '../../../db/client.ts';
import { ESCALATIONS, SENTIMENT_LABELS, TACTICS, VULNERABILITIES } from '../../../db/schema/constants.ts';
import type { Deps } from '../deps.ts';
import { badRequest, notFound } from '../errors.ts';
import { analyseMention } from '../ingest/store-mentions.ts';
import { evaluateMention } from '../alerts/evaluate.ts';

const distinct = <T extends string>(values: readonly [T, ...T[]]) =>
  z.array(z.enum(values)).max(values.length).refine((xs) => new Set(xs).size === xs.length, 'each label at most once');

export const LabelCorrection = z
  .object({
    relevant: z.boolean().optional(),
    sentiment: z.enum(SENTIMENT_LABELS).optional(),
    tactics: distinct(TACTICS).optional(),
    vulnerability: distinct(VULNERABILITIES).optional(),
    escalation: distinct(ESCALATIONS).optional(),
  })
  .strict()
  .refine((c) => Object.values(c).some((v) => v !== undefined), 'give at least one of relevant, sentiment, tactics, vulnerability, escalation');

export type LabelCorrection = z.infer<typeof LabelCorrection>;
const FIELDS = ['relevant', 'sentiment', 'tactics', 'vulnerability', 'escalation'] as const;

type Current = { relevant: boolean | null; sentiment: string | null; tactics: string[]; vulnerability: string[]; escalation: string[] };

function current(m: NonNullable<Awaited<ReturnType<typeof getMention>>>): Current {
  return { relevant: m.isRelevant, sentiment: m.sentimentLabel, tactics: m.tactics ?? [], vulnerability: m.vulnerability ?? [], escalation: m.escalation ?? [] };
}

export async function correctLabels(
  deps: Pick<Deps, 'db' | 'clock' | 'log'>,
  mentionId: number,
  input: LabelCorrection,
  actorUserId: number | null,
) {
  const parsed = LabelCorrection.safeParse(input);
  if (!parsed.success) throw badRequest(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  const before = await getMention(deps.db, mentionId);
  if (!before) throw notFound('mention');
  if (!before.analyserVersion) throw badRequest('the mention has not been analysed yet');
  const previous = await getCorrection(deps.db, mentionId);
  // Fields corrected earlier stay corrected unless given again.
  const next: CorrectionWrite = {
    relevant: parsed.data.relevant ?? previous?.relevant ?? null,
    sentiment: parsed.data.sentiment ?? previous?.sentiment ?? null,
    tactics: parsed.data.tactics ?? previous?.tactics ?? null,
    vulnerability: parsed.data.vulnerability ?? previous?.vulnerability ?? null,
    escalation: parsed.data.escalation ?? previous?.escalation ?? null,
  };
  const now = deps.clock.now();
  await saveCorrection(deps.db, mentionId, next, actorUserId, now);
  const after = (await getMention(deps.db, mentionId))!;
  const was = current(before);
  const is = current(after);
  const changed = Object.fromEntries(FIELDS.filter((f) => JSON.stringify(was[f]) !== JSON.stringify(is[f])).map((f) => [f, { from: was[f], to: is[f] }]));
  await audit(deps.db, { at: now, actorUserId, action: 'mention.correct', target: `mention:${mentionId}`, details: { changed } });
  if (Object.keys(changed).length) await evaluateMention(deps, mentionId);
  return after;
}

/** Removes a mention's correction: the current analyser's reading stands again. */
export async function resetLabels(deps: Pick<Deps, 'db' | 'clock' | 'analyser'>, mentionId: number, actorUserId: number | null) {
  const m = await getMention(deps.db, mentionId);
  if (!m) throw notFound('mention');
  if (!(await getCorrection(deps.db, mentionId))) throw notFound('correction');
  await deleteCorrection(deps.db, mentionId);
  const analysis = analyseMention(deps.analyser, { title: m.title, text: m.text, languageHint: m.languageHint });
  const now = deps.clock.now();
  await runBatch(deps.db, replaceAnalysesStatements(deps.db, [{ mentionId, contentHash: m.contentHash, analysis }], now));
  await audit(deps.db, { at: now, actorUserId, action: 'mention.correction_reset', target: `mention:${mentionId}` });
  return (await getMention(deps.db, mentionId))!;
}
