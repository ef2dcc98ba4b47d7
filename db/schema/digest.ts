import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { DIGEST_SEND_STATUSES, STAFF_ROLES } from './constants.ts';

/** Who gets the weekly digest, shaped by their role, with dates in their time zone and chrome in their language. */
export const digestRecipients = sqliteTable('digest_recipients', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  email: text('email').notNull().unique(),
  name: text('name'),
  role: text('role', { enum: STAFF_ROLES }).notNull(),
  timeZone: text('time_zone').notNull().default('UTC'),
  language: text('language').notNull().default('en'),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** The workspace's digest schedule (one row, id 1): a cron expression in a time zone, and the sender. */
export const digestSettings = sqliteTable('digest_settings', {
  id: integer('id').primaryKey(),
  cron: text('cron').notNull(),
  timeZone: text('time_zone').notNull(),
  sender: text('sender'),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
  updatedAt: integer('updated_at').notNull(),
});

/** One digest for one address and ISO week ("2026-W47"): unique, so it is sent once, retried until it is. */
export const digestSends = sqliteTable(
  'digest_sends',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    email: text('email').notNull(),
    week: text('week').notNull(),
    role: text('role', { enum: STAFF_ROLES }).notNull(),
    status: text('status', { enum: DIGEST_SEND_STATUSES }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    lastError: text('last_error'),
    messageId: text('message_id'),
    sentAt: integer('sent_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('digest_sends_once_uq').on(t.email, t.week), index('digest_sends_due_idx').on(t.status, t.nextAttemptAt)],
);

export type DigestRecipient = typeof digestRecipients.$inferSelect;
export type DigestSettings = typeof digestSettings.$inferSelect;
export type DigestSend = typeof digestSends.$inferSelect;
