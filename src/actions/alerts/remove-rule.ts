import { deleteRule } from '../../../db/queries/alerts.ts';
import { recordAudit } from '../../core/audit.ts';
import type { Deps } from '../../core/deps.ts';
import { notFound } from '../../core/errors.ts';
import { type Actor, authorize } from '../actor.ts';

/** Deletes an alert rule; the alerts it raised stay. */
export async function removeAlertRule(deps: Deps, actor: Actor, id: number): Promise<void> {
  authorize(actor, 'alerts:configure');
  if (!(await deleteRule(deps.db, id))) throw notFound('alert rule');
  await recordAudit(deps, actor.id, 'alert_rule.delete', { ruleId: id });
}
