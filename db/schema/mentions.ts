import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { PAYER_STANCES, SENTIMENT_LABELS } from './constants.ts';
import { sources } from './sources.ts';
import { users } from './users.ts';

/** One thing someone wrote, stripped to text at ingest. `external_key` identifies it within its source. */
export const mentions = sqliteTable(
  'mentions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sourceId: integer('source_id')
      .notNull()
      .references(() => sources.id, { onDelete: 'cascade' }),
    externalKey: text('external_key').notNull(),
    url: text('url'),
    author: text('author'),
    /** The author as erasure and matching compare it: NFC, Unicode case-folded, no leading "@" (author-key.ts). */
    authorKey: text('author_key'),
    title: text('title'),
    text: text('text').notNull(),
    languageHint: text('language_hint'),
    /** Followers, subscribers or karma of the author where the source says (alerts weigh reach). */
    authorReach: integer('author_reach'),
    /** Likes + reposts + replies (or points, votes) at the last poll. */
    engagement: integer('engagement'),
    /** Review stars 1–5, for review sources. */
    rating: integer('rating'),
    publishedAt: integer('published_at').notNull(),
    firstSeenAt: integer('first_seen_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    /** Hash of title + text: an edit changes it, a re-poll of the same entry does not. */
    contentHash: text('content_hash').notNull(),
    /** Normalised URL and title: how a copy of this mention from another source is recognised (dedupe-keys.ts). */
    urlKey: text('url_key'),
    titleKey: text('title_key'),
  },
  (t) => [
    uniqueIndex('mentions_source_external_key_uq').on(t.sourceId, t.externalKey),
    index('mentions_url_key_idx').on(t.urlKey),
    index('mentions_title_key_idx').on(t.titleKey),
    index('mentions_published_at_idx').on(t.publishedAt),
    index('mentions_author_key_idx').on(t.authorKey),
  ],
);

/** The analyser's reading of a mention; list-valued labels are JSON arrays. */
export const mentionAnalysis = sqliteTable(
  'mention_analysis',
  {
    mentionId: integer('mention_id')
      .primaryKey()
      .references(() => mentions.id, { onDelete: 'cascade' }),
    analyserVersion: text('analyser_version').notNull(),
    contentHash: text('content_hash').notNull(),
    language: text('language').notNull(),
    isRelevant: integer('is_relevant', { mode: 'boolean' }).notNull(),
    sentimentLabel: text('sentiment_label', { enum: SENTIMENT_LABELS }).notNull(),
    sentimentScore: real('sentiment_score').notNull(),
    tactics: text('tactics', { mode: 'json' }).$type<string[]>().notNull(),
    channels: text('channels', { mode: 'json' }).$type<string[]>().notNull(),
    vulnerability: text('vulnerability', { mode: 'json' }).$type<string[]>().notNull(),
    payerStance: text('payer_stance', { enum: PAYER_STANCES }).notNull(),
    escalation: text('escalation', { mode: 'json' }).$type<string[]>().notNull(),
    caseRefs: text('case_refs', { mode: 'json' }).$type<string[]>().notNull(),
    evidence: text('evidence', { mode: 'json' }).$type<unknown[]>().notNull(),
    /** The calibrated probability of each label given (analyser ≥ 0.4): `{ field, label, probability, uncertain }`. */
    confidence: text('confidence', { mode: 'json' }).$type<unknown[]>().notNull().default(sql`'[]'`),
    analysedAt: integer('analysed_at').notNull().default(sql`(unixepoch() * 1000)`),
  },
  // A language with a sentiment (and relevance) is counted in the index alone, as the mention list does to pick its plan.
  (t) => [index('mention_analysis_language_idx').on(t.language, t.sentimentLabel, t.isRelevant), index('mention_analysis_sentiment_idx').on(t.sentimentLabel)],
);

/**
 * A person's correction of a mention's labels. A field left null is not corrected; a set one overrides the
 * analyser's in mention_analysis now and after every re-analysis (so alerts, rates, digests and filters all use
 * it). Who and when; never any text.
 */
export const mentionCorrections = sqliteTable('mention_corrections', {
  mentionId: integer('mention_id')
    .primaryKey()
    .references(() => mentions.id, { onDelete: 'cascade' }),
  relevant: integer('relevant', { mode: 'boolean' }),
  sentiment: text('sentiment', { enum: SENTIMENT_LABELS }),
  tactics: text('tactics', { mode: 'json' }).$type<string[]>(),
  vulnerability: text('vulnerability', { mode: 'json' }).$type<string[]>(),
  escalation: text('escalation', { mode: 'json' }).$type<string[]>(),
  correctedBy: integer('corrected_by').references(() => users.id, { onDelete: 'set null' }),
  correctedAt: integer('corrected_at').notNull(),
});

export type Mention = typeof mentions.$inferSelect;
export type MentionAnalysisRow = typeof mentionAnalysis.$inferSelect;
