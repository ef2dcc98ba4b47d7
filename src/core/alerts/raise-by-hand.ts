// A person raises an alert from a mention the rules did not flag (or flagged too low): it enters the inbox like
// any other alert, notifies on opening, and says who raised it and why in the person's own words.
import { z } from 'zod';
import { latestAlertOfGroup, openAlert } from '../../../db/queries/alerts.ts';
import { getMention } from '../../../db/queries/mentions.ts';
import { getSource } from '../../../db/queries/sources.ts';
import { audit } from '../../../db/queries/users.ts';
import { SEVERITIES } from '../../../db/schema/constants.ts';
import type { Deps } from '../deps.ts';
import { badRequest, conflict, notFound } from '../errors.ts';

export const RaiseAlertInput = z
  .object({
    severity: z.enum(SEVERITIES).default('high'),
    reason: z.string().trim().min(1, 'say why, in a few words').max(300),
  })
  .strict();

export type RaiseAlertInput = z.input<typeof RaiseAlertInput>;

export async function raiseAlertFromMention(deps: Pick<Deps, 'db' | 'clock'>, mentionId: number, input: RaiseAlertInput, actorUserId: number | null): Promise<number> {
  const parsed = RaiseAlertInput.safeParse(input);
  if (!parsed.success) throw badRequest(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  const m = await getMention(deps.db, mentionId);
  if (!m) throw notFound('mention');
  const groupKey = `manual|mention:${mentionId}`;
  const latest = await latestAlertOfGroup(deps.db, groupKey);
  if (latest && latest.status !== 'resolved') throw conflict(`an alert raised from this mention is already open (#${latest.id})`);
  const source = await getSource(deps.db, m.sourceId);
  const now = deps.clock.now();
  const { severity, reason } = parsed.data;
  await openAlert(deps.db, {
    ruleId: null,
    ruleKind: 'manual',
    groupKey,
    severity,
    title: 'Raised by hand from a mention',
    reasons: [reason],
    evidence: null,
    brand: source?.brand ?? null,
    market: m.language,
    sourceKind: source?.kind ?? null,
    caseId: null,
    mentions: [{ id: mentionId, reason: 'raised by hand' }],
    at: now,
  });
  const id = (await latestAlertOfGroup(deps.db, groupKey))!.id;
  await audit(deps.db, { at: now, actorUserId, action: 'alert.raise', target: `alert:${id}`, details: { mention_id: mentionId, severity } });
  return id;
}
