import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { ACTION_TYPES, CASE_STATUSES, CHANNELS, IDENTIFIER_KINDS, LINK_METHODS, LINK_STATUSES, SEGMENTS } from './constants.ts';
import { mentions } from './mentions.ts';
import { users } from './users.ts';

/** A collection case from the collection system. `case_ref` is the collector's own reference. Personal data. */
export const cases = sqliteTable(
  'cases',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseRef: text('case_ref').notNull().unique(),
    creditor: text('creditor').notNull(),
    segment: text('segment', { enum: SEGMENTS }).notNull(),
    country: text('country').notNull(),
    openedAt: integer('opened_at').notNull(),
    closedAt: integer('closed_at'),
    status: text('status', { enum: CASE_STATUSES }).notNull(),
    amount: real('amount'),
    currency: text('currency'),
    language: text('language'),
    team: text('team'),
    /**
     * The reference's digits only ("LV-4051-2377" → "40512377"; "" when it has none): how a cited reference finds
     * its case through an index. Written by the import; a trigger (migration 0006) fills it for any other insert
     * and keeps it in step when case_ref changes. A migration that rebuilds this table must recreate that trigger.
     */
    refDigits: text('ref_digits'),
    /** Hash of the imported row: an unchanged row is skipped, a changed one updates. */
    rowHash: text('row_hash').notNull(),
    createdAt: integer('created_at').notNull().default(sql`(unixepoch() * 1000)`),
    updatedAt: integer('updated_at').notNull().default(sql`(unixepoch() * 1000)`),
  },
  (t) => [index('cases_opened_at_idx').on(t.openedAt), index('cases_ref_digits_idx').on(t.refDigits), index('cases_creditor_idx').on(t.creditor)],
);

/** One thing the collector did on a case: the tactics complaints are measured against. */
export const caseActions = sqliteTable(
  'case_actions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    at: integer('at').notNull(),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    actionType: text('action_type', { enum: ACTION_TYPES }).notNull(),
    team: text('team'),
    agent: text('agent'),
    outcome: text('outcome'),
    /** Identity of the action across imports: case, time, channel, type and agent. */
    actionKey: text('action_key').notNull(),
    createdAt: integer('created_at').notNull().default(sql`(unixepoch() * 1000)`),
  },
  (t) => [
    uniqueIndex('case_actions_key_uq').on(t.caseId, t.actionKey),
    index('case_actions_at_idx').on(t.at),
    index('case_actions_type_at_idx').on(t.actionType, t.at),
    // The previous and next action of a case in a group, for the Tactics rollups' triggers (migration 0012), and a
    // case's actions in time order for the complaints published after a period.
    index('case_actions_type_case_idx').on(t.actionType, t.caseId, t.at),
    index('case_actions_channel_case_idx').on(t.channel, t.caseId, t.at),
    index('case_actions_case_at_idx').on(t.caseId, t.at, t.team, t.actionType, t.channel),
  ],
);

/**
 * A debtor identifier of a case (handle, e-mail, phone), normalised and stored only as a keyed hash
 * (HMAC-SHA256): enough to recognise an author, useless to anyone without the key.
 */
export const caseIdentifiers = sqliteTable(
  'case_identifiers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: IDENTIFIER_KINDS }).notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [uniqueIndex('case_identifiers_uq').on(t.caseId, t.kind, t.hash), index('case_identifiers_hash_idx').on(t.hash)],
);

/** A mention linked to a case, with how, how sure, and who made or confirmed it. */
export const mentionCaseLinks = sqliteTable(
  'mention_case_links',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    mentionId: integer('mention_id')
      .notNull()
      .references(() => mentions.id, { onDelete: 'cascade' }),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    method: text('method', { enum: LINK_METHODS }).notNull(),
    confidence: real('confidence').notNull(),
    status: text('status', { enum: LINK_STATUSES }).notNull(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: integer('created_at').notNull(),
    confirmedBy: integer('confirmed_by').references(() => users.id, { onDelete: 'set null' }),
    confirmedAt: integer('confirmed_at'),
  },
  (t) => [uniqueIndex('mention_case_links_uq').on(t.mentionId, t.caseId), index('mention_case_links_case_idx').on(t.caseId)],
);

/**
 * The case references the analyser found in a mention: digits (indexed, to find the mentions citing a case imported
 * later) and the number as written ("4051-2377"), to judge it against a creditor's reference format. Kept in step
 * with mention_analysis by triggers (migration 0006), whoever writes the analysis.
 */
export const mentionCaseRefs = sqliteTable(
  'mention_case_refs',
  {
    mentionId: integer('mention_id')
      .notNull()
      .references(() => mentions.id, { onDelete: 'cascade' }),
    digits: text('digits').notNull(),
    written: text('written').notNull(),
  },
  (t) => [primaryKey({ columns: [t.mentionId, t.digits, t.written] }), index('mention_case_refs_digits_idx').on(t.digits)],
);

/**
 * The keyed hashes (as case_identifiers holds them) of a mention's author read as a handle and as an e-mail
 * address: so a case imported later finds its debtor's earlier mentions. Hashes only, never the author; written
 * only with EARSHOT_SECRET_KEY.
 */
export const mentionAuthorHashes = sqliteTable(
  'mention_author_hashes',
  {
    mentionId: integer('mention_id')
      .notNull()
      .references(() => mentions.id, { onDelete: 'cascade' }),
    hash: text('hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.mentionId, t.hash] }), index('mention_author_hashes_hash_idx').on(t.hash)],
);

export type Case = typeof cases.$inferSelect;
export type CaseAction = typeof caseActions.$inferSelect;
export type MentionCaseLink = typeof mentionCaseLinks.$inferSelect;
