// Proposing next steps (the next-steps job): every new link between a mention and a case is read through the step
// rules once, and the steps they propose are stored on the case for a person to accept or dismiss.
import { alertCursor, setAlertCursor } from '../../../db/queries/alert-evaluation.ts';
import { enabledStepRules, insertMissingStepRules, insertSteps, linksAfter, linksOfMention, type StepLinkRow } from '../../../db/queries/steps.ts';
import type { StepRuleKind } from '../../../db/schema/constants.ts';
import type { Deps } from '../deps.ts';
import { stringList } from '../../../db/schema/json-lists.ts';
import { DEFAULT_STEP_RULES, proposeSteps, STEP_RULE_PARAMS, type StepRuleOf } from './step-rules.ts';

const BATCH = 500;
const CURSOR = 'next_steps_link';

/** Writes the default rule set, once; after that the rules are the users' to change. */
export async function ensureDefaultStepRules(deps: Pick<Deps, 'db' | 'clock'>): Promise<void> {
  if ((await alertCursor(deps.db, 'default_step_rules')) !== null) return;
  await insertMissingStepRules(deps.db, DEFAULT_STEP_RULES, deps.clock.now());
  await setAlertCursor(deps.db, 'default_step_rules', 1);
}

/** The enabled rules whose settings are valid for their kind (the others are logged and skipped). */
async function validStepRules(deps: Pick<Deps, 'db' | 'clock' | 'log'>): Promise<StepRuleOf[]> {
  await ensureDefaultStepRules(deps);
  const rules: StepRuleOf[] = [];
  for (const r of await enabledStepRules(deps.db)) {
    const parsed = STEP_RULE_PARAMS[r.kind as StepRuleKind]?.safeParse(r.params);
    if (parsed?.success) rules.push({ id: r.id, kind: r.kind, params: parsed.data } as StepRuleOf);
    else deps.log.warn('step rule skipped: its settings are not valid for its kind', { rule_id: r.id, kind: r.kind });
  }
  return rules;
}

/** The steps the rules propose for links: relevant mentions only. */
function stepRows(links: StepLinkRow[], rules: Awaited<ReturnType<typeof validStepRules>>, now: number) {
  return links.flatMap((l) => {
    if (!l.is_relevant) return [];
    const facts = {
      mentionId: l.mention_id,
      caseId: l.case_id,
      negative: l.sentiment_label === 'negative',
      tactics: stringList(l.tactics),
      vulnerability: stringList(l.vulnerability),
      escalation: stringList(l.escalation),
      payerStance: l.payer_stance,
      channels: stringList(l.channels),
      lastChannel: l.last_channel,
    };
    return proposeSteps(facts, rules, now).map((s) => ({ caseId: l.case_id, mentionId: l.mention_id, ...s, createdAt: now }));
  });
}

/**
 * Proposes again for one mention's links, after a person corrected its labels: a step the correction calls for is
 * added; one proposed before stays for a person to decide (it may have been acted on already).
 */
export async function proposeStepsForMention(deps: Pick<Deps, 'db' | 'clock' | 'log'>, mentionId: number): Promise<number> {
  const links = await linksOfMention(deps.db, mentionId);
  if (!links.length) return 0;
  return insertSteps(deps.db, stepRows(links, await validStepRules(deps), deps.clock.now()));
}

/** Proposes the steps of every link made since the last run; relevant mentions only. */
export async function proposeNextSteps(deps: Pick<Deps, 'db' | 'clock' | 'log'>): Promise<{ links_read: number; steps_proposed: number }> {
  const rules = await validStepRules(deps);
  let cursor = (await alertCursor(deps.db, CURSOR)) ?? 0;
  let read = 0;
  let proposed = 0;
  for (;;) {
    const links = await linksAfter(deps.db, cursor, BATCH);
    if (!links.length) break;
    const rows = stepRows(links, rules, deps.clock.now());
    proposed += await insertSteps(deps.db, rows);
    read += links.length;
    cursor = links.at(-1)!.link_id;
    await setAlertCursor(deps.db, CURSOR, cursor);
  }
  return { links_read: read, steps_proposed: proposed };
}
