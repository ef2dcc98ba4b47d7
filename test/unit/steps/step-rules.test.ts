import { describe, expect, it } from 'vitest';
import { checkedStepParams, DEFAULT_STEP_RULES, proposeSteps, STEP_RULE_PARAMS, type StepFacts, type StepRuleOf } from '../../../src/core/steps/step-rules.ts';

const NOW = Date.UTC(2026, 11, 7, 9);
const H = 3_600_000;
const RULES: StepRuleOf[] = DEFAULT_STEP_RULES.map((r, i) => ({ id: i + 1, kind: r.kind, params: r.params }) as StepRuleOf);

const facts = (over: Partial<StepFacts> = {}): StepFacts => ({
  mentionId: 1,
  caseId: 2,
  negative: true,
  tactics: [],
  vulnerability: [],
  escalation: [],
  payerStance: 'unknown',
  channels: [],
  lastChannel: null,
  ...over,
});
const steps = (f: Partial<StepFacts>) => proposeSteps(facts(f), RULES, NOW).map((s) => [s.step, s.reason, (s.dueAt - NOW) / H]);

describe('the default step rules', () => {
  it('a vulnerability signal: pause automated contact and a call from a trained person within a day', () => {
    expect(steps({ vulnerability: ['health', 'life_event'], negative: false })).toEqual([['pause_and_call', 'The author mentions health problems and a hard life event', 24]]);
  });

  it('willing but unable: a payment plan on the channel the person used, else the case’s latest', () => {
    expect(steps({ payerStance: 'willing_unable', channels: ['sms'], lastChannel: 'phone' })).toEqual([
      ['offer_payment_plan', 'The author wants to pay but cannot (by SMS, the channel they used)', 72],
    ]);
    expect(steps({ payerStance: 'willing_unable', lastChannel: 'letter' })[0]![1]).toBe('The author wants to pay but cannot (by letter, the channel they used)');
    expect(steps({ payerStance: 'willing_able' })).toEqual([]);
  });

  it('contact at bad times moves the window; too often or after a stop request lowers the frequency; complaints only', () => {
    expect(steps({ tactics: ['contact_time', 'contact_frequency'] })).toEqual([
      ['move_contact_window', 'A complaint about “contact at bad times”', 48],
      ['lower_contact_frequency', 'A complaint about “too many calls or messages”', 48],
    ]);
    expect(steps({ tactics: ['ignored_stop_request'] }).map((s) => s[0])).toEqual(['lower_contact_frequency']);
    expect(steps({ tactics: ['contact_time'], negative: false })).toEqual([]);
  });

  it('a debt disputed or unexplained: the validation information in writing, collection stopped until answered', () => {
    expect(steps({ tactics: ['debt_not_owed', 'insufficient_info'] })).toEqual([
      ['send_validation', 'The author says “debt not owed or already paid” and “unclear or missing information”', 120],
    ]);
  });

  it('a regulator or the press: a review today; a legal threat checked against policy', () => {
    expect(steps({ escalation: ['regulator', 'media'], tactics: ['threat_legal'] })).toEqual([
      ['review_today', 'The author is going to a regulator or ombudsman and the press', 8],
      ['check_legal_policy', 'The author reports a legal threat', 24],
    ]);
    // A lawyer alone is not among the default escalations; a legal threat in praise is not checked.
    expect(steps({ escalation: ['legal'] })).toEqual([]);
    expect(steps({ tactics: ['threat_legal'], negative: false })).toEqual([]);
  });

  it('nothing to do for a mention with none of these signs', () => {
    expect(steps({ tactics: ['agent_helpful'], negative: false, payerStance: 'willing_able' })).toEqual([]);
  });
});

describe('rules a credit manager changes', () => {
  it('settings change what is proposed and when it is due; the first rule to propose a step keeps it', () => {
    const quick: StepRuleOf = { id: 9, kind: 'vulnerability_care', params: STEP_RULE_PARAMS.vulnerability_care.parse({ vulnerabilities: ['resilience'], callWithinHours: 4 }) };
    expect(proposeSteps(facts({ vulnerability: ['health'] }), [quick], NOW)).toEqual([]);
    const [s] = proposeSteps(facts({ vulnerability: ['resilience'] }), [quick, ...RULES], NOW);
    expect([s!.ruleId, (s!.dueAt - NOW) / H]).toEqual([9, 4]);
  });

  it('settings are checked by the kind’s schema, the wrong field named', () => {
    expect(checkedStepParams('payment_plan', {})).toEqual({ withinHours: 72 });
    expect(() => checkedStepParams('payment_plan', { withinHours: 0 })).toThrow(/^params\.withinHours: /);
    expect(() => checkedStepParams('contact_pattern', { windowTactics: ['night_calls'] })).toThrow(/^params\.windowTactics\.0: /);
  });
});
