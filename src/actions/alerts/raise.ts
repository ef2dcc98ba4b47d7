// A person raises an alert from a mention the rules did not flag (or flagged too low): it enters the inbox like
// any other alert, notifies on opening, and says who raised it and why in the person's own words.
import { latestAlertOfGroup, openAlert } from '../../../db/queries/alerts.ts';
import { getMention } from '../../../db/queries/mentions.ts';
import { getSource } from '../../../db/queries/sources.ts';
import { recordAudit } from '../../core/audit.ts';
import type { Deps } from '../../core/deps.ts';
import { conflict, notFound } from '../../core/errors.ts';
import { type Actor, authorize, readInput } from '../actor.ts';
import { RaiseAlertInput } from '../mentions/schemas.ts';

/** Opens an alert on one mention and returns its id; one such alert at a time per mention. */
export async function raiseAlertFromMention(deps: Deps, actor: Actor, mentionId: number, input: RaiseAlertInput): Promise<number> {
  authorize(actor, 'alerts:write');
  const { severity, reason } = readInput(RaiseAlertInput, input);
  const m = await getMention(deps.db, mentionId);
  if (!m) throw notFound('mention');
  const groupKey = `manual|mention:${mentionId}`;
  const latest = await latestAlertOfGroup(deps.db, groupKey);
  if (latest && latest.status !== 'resolved') throw conflict(`an alert raised from this mention is already open (#${latest.id})`);
  const source = await getSource(deps.db, m.sourceId);
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
    at: deps.clock.now(),
  });
  const alertId = (await latestAlertOfGroup(deps.db, groupKey))!.id;
  await recordAudit(deps, actor.id, 'alert.raise', { alertId, mentionId, severity });
  return alertId;
}
