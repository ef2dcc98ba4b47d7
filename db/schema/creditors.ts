import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { DIGEST_SEND_STATUSES } from './constants.ts';
import { users } from './users.ts';

/**
 * Per creditor-client settings a credit manager keeps. `ref_format` is the mask of the creditor's case references
 * (src/core/cases/ref-formats.ts): "#" a digit, "A" a letter, "*" a letter or digit, anything else literal.
 * A creditor without a row has no format.
 */
export const creditorSettings = sqliteTable('creditor_settings', {
  creditor: text('creditor').primaryKey(),
  refFormat: text('ref_format').notNull(),
  updatedAt: integer('updated_at').notNull(),
  updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
});

/** How far a one-off back-fill over stored rows has come (the last id done), so each run continues from there. */
export const backfillCursors = sqliteTable('backfill_cursors', {
  name: text('name').primaryKey(),
  lastId: integer('last_id').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * One monthly report for one creditor user and month ("2026-11"): unique, so it is sent once, retried until it is
 * (the digest's scheme).
 */
export const creditorReportSends = sqliteTable(
  'creditor_report_sends',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    month: text('month').notNull(),
    status: text('status', { enum: DIGEST_SEND_STATUSES }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    lastError: text('last_error'),
    sentAt: integer('sent_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('creditor_report_sends_once_uq').on(t.userId, t.month), index('creditor_report_sends_due_idx').on(t.status, t.nextAttemptAt)],
);

export type CreditorReportSend = typeof creditorReportSends.$inferSelect;
export type CreditorSetting = typeof creditorSettings.$inferSelect;
