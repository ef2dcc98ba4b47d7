import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { ROLES } from './constants.ts';

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  role: text('role', { enum: ROLES }).notNull(),
  /** The creditor a `creditor` user belongs to (as cases name it); null for everyone else. */
  creditor: text('creditor'),
  /** `scrypt$N$r$p$salt$hash`; null for users who only use API tokens. */
  passwordHash: text('password_hash'),
  createdAt: integer('created_at').notNull(),
  disabledAt: integer('disabled_at'),
});

/** API tokens are random and high-entropy, so a SHA-256 of the token is all that is stored. */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: integer('created_at').notNull(),
    lastUsedAt: integer('last_used_at'),
    revokedAt: integer('revoked_at'),
  },
  (t) => [index('api_tokens_user_id_idx').on(t.userId)],
);

/** Dashboard sessions; the cookie holds the session secret, the table only its hash. */
export const sessions = sqliteTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('sessions_user_id_idx').on(t.userId)],
);

export type User = typeof users.$inferSelect;
export type ApiToken = typeof apiTokens.$inferSelect;
export type Session = typeof sessions.$inferSelect;
