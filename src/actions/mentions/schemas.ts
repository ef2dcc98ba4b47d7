// Mentions as people send them (pushed, one at a time or in bulk) and what a person may change about one: its
// labels, and raising an alert from it by hand. The API's request bodies, the dashboard's forms and the CLI's
// import are all held to these.
import { z } from '@hono/zod-openapi';
import { ESCALATIONS, SENTIMENT_LABELS, SEVERITIES, TACTICS, VULNERABILITIES } from '../../../db/schema/constants.ts';

const distinct = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .array(z.enum(values))
    .max(values.length)
    .refine((xs) => new Set(xs).size === xs.length, 'each label at most once');

/** The labels a person sets; the ones left out keep what they were. */
export const LabelCorrection = z
  .object({
    relevant: z.boolean().optional(),
    sentiment: z.enum(SENTIMENT_LABELS).optional(),
    tactics: distinct(TACTICS).optional(),
    vulnerability: distinct(VULNERABILITIES).optional(),
    escalation: distinct(ESCALATIONS).optional(),
  })
  .strict()
  .refine((c) => Object.values(c).some((v) => v !== undefined), 'give at least one of relevant, sentiment, tactics, vulnerability, escalation');
export type LabelCorrectionInput = z.input<typeof LabelCorrection>;

export const RaiseAlertInput = z
  .object({
    severity: z.enum(SEVERITIES).default('high'),
    reason: z.string().trim().min(1, 'say why, in a few words').max(300),
  })
  .strict();
export type RaiseAlertInput = z.input<typeof RaiseAlertInput>;

/** The most mentions one push may carry. */
export const MAX_PUSH = 1000;

/** A mention pushed to Earshot (API or signed webhook). */
export const PushItem = z.object({
  text: z.string().trim().min(1).max(100_000),
  title: z.string().max(2_000).nullish(),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2_000)
    .nullish(),
  author: z.string().max(500).nullish(),
  published_at: z.iso.datetime({ offset: true }).nullish(),
  external_id: z.string().min(1).max(500).nullish(),
  language: z.string().max(20).nullish(),
});

export const PushItems = z.array(PushItem).min(1).max(MAX_PUSH);
