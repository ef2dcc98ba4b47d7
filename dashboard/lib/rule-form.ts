// The form fields of an alert rule's settings, read from the kind's zod schema (so a new setting needs no form
// code), and the form's answer turned back into settings for the same schema to check.
import { RULE_PARAMS, type RuleKindName } from '../../src/core/alerts/rule-kinds.ts';

export type RuleField =
  | { name: string; type: 'number'; step: string }
  | { name: string; type: 'boolean' }
  | { name: string; type: 'choices'; options: readonly string[] }
  | { name: string; type: 'per-kind'; kinds: readonly string[] };

type Def = { type: string; innerType?: { def: Def }; element?: { options?: readonly string[] }; keyType?: { options?: readonly string[] }; checks?: unknown[] };
type Schema = { def: Def; shape?: Record<string, { def: Def; format?: string | null; isInt?: boolean }> };

/** Field labels in words. */
export const FIELD_LABELS: Record<string, string> = {
  escalations: 'Escalations that count',
  vulnerabilities: 'Vulnerability signals that count',
  tactics: 'Tactics that count',
  reach: 'Followers (or karma) from which a negative mention is far-reaching',
  engagement: 'Reactions from which a negative mention is far-reaching',
  maxStars: 'Highest star rating that raises an alert',
  minCount: 'Fewest mentions for a finding',
  minRatio: 'Fewest times the expected count',
  minNegative: 'Fewest negative mentions in 24 hours',
  minRise: 'Smallest rise of the negative share (0–1)',
  callWithinHours: 'A trained colleague calls within (hours)',
  withinHours: 'Due within (hours)',
  reviewWithinHours: 'Reviewed within (hours)',
  windowTactics: 'Tactics that move the contact window',
  frequencyTactics: 'Tactics that lower the contact frequency',
  checkLegalThreats: 'Check legal threats against policy',
  legalWithinHours: 'Legal threat checked within (hours)',
};

export function ruleFields(kind: RuleKindName): RuleField[] {
  return fieldsOf(RULE_PARAMS[kind]);
}

/** The fields of any rule kind's settings schema (a zod object). */
export function fieldsOf(schema: unknown): RuleField[] {
  const shape = (schema as Schema).shape ?? {};
  return Object.entries(shape).map(([name, schema]) => {
    let def = schema.def;
    while (def.type === 'default' && def.innerType) def = def.innerType.def;
    if (def.type === 'array') return { name, type: 'choices', options: def.element?.options ?? [] };
    if (def.type === 'record') return { name, type: 'per-kind', kinds: def.keyType?.options ?? [] };
    if (def.type === 'boolean') return { name, type: 'boolean' };
    const inner = (shape[name] as { def: Def }).def.innerType as unknown as { isInt?: boolean } | undefined;
    return { name, type: 'number', step: inner?.isInt ? '1' : 'any' };
  });
}

/**
 * The rule settings a submitted form asks for. `form` maps a field name to all its values (checkboxes repeat);
 * per-kind numbers come as `name.kind`, blank meaning "no threshold for this kind".
 */
export function ruleParamsFromForm(kind: RuleKindName, form: Record<string, string[]>): Record<string, unknown> {
  return paramsFromForm(ruleFields(kind), form);
}

/** The settings a submitted form asks for, by its fields; an unticked box is false. */
export function paramsFromForm(fields: RuleField[], form: Record<string, string[]>): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.type === 'boolean') params[f.name] = (form[f.name] ?? []).includes('on');
    else if (f.type === 'choices') params[f.name] = (form[f.name] ?? []).filter((v) => f.options.includes(v));
    else if (f.type === 'per-kind') {
      const map: Record<string, number> = {};
      for (const k of f.kinds) {
        const v = (form[`${f.name}.${k}`]?.[0] ?? '').trim();
        if (v !== '') map[k] = Number(v);
      }
      params[f.name] = map;
    } else {
      const v = (form[f.name]?.[0] ?? '').trim();
      if (v !== '') params[f.name] = Number(v);
    }
  }
  return params;
}
