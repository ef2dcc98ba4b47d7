// Every alert rule kind, its settings schema and the rule set a new workspace starts with.
import { z } from 'zod';
import { TACTICS, type AlertKind } from '../../../db/schema/constants.ts';
import { checkedParams } from '../errors.ts';
import { MENTION_RULE_PARAMS, type MentionRuleKind } from './mention-rules.ts';
import { SHARE_DEFAULTS } from './share-detector.ts';
import { VOLUME_DEFAULTS } from './volume-detector.ts';

/** Anomalies over many mentions, judged once an hour per key. */
export const AGGREGATE_RULE_PARAMS = {
  /** Relevant mentions per brand × market × source kind. */
  volume_spike: z.object({
    minCount: z.number().int().min(1).max(1000).default(VOLUME_DEFAULTS.minCount),
    minRatio: z.number().min(1).max(100).default(VOLUME_DEFAULTS.minRatio),
  }),
  /** The negative share of relevant mentions per brand × market × source kind, last 24 hours. */
  negative_share: z.object({
    minNegative: z.number().int().min(1).max(1000).default(SHARE_DEFAULTS.minNegative),
    minRise: z.number().min(0).max(1).default(SHARE_DEFAULTS.minRise),
  }),
  /** Mentions about one tactic (the analyser's label) per brand × market, all sources together. */
  tactic_spike: z.object({
    tactics: z
      .array(z.enum(TACTICS))
      .min(1)
      .default([...TACTICS]),
    minCount: z.number().int().min(1).max(1000).default(4),
  }),
} as const;
export type AggregateRuleKind = keyof typeof AGGREGATE_RULE_PARAMS;

export const RULE_PARAMS = { ...MENTION_RULE_PARAMS, ...AGGREGATE_RULE_PARAMS } as const;
export type RuleKindName = MentionRuleKind | AggregateRuleKind;

export const isAggregateKind = (k: string): k is AggregateRuleKind => Object.hasOwn(AGGREGATE_RULE_PARAMS, k);

/** What each kind watches for, in words: the default rule's name and an alert's title. */
export const RULE_TITLES: Record<RuleKindName, string> = {
  escalation: 'Threat to go to a regulator, lawyer or the press',
  vulnerable_harm: 'Vulnerable person and a harmful tactic',
  high_reach: 'Negative mention with high reach',
  open_case: 'Mention linked to an open case',
  low_rating: 'Low review rating',
  volume_spike: 'Mention volume spike',
  negative_share: 'Rise in negative share',
  tactic_spike: 'Spike in complaints about one tactic',
};

/** What raised an alert, in words: a rule kind's title, or a person by hand. */
export const ALERT_TITLES: Record<AlertKind, string> = { ...RULE_TITLES, manual: 'Raised by hand from a mention' };

/** The default rule set: one rule per kind with default settings. */
export const DEFAULT_RULES = (Object.keys(RULE_PARAMS) as RuleKindName[]).map((kind) => ({
  name: RULE_TITLES[kind],
  kind,
  params: RULE_PARAMS[kind].parse({}) as Record<string, unknown>,
}));

/** The kind's settings with defaults filled in, or a bad request naming the field that is wrong. */
export function checkedRuleParams(kind: RuleKindName, params: unknown): Record<string, unknown> {
  return checkedParams(RULE_PARAMS[kind], params);
}
