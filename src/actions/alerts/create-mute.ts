import { insertMute } from '../../../db/queries/alerts.ts';
import type { alertMutes } from '../../../db/schema/alerts.ts';
import { recordAudit } from '../../core/audit.ts';
import type { Deps } from '../../core/deps.ts';
import { badRequest } from '../../core/errors.ts';
import { type Actor, authorize, readInput } from '../actor.ts';
import { NewMute, type NewMuteInput } from './schemas.ts';

type AlertMute = typeof alertMutes.$inferSelect;

/** Mutes findings of a rule kind, market and/or source kind, until a time or until removed. */
export async function createAlertMute(deps: Deps, actor: Actor, input: NewMuteInput): Promise<AlertMute> {
  authorize(actor, 'alerts:configure');
  const body = readInput(NewMute, input);
  const now = deps.clock.now();
  const until = body.until === null ? null : Date.parse(body.until);
  if (until !== null && until <= now) throw badRequest('until: must be in the future');
  const mute = await insertMute(deps.db, {
    ruleKind: body.rule_kind,
    market: body.market,
    sourceKind: body.source_kind,
    until,
    reason: body.reason,
    createdBy: actor.id,
    createdAt: now,
  });
  await recordAudit(deps, actor.id, 'alert_mute.create', { muteId: mute.id });
  return mute;
}
