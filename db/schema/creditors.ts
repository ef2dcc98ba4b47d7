import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
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

export type CreditorSetting = typeof creditorSettings.$inferSelect;
