import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { cases } from './cases.ts';
import { DELIVERY_STATUSES, STEP_CODES, STEP_RULE_KINDS, STEP_STATUSES } from './constants.ts';
import { mentions } from './mentions.ts';
import { users } from './users.ts';

/** A configured next-step rule: one kind with its settings, validated by the kind's schema (like an alert rule). */
export const stepRules = sqliteTable('step_rules', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  kind: text('kind', { enum: STEP_RULE_KINDS }).notNull(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
  params: text('params', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * A next step on a case, proposed by a rule from a linked mention and decided by a person. One per case, mention and
 * step: proposing again changes nothing. Personal data (it belongs to a case); the reason is in words, never the
 * mention's text.
 */
export const caseSteps = sqliteTable(
  'case_steps',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    mentionId: integer('mention_id')
      .notNull()
      .references(() => mentions.id, { onDelete: 'cascade' }),
    ruleId: integer('rule_id').references(() => stepRules.id, { onDelete: 'set null' }),
    step: text('step', { enum: STEP_CODES }).notNull(),
    /** Why, as a code: the kind of rule that proposed it. */
    reasonCode: text('reason_code', { enum: STEP_RULE_KINDS }).notNull(),
    /** Why, in words a credit manager reads ("The author mentions health problems"). */
    reason: text('reason').notNull(),
    status: text('status', { enum: STEP_STATUSES }).notNull().default('proposed'),
    dueAt: integer('due_at').notNull(),
    /** What the person who decided added ("called on Tuesday instead"); never copied from the mention. */
    note: text('note'),
    decidedBy: integer('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: integer('decided_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('case_steps_uq').on(t.caseId, t.mentionId, t.step), index('case_steps_status_idx').on(t.status, t.dueAt), index('case_steps_mention_idx').on(t.mentionId)],
);

/**
 * An accepted step handed to the collection system's webhook: one row per step, so it is sent once, retried with
 * back-off, and every outcome recorded.
 */
export const stepDeliveries = sqliteTable(
  'step_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    stepId: integer('step_id')
      .notNull()
      .unique()
      .references(() => caseSteps.id, { onDelete: 'cascade' }),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    lastError: text('last_error'),
    sentAt: integer('sent_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('step_deliveries_due_idx').on(t.status, t.nextAttemptAt)],
);

export type StepRule = typeof stepRules.$inferSelect;
export type CaseStep = typeof caseSteps.$inferSelect;
