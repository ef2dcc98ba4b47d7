import type { Alert } from '../../../db/schema/alerts.ts';
import { type AlertChange, changeAlert as applyAlertChange } from '../../core/alerts/lifecycle.ts';
import { recordAudit } from '../../core/audit.ts';
import type { Deps } from '../../core/deps.ts';
import { type Actor, authorize, readInput } from '../actor.ts';
import { type AlertChangeInput, AlertChangeSchema } from './schemas.ts';

/**
 * Acknowledges, resolves, reopens, assigns, snoozes or adds a note to an alert; resolving and reopening notify.
 * Returns the alert as it is now. A change to what it already is records nothing, so it is not audited either.
 */
export async function changeAlert(deps: Deps, actor: Actor, id: number, input: AlertChangeInput): Promise<Alert> {
  authorize(actor, 'alerts:write');
  const body = readInput(AlertChangeSchema, input);
  const change: AlertChange = {
    status: body.status,
    assignee: body.assignee,
    note: body.note,
    snoozedUntil: body.snoozed_until === undefined ? undefined : body.snoozed_until === null ? null : Date.parse(body.snoozed_until),
  };
  const { alert, changes } = await applyAlertChange(deps, id, change, actor.id);
  // The audit entry says what changed, never the note's words.
  if (changes.length) await recordAudit(deps, actor.id, 'alert.update', { alertId: id, changes });
  return alert;
}
