import { getRule, listRules, updateRule } from '../../../db/queries/alerts.ts';
import type { AlertRule } from '../../../db/schema/alerts.ts';
import { checkedRuleParams } from '../../core/alerts/rule-kinds.ts';
import { recordAudit } from '../../core/audit.ts';
import type { Deps } from '../../core/deps.ts';
import { conflict, notFound } from '../../core/errors.ts';
import { type Actor, authorize, readInput } from '../actor.ts';
import { RuleChange, type RuleChangeInput } from './schemas.ts';

/** Renames a rule, turns it on or off, or gives it new settings (checked against its kind). */
export async function updateAlertRule(deps: Deps, actor: Actor, id: number, input: RuleChangeInput): Promise<AlertRule> {
  authorize(actor, 'alerts:configure');
  const body = readInput(RuleChange, input);
  const current = await getRule(deps.db, id);
  if (!current) throw notFound('alert rule');
  const params = body.params ? checkedRuleParams(current.kind, body.params) : undefined;
  // Names are unique: a clash is the person's to resolve, not a database error.
  if (body.name && body.name !== current.name && (await listRules(deps.db)).some((r) => r.name === body.name)) {
    throw conflict(`a rule named "${body.name}" exists`);
  }
  const rule = await updateRule(deps.db, id, { ...body, ...(params ? { params } : {}) }, deps.clock.now());
  await recordAudit(deps, actor.id, 'alert_rule.update', { ruleId: id, fields: Object.keys(body) });
  return rule!;
}
