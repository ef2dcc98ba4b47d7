import { z } from '@hono/zod-openapi';
import { listStepRules, updateStepRule } from '../../../db/queries/steps.ts';
import type { StepRule } from '../../../db/schema/index.ts';
import { recordAudit } from '../../core/audit.ts';
import type { Deps } from '../../core/deps.ts';
import { notFound } from '../../core/errors.ts';
import { checkedStepParams } from '../../core/steps/step-rules.ts';
import { ensureDefaultStepRules } from '../../core/steps/propose.ts';
import { type Actor, authorize, readInput } from '../actor.ts';

export const StepRuleChange = z
  .object({
    enabled: z.boolean().optional(),
    params: z.record(z.string(), z.unknown()).optional().openapi({ description: "The kind's settings; left-out fields take their defaults" }),
  })
  .refine((c) => c.enabled !== undefined || c.params !== undefined, 'give enabled, params or both');
export type StepRuleChangeInput = z.input<typeof StepRuleChange>;

/** The rules that propose next steps (the default set written on first use). */
export async function listNextStepRules(deps: Deps, actor: Actor): Promise<StepRule[]> {
  authorize(actor, 'cases:read');
  await ensureDefaultStepRules(deps);
  return listStepRules(deps.db);
}

/** Turns a next-step rule on or off, or gives it new settings (checked by its kind's schema); audited. */
export async function updateNextStepRule(deps: Deps, actor: Actor, id: number, input: StepRuleChangeInput): Promise<StepRule> {
  authorize(actor, 'cases:write');
  const change = readInput(StepRuleChange, input);
  const rule = (await listNextStepRules(deps, actor)).find((r) => r.id === id);
  if (!rule) throw notFound('step rule');
  const set = { ...(change.enabled !== undefined && { enabled: change.enabled }), ...(change.params !== undefined && { params: checkedStepParams(rule.kind, change.params) }) };
  const updated = (await updateStepRule(deps.db, id, set, deps.clock.now()))!;
  await recordAudit(deps, actor.id, 'step_rule.update', { ruleId: id, fields: Object.keys(set) });
  return updated;
}
