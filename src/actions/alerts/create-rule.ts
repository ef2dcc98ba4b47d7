import { insertRule } from '../../../db/queries/alerts.ts';
import type { AlertRule } from '../../../db/schema/alerts.ts';
import { checkedRuleParams } from '../../core/alerts/rule-kinds.ts';
import { recordAudit } from '../../core/audit.ts';
import type { Deps } from '../../core/deps.ts';
import { conflict } from '../../core/errors.ts';
import { type Actor, authorize, readInput } from '../actor.ts';
import { NewRule, type NewRuleInput } from './schemas.ts';

/** Adds an alert rule; settings left out are the kind's defaults. */
export async function createAlertRule(deps: Deps, actor: Actor, input: NewRuleInput): Promise<AlertRule> {
  authorize(actor, 'alerts:configure');
  const body = readInput(NewRule, input);
  const params = checkedRuleParams(body.kind, body.params);
  const now = deps.clock.now();
  const rule = await insertRule(deps.db, { name: body.name, kind: body.kind, enabled: body.enabled, params, now });
  if (!rule) throw conflict(`a rule named "${body.name}" exists`);
  await recordAudit(deps, actor.id, 'alert_rule.create', { ruleId: rule.id });
  return rule;
}
