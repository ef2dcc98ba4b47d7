import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { POLL_OUTCOMES, SOURCE_KINDS } from './constants.ts';

/** A place mentions come from, with its polling state (conditional GET validators, back-off, last error). */
export const sources = sqliteTable(
  'sources',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull().unique(),
    kind: text('kind', { enum: SOURCE_KINDS }).notNull(),
    /** Which of the workspace's brands the source watches, when there are several; alerts judge each apart. */
    brand: text('brand'),
    url: text('url'),
    /** Kind-specific settings (query, instance, subreddit…) as JSON; credentials in it are encrypted. */
    config: text('config', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default({}),
    /** The adapter's paging state between polls (JSON), e.g. the newest id seen. */
    cursor: text('cursor', { mode: 'json' }).$type<unknown>(),
    isPaused: integer('is_paused', { mode: 'boolean' }).notNull().default(false),
    /** Created by the demo workspace; paused when the demo is off. */
    isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false),
    pollIntervalSeconds: integer('poll_interval_seconds').notNull().default(900),
    etag: text('etag'),
    lastModified: text('last_modified'),
    nextPollAt: integer('next_poll_at').notNull().default(0),
    lastPolledAt: integer('last_polled_at'),
    lastSuccessAt: integer('last_success_at'),
    lastError: text('last_error'),
    errorCount: integer('error_count').notNull().default(0),
    createdAt: integer('created_at').notNull().default(sql`(unixepoch() * 1000)`),
    updatedAt: integer('updated_at').notNull().default(sql`(unixepoch() * 1000)`),
  },
  (t) => [index('sources_next_poll_at_idx').on(t.nextPollAt)],
);

export type Source = typeof sources.$inferSelect;
export type NewSource = typeof sources.$inferInsert;

/** What each poll of a source found, for the source's page; kept for SOURCE_POLL_DAYS (db/queries/source-polls.ts). */
export const sourcePolls = sqliteTable(
  'source_polls',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sourceId: integer('source_id')
      .notNull()
      .references(() => sources.id, { onDelete: 'cascade' }),
    at: integer('at').notNull(),
    outcome: text('outcome', { enum: POLL_OUTCOMES }).notNull(),
    newCount: integer('new_count').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    /** New entries that copied a mention already stored (from any source): not stored again. */
    duplicates: integer('duplicates').notNull().default(0),
    /** Entries the feed gave that could not be read (no text, a bad date…). */
    skipped: integer('skipped').notNull().default(0),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [index('source_polls_source_at_idx').on(t.sourceId, t.at)],
);

export type SourcePoll = typeof sourcePolls.$inferSelect;
