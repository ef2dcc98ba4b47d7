// One labelled mention of the project's own corpus (data/training/, docs/labelling.md), with every field; and a
// person's correction exported as a training row, with only the fields the person set.
import { z } from 'zod';
import { CHANNELS, ESCALATIONS, LANGUAGES, PAYER_STANCES, SENTIMENT_LABELS, TACTICS, VULNERABILITIES } from '../../../../db/schema/constants.ts';
import type { Example } from './examples.ts';

export const corpusRowSchema = z.object({
  id: z.string().min(1),
  group: z.string().min(1),
  language: z.enum(LANGUAGES),
  register: z.string().optional(),
  text: z.string().min(1),
  relevant: z.boolean(),
  sentiment: z.enum(SENTIMENT_LABELS),
  tactics: z.array(z.enum(TACTICS)),
  channel: z.array(z.enum(CHANNELS)),
  vulnerability: z.array(z.enum(VULNERABILITIES)),
  payer_stance: z.enum(PAYER_STANCES),
  escalation: z.array(z.enum(ESCALATIONS)),
  case_refs: z.array(z.string()).default([]),
});

export type CorpusRow = z.infer<typeof corpusRowSchema>;

/** A corpus row as a training example: every field is known. */
export function corpusExample(row: CorpusRow, corpus: string, weight: number): Example {
  return {
    corpus,
    group: row.group,
    language: row.language,
    text: row.text,
    weight,
    labels: {
      sentiment: [row.sentiment],
      relevant: row.relevant ? ['true'] : [],
      tactics: row.tactics,
      channel: row.channel,
      vulnerability: row.vulnerability,
      escalation: row.escalation,
      payer_stance: [row.payer_stance],
    },
  };
}

/** An exported correction (`earshot export corrections`): the labels a person set; the others stay unknown. */
export const correctionRowSchema = corpusRowSchema.pick({ id: true, group: true, language: true, text: true }).extend({
  relevant: z.boolean().optional(),
  sentiment: z.enum(SENTIMENT_LABELS).optional(),
  tactics: z.array(z.enum(TACTICS)).optional(),
  vulnerability: z.array(z.enum(VULNERABILITIES)).optional(),
  escalation: z.array(z.enum(ESCALATIONS)).optional(),
});

export function correctionExample(row: z.infer<typeof correctionRowSchema>, weight: number): Example {
  const labels: Example['labels'] = {};
  if (row.relevant !== undefined) labels.relevant = row.relevant ? ['true'] : [];
  if (row.sentiment) labels.sentiment = [row.sentiment];
  // A mention corrected to "not relevant" carries no collection labels (as the analyser gates them).
  for (const field of ['tactics', 'vulnerability', 'escalation'] as const) {
    const given = row[field];
    if (given) labels[field] = given;
    else if (row.relevant === false) labels[field] = [];
  }
  return { corpus: 'corrections', group: row.group, language: row.language, text: row.text, weight, labels };
}

/** A general-domain post the project wrote (data/training/general.<lang>.jsonl): its sentiment, and not relevant. */
export const ownGeneralRowSchema = corpusRowSchema.pick({ id: true, group: true, language: true, text: true, sentiment: true });

export function ownGeneralExample(row: z.infer<typeof ownGeneralRowSchema>, weight: number): Example {
  return { corpus: 'own-general', group: row.group, language: row.language, text: row.text, weight, labels: { sentiment: [row.sentiment], relevant: [] } };
}

/**
 * Labels the project gave a third-party text it may learn from (data/training/cfpb-labels.*.jsonl): the labels
 * are ours, the text stays where it is and is read at training time.
 */
export const externalLabelsSchema = corpusRowSchema
  .pick({ relevant: true, sentiment: true, tactics: true, channel: true, vulnerability: true, payer_stance: true, escalation: true })
  .extend({ id: z.string().min(1) });

export type ExternalLabels = z.infer<typeof externalLabelsSchema>;

export function labelsOf(l: ExternalLabels): Example['labels'] {
  return {
    sentiment: [l.sentiment],
    relevant: l.relevant ? ['true'] : [],
    tactics: l.relevant ? l.tactics : [],
    channel: l.relevant ? l.channel : [],
    vulnerability: l.relevant ? l.vulnerability : [],
    escalation: l.relevant ? l.escalation : [],
    payer_stance: [l.relevant ? l.payer_stance : 'unknown'],
  };
}
