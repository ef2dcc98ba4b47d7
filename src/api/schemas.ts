import { z } from '@hono/zod-openapi';
import {
  CHANNELS,
  ESCALATIONS,
  LANGUAGES,
  LINK_METHODS,
  LINK_STATUSES,
  PAYER_STANCES,
  SENTIMENT_LABELS,
  SOURCE_KINDS,
  TACTICS,
  VULNERABILITIES,
} from '../../db/schema/constants.ts';
import type { MentionListRow, MentionRow } from '../../db/queries/mentions.ts';
import type { SourceVolume } from '../../db/queries/sources.ts';
import type { Source } from '../../db/schema/index.ts';
import { maskSecrets } from '../core/secrets.ts';
import { itemsPerDay, SOURCE_HEALTH, sourceHealth, SPARK_DAYS } from '../sources/health.ts';
import { adapterFor, settingsFor } from '../sources/registry.ts';

export const IntervalSchema = z
  .object({ value: z.number().nullable(), low: z.number().nullable(), high: z.number().nullable() })
  .openapi('RateInterval', { description: 'A point estimate with its 95 % interval; null where unbounded or undefined' });

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'BAD_REQUEST' }),
      message: z.string(),
      requestId: z.string().nullable(),
    }),
  })
  .openapi('Error');

/** The standard error responses, for route definitions. */
export const errors = (...statuses: (400 | 401 | 403 | 404 | 409)[]) =>
  Object.fromEntries(statuses.map((s) => [s, { description: `Error ${s}`, content: { 'application/json': { schema: ErrorSchema } } }])) as Record<
    400 | 401 | 403 | 404 | 409,
    { description: string; content: { 'application/json': { schema: typeof ErrorSchema } } }
  >;

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export const IdParam = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
});

export const MentionSchema = z
  .object({
    id: z.number().int(),
    source_id: z.number().int(),
    source: z.string(),
    url: z.string().nullable(),
    author: z.string().nullable(),
    title: z.string().nullable(),
    text: z.string(),
    published_at: z.string().openapi({ format: 'date-time' }),
    first_seen_at: z.string().openapi({ format: 'date-time' }),
    language: z.enum(LANGUAGES).nullable(),
    relevant: z.boolean().nullable(),
    sentiment: z.object({ label: z.enum(SENTIMENT_LABELS), score: z.number() }).nullable(),
    tactics: z.array(z.enum(TACTICS)),
    channel: z.array(z.enum(CHANNELS)),
    vulnerability: z.array(z.enum(VULNERABILITIES)),
    payer_stance: z.enum(PAYER_STANCES).nullable(),
    escalation: z.array(z.enum(ESCALATIONS)),
    case_refs: z.array(z.string()),
    analyser_version: z.string().nullable(),
    corrected: z.boolean().openapi({ description: 'A person corrected the labels; their correction overrides the analyser' }),
  })
  .openapi('Mention');

export const MentionDetailSchema = MentionSchema.extend({
  evidence: z.array(
    z.object({
      field: z.string(),
      label: z.string(),
      match: z.string(),
      start: z.number().int().optional(),
      end: z.number().int().optional(),
      weight: z.number(),
      rule: z.string(),
    }),
  ),
  confidence: z
    .array(z.object({ field: z.string(), label: z.string(), probability: z.number(), uncertain: z.boolean() }))
    .openapi({ description: "The analyser's calibrated probability of each label it gave; uncertain ones are below 0.6" }),
  corrected_at: z.string().nullable().openapi({ description: 'When a person last corrected the labels' }),
  /** Whether the mention is linked to a collection case; which case only for roles with cases:read. */
  linked: z.boolean(),
  cases: z
    .array(z.object({ ref: z.string(), method: z.enum(LINK_METHODS), confidence: z.number(), status: z.enum(LINK_STATUSES) }))
    .optional()
    .openapi({ description: 'The linked cases; only for credit managers and admins' }),
}).openapi('MentionDetail');

type MentionJson = z.infer<typeof MentionSchema>;

export function toMentionJson(m: MentionListRow): MentionJson {
  return {
    id: m.id,
    source_id: m.sourceId,
    source: m.sourceName,
    url: m.url,
    author: m.author,
    title: m.title,
    text: m.text,
    published_at: iso(m.publishedAt)!,
    first_seen_at: iso(m.firstSeenAt)!,
    language: (m.language as MentionJson['language']) ?? null,
    relevant: m.isRelevant,
    sentiment: m.sentimentLabel ? { label: m.sentimentLabel, score: m.sentimentScore ?? 0 } : null,
    tactics: (m.tactics ?? []) as MentionJson['tactics'],
    channel: (m.channels ?? []) as MentionJson['channel'],
    vulnerability: (m.vulnerability ?? []) as MentionJson['vulnerability'],
    payer_stance: m.payerStance,
    escalation: (m.escalation ?? []) as MentionJson['escalation'],
    case_refs: m.caseRefs ?? [],
    analyser_version: m.analyserVersion,
    corrected: m.correctedAt !== null,
  };
}

export function toMentionDetailJson(
  m: MentionRow,
  links: { linked: boolean; cases?: z.infer<typeof MentionDetailSchema>['cases'] } = { linked: false },
): z.infer<typeof MentionDetailSchema> {
  return {
    ...toMentionJson(m),
    evidence: (m.evidence ?? []) as z.infer<typeof MentionDetailSchema>['evidence'],
    confidence: (m.confidence ?? []) as z.infer<typeof MentionDetailSchema>['confidence'],
    corrected_at: iso(m.correctedAt),
    ...links,
  };
}

export const SourceSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    kind: z.enum(SOURCE_KINDS),
    brand: z.string().nullable(),
    url: z.string().nullable(),
    config: z.record(z.string(), z.unknown()).openapi({ description: 'Kind-specific settings; credentials show as "********"' }),
    is_paused: z.boolean(),
    poll_interval_seconds: z.number().int(),
    health: z.enum(SOURCE_HEALTH),
    last_polled_at: z.string().nullable(),
    last_success_at: z.string().nullable(),
    last_error: z.string().nullable(),
    error_count: z.number().int(),
    next_poll_at: z.string().nullable(),
    items_per_day: z.number().openapi({ description: `Mentions published per day over the last ${SPARK_DAYS} days` }),
    daily: z.array(z.number().int()).openapi({ description: `Mentions per day, the last ${SPARK_DAYS} days, oldest first` }),
    created_at: z.string(),
  })
  .openapi('Source');

export function toSourceJson(s: Source, volume: SourceVolume | undefined, now: number): z.infer<typeof SourceSchema> {
  const adapter = adapterFor(s.kind);
  const secrets = settingsFor(s.kind)?.secrets ?? [];
  return {
    id: s.id,
    name: s.name,
    kind: s.kind,
    brand: s.brand,
    url: s.url,
    config: maskSecrets(s.config, secrets),
    is_paused: s.isPaused,
    poll_interval_seconds: s.pollIntervalSeconds,
    health: sourceHealth(s, volume, now),
    last_polled_at: iso(s.lastPolledAt),
    last_success_at: iso(s.lastSuccessAt),
    last_error: s.lastError,
    error_count: s.errorCount,
    next_poll_at: adapter && !s.isPaused ? iso(s.nextPollAt) : null,
    items_per_day: itemsPerDay(volume),
    daily: volume?.daily ?? new Array(SPARK_DAYS).fill(0),
    created_at: iso(s.createdAt)!,
  };
}

/** What a push (API or signed webhook) stored; an item refused on its own is listed, the rest are kept. */
export const PushResult = z.object({
  ids: z.array(z.number().int().nullable()).openapi({ description: 'Stored ids, in the order given (a copy of a stored mention gets its id; a refused item null)' }),
  new: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.array(z.object({ index: z.number().int(), reason: z.string() })).openapi({ description: 'Items not stored, by position, and why' }),
});
