import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { sources } from './sources.ts';

/**
 * What the workspace has had of its own, kept even when the rows are gone: `own_data` is written by triggers when
 * a source or user that is not the demo's is created (migration 0010), so the demo never starts on a real workspace.
 */
export const workspaceMarks = sqliteTable('workspace_marks', {
  name: text('name').primaryKey(),
  at: integer('at').notNull(),
});

/**
 * Failed logins per key (`account:<sha-256 of the e-mail>` or `address:<client address>`): the count since the
 * last success and, once over the limit, when the lock ends.
 */
export const loginThrottle = sqliteTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  lastFailedAt: integer('last_failed_at').notNull(),
  lockedUntil: integer('locked_until'),
});

/** Signatures of signed webhook pushes accepted within the replay window, so the same push is never applied twice. */
export const webhookSignatures = sqliteTable(
  'webhook_signatures',
  {
    sourceId: integer('source_id')
      .notNull()
      .references(() => sources.id, { onDelete: 'cascade' }),
    signature: text('signature').notNull(),
    seenAt: integer('seen_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.signature] }), index('webhook_signatures_seen_at_idx').on(t.seenAt)],
);
