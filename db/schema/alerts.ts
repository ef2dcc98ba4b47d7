import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { ALERT_EVENT_TYPES, ALERT_KINDS, ALERT_STATUSES, CHANNEL_KINDS, DELIVERY_STATUSES, RULE_KINDS, SEVERITIES, SOURCE_KINDS, TRANSITIONS } from './constants.ts';
import { cases } from './cases.ts';
import { mentions } from './mentions.ts';
import { users } from './users.ts';

/** A configured alert rule: one kind (per-mention or aggregate) with its settings, validated by the kind's schema. */
export const alertRules = sqliteTable('alert_rules', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  kind: text('kind', { enum: RULE_KINDS }).notNull(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
  params: text('params', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * One thing that needs attention: the mentions of one rule in one market (or on one case) close together in
 * time, or one anomaly on a key. `group_key` says what it gathers; `reasons` say why, in words.
 */
export const alerts = sqliteTable(
  'alerts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ruleId: integer('rule_id').references(() => alertRules.id, { onDelete: 'set null' }),
    ruleKind: text('rule_kind', { enum: ALERT_KINDS }).notNull(),
    groupKey: text('group_key').notNull(),
    status: text('status', { enum: ALERT_STATUSES }).notNull(),
    severity: text('severity', { enum: SEVERITIES }).notNull(),
    title: text('title').notNull(),
    reasons: text('reasons', { mode: 'json' }).$type<string[]>().notNull(),
    /** For anomalies: the window, observed and expected counts, p-value. */
    evidence: text('evidence', { mode: 'json' }).$type<Record<string, unknown>>(),
    brand: text('brand'),
    market: text('market'),
    sourceKind: text('source_kind', { enum: SOURCE_KINDS }),
    /** The collection case its mentions are linked to: personal data, shown only to roles that may see cases. */
    caseId: integer('case_id').references(() => cases.id, { onDelete: 'set null' }),
    mentionCount: integer('mention_count').notNull().default(0),
    assigneeUserId: integer('assignee_user_id').references(() => users.id, { onDelete: 'set null' }),
    snoozedUntil: integer('snoozed_until'),
    openedAt: integer('opened_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    acknowledgedAt: integer('acknowledged_at'),
    resolvedAt: integer('resolved_at'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('alerts_group_key_idx').on(t.groupKey, t.openedAt), index('alerts_status_idx').on(t.status, t.severity, t.lastSeenAt)],
);

export const alertMentions = sqliteTable(
  'alert_mentions',
  {
    alertId: integer('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    mentionId: integer('mention_id')
      .notNull()
      .references(() => mentions.id, { onDelete: 'cascade' }),
    reason: text('reason').notNull(),
    addedAt: integer('added_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.alertId, t.mentionId] }), index('alert_mentions_mention_idx').on(t.mentionId)],
);

/** An alert's history: every transition, assignment and note, with who and when. */
export const alertEvents = sqliteTable(
  'alert_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    alertId: integer('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    at: integer('at').notNull(),
    type: text('type', { enum: ALERT_EVENT_TYPES }).notNull(),
    actorUserId: integer('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [index('alert_events_alert_idx').on(t.alertId, t.at)],
);

/** Where notifications go. Webhook URLs and secrets in `config` are sealed like source credentials. */
export const notificationChannels = sqliteTable('notification_channels', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  kind: text('kind', { enum: CHANNEL_KINDS }).notNull(),
  config: text('config', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  minSeverity: text('min_severity', { enum: SEVERITIES }).notNull().default('medium'),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** One notification of one transition on one channel: unique, so it is sent once, retried until it is. */
export const alertDeliveries = sqliteTable(
  'alert_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    alertId: integer('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    eventId: integer('event_id')
      .notNull()
      .references(() => alertEvents.id, { onDelete: 'cascade' }),
    channelId: integer('channel_id')
      .notNull()
      .references(() => notificationChannels.id, { onDelete: 'cascade' }),
    transition: text('transition', { enum: TRANSITIONS }).notNull(),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    lastError: text('last_error'),
    sentAt: integer('sent_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('alert_deliveries_once_uq').on(t.eventId, t.channelId), index('alert_deliveries_due_idx').on(t.status, t.nextAttemptAt)],
);

/** Silences a rule kind, market or source kind (any left empty matches all) until a time, or for good. */
export const alertMutes = sqliteTable('alert_mutes', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  ruleKind: text('rule_kind', { enum: RULE_KINDS }),
  market: text('market'),
  sourceKind: text('source_kind', { enum: SOURCE_KINDS }),
  until: integer('until'),
  reason: text('reason'),
  createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: integer('created_at').notNull(),
});

/** Where alert evaluation got to: the last mention id read by the rules, the last hour the detectors judged. */
export const alertCursors = sqliteTable('alert_cursors', {
  name: text('name').primaryKey(),
  value: integer('value').notNull(),
});

export type Alert = typeof alerts.$inferSelect;
export type AlertRule = typeof alertRules.$inferSelect;
export type NotificationChannel = typeof notificationChannels.$inferSelect;
export type AlertDelivery = typeof alertDeliveries.$inferSelect;
