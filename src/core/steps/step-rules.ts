// What should happen on a case after someone wrote about it: each rule kind reads one linked mention's labels (and
// its case) and proposes a step with a reason in words and a time it is due. The rules are a table a credit
// manager reads and changes, like the alert rules; their settings are checked by each kind's schema.
import { z } from 'zod';
import { ESCALATIONS, type StepCode, type StepRuleKind, TACTICS, VULNERABILITIES } from '../../../db/schema/constants.ts';
import { checkedParams } from '../errors.ts';
import { inSentence, nameOf } from '../labels.ts';
import { HOUR_MS } from '../time/durations.ts';

/** What a rule sees: one relevant mention linked to a case, by its labels (never its text), and its case. */
export interface StepFacts {
  mentionId: number;
  caseId: number;
  negative: boolean;
  tactics: readonly string[];
  vulnerability: readonly string[];
  escalation: readonly string[];
  payerStance: string;
  /** The channels the mention is about (the analyser's labels), most telling first. */
  channels: readonly string[];
  /** The channel of the case's latest action, if it has one. */
  lastChannel: string | null;
}

const Hours = (d: number) =>
  z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(d);

/** The settings of each kind, with defaults: the rule set a new workspace starts with. */
export const STEP_RULE_PARAMS = {
  /** A sign of vulnerability: stop automated contact, and a trained person calls. */
  vulnerability_care: z.object({
    vulnerabilities: z
      .array(z.enum(VULNERABILITIES))
      .min(1)
      .default([...VULNERABILITIES]),
    callWithinHours: Hours(24),
  }),
  /** Willing but unable to pay: offer a payment plan on the channel the person used. */
  payment_plan: z.object({ withinHours: Hours(72) }),
  /** Contact at bad times or too often: move the contact window, or lower the frequency, for the case. */
  contact_pattern: z.object({
    windowTactics: z.array(z.enum(TACTICS)).default(['contact_time']),
    frequencyTactics: z.array(z.enum(TACTICS)).default(['contact_frequency', 'ignored_stop_request']),
    withinHours: Hours(48),
  }),
  /** A debt disputed or unexplained: the validation information in writing, and collection stopped until answered. */
  validation: z.object({
    tactics: z.array(z.enum(TACTICS)).min(1).default(['debt_not_owed', 'insufficient_info']),
    withinHours: Hours(120),
  }),
  /** A regulator, lawyer or the press named: a person reviews the case today; a legal threat is checked against policy. */
  escalation_review: z.object({
    escalations: z.array(z.enum(ESCALATIONS)).default(['regulator', 'media']),
    reviewWithinHours: Hours(8),
    checkLegalThreats: z.boolean().default(true),
    legalWithinHours: Hours(24),
  }),
} as const;
type Params<K extends StepRuleKind> = z.output<(typeof STEP_RULE_PARAMS)[K]>;

export interface StepRuleOf<K extends StepRuleKind = StepRuleKind> {
  id: number;
  kind: K;
  params: Params<K>;
}

/** What each kind is for, in words: the default rule's name. */
export const STEP_RULE_TITLES: Record<StepRuleKind, string> = {
  vulnerability_care: 'Vulnerable person: pause and call',
  payment_plan: 'Willing but unable: offer a plan',
  contact_pattern: 'Contact at bad times or too often',
  validation: 'Debt disputed or unexplained: validate in writing',
  escalation_review: 'Regulator, press or legal threat: review today',
};

/** Each step in words, as the case page, the alert page and the export's readers see it. */
export const STEP_WORDS: Record<StepCode, string> = {
  pause_and_call: 'Pause automated contact; a trained colleague calls the person',
  offer_payment_plan: 'Offer a payment plan',
  move_contact_window: "Move contact into daytime hours on the person's clock",
  lower_contact_frequency: 'Lower the contact frequency on this case',
  send_validation: 'Send the validation information in writing; stop collection until it is answered',
  review_today: 'A person reviews the case today',
  check_legal_policy: 'Check the legal threat against policy',
};

export interface ProposedStep {
  ruleId: number;
  step: StepCode;
  /** The kind of rule that proposed it: why, as a code. */
  reasonCode: StepRuleKind;
  reason: string;
  dueAt: number;
}

const VULNERABILITY_WORDS: Record<string, string> = {
  health: 'health problems',
  life_event: 'a hard life event',
  resilience: 'not being able to afford the basics',
  capability: 'difficulty dealing with the process',
};
const ESCALATION_WORDS: Record<string, string> = { regulator: 'a regulator or ombudsman', media: 'the press', legal: 'a lawyer or court' };
const and = (xs: string[]) => (xs.length > 1 ? `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}` : (xs[0] ?? ''));
const named = (ids: readonly string[]) => and(ids.map((t) => `“${inSentence(nameOf('tactic', t))}”`));

type Propose<K extends StepRuleKind> = (f: StepFacts, p: Params<K>) => { step: StepCode; reason: string; withinHours: number }[];

const PROPOSE: { [K in StepRuleKind]: Propose<K> } = {
  vulnerability_care(f, p) {
    const hit = p.vulnerabilities.filter((v) => f.vulnerability.includes(v));
    if (!hit.length) return [];
    return [{ step: 'pause_and_call', reason: `The author mentions ${and(hit.map((v) => VULNERABILITY_WORDS[v] ?? v))}`, withinHours: p.callWithinHours }];
  },
  payment_plan(f, p) {
    if (f.payerStance !== 'willing_unable') return [];
    const channel = f.channels[0] ?? f.lastChannel;
    const by = channel ? ` (by ${inSentence(nameOf('channel', channel))}, the channel they used)` : '';
    return [{ step: 'offer_payment_plan', reason: `The author wants to pay but cannot${by}`, withinHours: p.withinHours }];
  },
  contact_pattern(f, p) {
    const out: ReturnType<Propose<'contact_pattern'>> = [];
    const time = p.windowTactics.filter((t) => f.tactics.includes(t));
    if (time.length && f.negative) out.push({ step: 'move_contact_window', reason: `A complaint about ${named(time)}`, withinHours: p.withinHours });
    const often = p.frequencyTactics.filter((t) => f.tactics.includes(t));
    if (often.length && f.negative) out.push({ step: 'lower_contact_frequency', reason: `A complaint about ${named(often)}`, withinHours: p.withinHours });
    return out;
  },
  validation(f, p) {
    const hit = p.tactics.filter((t) => f.tactics.includes(t));
    if (!hit.length) return [];
    return [{ step: 'send_validation', reason: `The author says ${named(hit)}`, withinHours: p.withinHours }];
  },
  escalation_review(f, p) {
    const out: ReturnType<Propose<'escalation_review'>> = [];
    const hit = p.escalations.filter((e) => f.escalation.includes(e));
    if (hit.length) out.push({ step: 'review_today', reason: `The author is going to ${and(hit.map((e) => ESCALATION_WORDS[e] ?? e))}`, withinHours: p.reviewWithinHours });
    if (p.checkLegalThreats && f.negative && f.tactics.includes('threat_legal')) {
      out.push({ step: 'check_legal_policy', reason: 'The author reports a legal threat', withinHours: p.legalWithinHours });
    }
    return out;
  },
};

/**
 * The steps the rules propose for one linked mention, at `now`. Two rules proposing the same step keep the first
 * (rules in id order), so a case gets each step once per mention.
 */
export function proposeSteps(f: StepFacts, rules: readonly StepRuleOf[], now: number): ProposedStep[] {
  const out = new Map<StepCode, ProposedStep>();
  for (const rule of rules) {
    const proposed = (PROPOSE[rule.kind] as Propose<StepRuleKind>)(f, rule.params as never);
    for (const s of proposed)
      if (!out.has(s.step)) out.set(s.step, { ruleId: rule.id, step: s.step, reasonCode: rule.kind, reason: s.reason, dueAt: now + s.withinHours * HOUR_MS });
  }
  return [...out.values()];
}

/** The default rule set: one rule per kind with default settings. */
export const DEFAULT_STEP_RULES = (Object.keys(STEP_RULE_PARAMS) as StepRuleKind[]).map((kind) => ({
  name: STEP_RULE_TITLES[kind],
  kind,
  params: STEP_RULE_PARAMS[kind].parse({}) as Record<string, unknown>,
}));

/** The kind's settings with defaults filled in, or a bad request naming the field that is wrong. */
export function checkedStepParams(kind: StepRuleKind, params: unknown): Record<string, unknown> {
  return checkedParams(STEP_RULE_PARAMS[kind], params);
}
