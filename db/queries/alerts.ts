// Alerts: what evaluation reads (new mentions, hourly series, the latest alert of a group) and writes (alerts,
// their mentions, events and the deliveries a transition queues), and what the inbox and an alert's page read.
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../client.ts';
import { runBatch } from '../client.ts';
import {
  alertCursors,
  alertDeliveries,
  alertEvents,
  alertMutes,
  alertRules,
  alerts,
  notificationChannels,
  users,
  type Alert,
} from '../schema/index.ts';
import type { AlertEventType, AlertKind, AlertStatus, RuleKind, Severity, SourceKind, Transition } from '../schema/constants.ts';
import { HOUR_MS } from '../../src/core/time/durations.ts';

/** Where alert evaluation got to (alert_cursors: 'mentions', 'hour', 'default_rules'); null before its first run. */
export async function alertCursor(db: Db, name: string): Promise<number | null> {
  const [row] = await db.select({ value: alertCursors.value }).from(alertCursors).where(eq(alertCursors.name, name));
  return row ? row.value : null;
}

export const setAlertCursorStatement = (db: Db, name: string, value: number) =>
  db.insert(alertCursors).values({ name, value }).onConflictDoUpdate({ target: alertCursors.name, set: { value } });

export async function setAlertCursor(db: Db, name: string, value: number): Promise<void> {
  await setAlertCursorStatement(db, name, value);
}

/** What the per-mention rules read of each new, analysed mention. `open_case_id`: a linked case that is open. */
export interface RuleMentionRow {
  id: number;
  source_kind: SourceKind;
  brand: string | null;
  language: string;
  is_relevant: number;
  sentiment_label: 'negative' | 'neutral' | 'positive';
  tactics: string;
  vulnerability: string;
  escalation: string;
  author_reach: number | null;
  engagement: number | null;
  rating: number | null;
  published_at: number;
  open_case_id: number | null;
}

/** Analysed mentions after `afterId`, oldest first. */
const ruleMentionRows = (where: SQL, limit: number) => sql`
    SELECT m.id, s.kind AS source_kind, s.brand, ma.language, ma.is_relevant, ma.sentiment_label, ma.tactics, ma.vulnerability,
           ma.escalation, m.author_reach, m.engagement, m.rating, m.published_at,
           (SELECT MIN(c.id) FROM mention_case_links l CROSS JOIN cases c ON c.id = l.case_id
             WHERE l.mention_id = m.id AND c.status = 'open') AS open_case_id
    FROM mentions m
    CROSS JOIN mention_analysis ma ON ma.mention_id = m.id
    CROSS JOIN sources s ON s.id = m.source_id
    WHERE ${where}
    ORDER BY m.id
    LIMIT ${limit}`;

export async function ruleMentionsAfter(db: Db, afterId: number, limit: number): Promise<RuleMentionRow[]> {
  return db.all<RuleMentionRow>(ruleMentionRows(sql`m.id > ${afterId}`, limit));
}

/** One mention as the per-mention rules read it (e.g. after a person corrected its labels). */
export async function ruleMention(db: Db, id: number): Promise<RuleMentionRow | null> {
  const [row] = await db.all<RuleMentionRow>(ruleMentionRows(sql`m.id = ${id}`, 1));
  return row ?? null;
}

export async function maxMentionId(db: Db): Promise<number> {
  const [row] = await db.all<{ id: number | null }>(sql`SELECT MAX(id) AS id FROM mentions`);
  return Number(row?.id ?? 0);
}

/** Relevant mentions per key and hour in [fromHour, toHour): the series the anomaly detectors read. */
export interface HourRow {
  brand: string;
  market: string;
  source_kind: SourceKind;
  hour: number;
  mentions: number;
  negative: number;
}

export async function hourlyCounts(db: Db, fromHour: number, toHour: number): Promise<HourRow[]> {
  return db.all<HourRow>(sql`
    SELECT COALESCE(s.brand, '') AS brand, ma.language AS market, s.kind AS source_kind, m.published_at / 3600000 AS hour,
           COUNT(*) AS mentions, SUM(ma.sentiment_label = 'negative') AS negative
    FROM mentions m
    CROSS JOIN mention_analysis ma ON ma.mention_id = m.id
    CROSS JOIN sources s ON s.id = m.source_id
    WHERE m.published_at >= ${fromHour * HOUR_MS} AND m.published_at < ${toHour * HOUR_MS} AND ma.is_relevant = 1
    GROUP BY 1, 2, 3, 4`);
}

/** Relevant mentions per brand, market, analyser tactic label and hour: for spikes in one tactic. */
export interface TacticHourRow {
  brand: string;
  market: string;
  tactic: string;
  hour: number;
  mentions: number;
}

export async function hourlyTacticCounts(db: Db, fromHour: number, toHour: number): Promise<TacticHourRow[]> {
  return db.all<TacticHourRow>(sql`
    SELECT COALESCE(s.brand, '') AS brand, ma.language AS market, t.value AS tactic, m.published_at / 3600000 AS hour, COUNT(*) AS mentions
    FROM mentions m
    CROSS JOIN mention_analysis ma ON ma.mention_id = m.id
    CROSS JOIN sources s ON s.id = m.source_id
    CROSS JOIN json_each(ma.tactics) t
    WHERE m.published_at >= ${fromHour * HOUR_MS} AND m.published_at < ${toHour * HOUR_MS} AND ma.is_relevant = 1
    GROUP BY 1, 2, 3, 4`);
}

/** The first hour each key could have had mentions: its oldest source's creation. */
export async function keyHistoryStarts(db: Db): Promise<{ brand: string; source_kind: SourceKind; created_at: number }[]> {
  return db.all(sql`SELECT COALESCE(brand, '') AS brand, kind AS source_kind, MIN(created_at) AS created_at FROM sources GROUP BY 1, 2`);
}

export async function enabledRules(db: Db) {
  return db.select().from(alertRules).where(eq(alertRules.enabled, true)).orderBy(asc(alertRules.id));
}

/** Inserts the named rules that do not exist yet. */
export async function insertMissingRules(db: Db, rules: { name: string; kind: RuleKind; params: Record<string, unknown> }[], now: number) {
  if (rules.length === 0) return;
  await db
    .insert(alertRules)
    .values(rules.map((r) => ({ ...r, enabled: true, createdAt: now, updatedAt: now })))
    .onConflictDoNothing({ target: alertRules.name });
}

export async function activeMutes(db: Db, now: number) {
  return db.select().from(alertMutes).where(sql`${alertMutes.until} IS NULL OR ${alertMutes.until} > ${now}`);
}

export async function latestAlertOfGroup(db: Db, groupKey: string): Promise<Alert | null> {
  const [row] = await db.select().from(alerts).where(eq(alerts.groupKey, groupKey)).orderBy(desc(alerts.id)).limit(1);
  return row ?? null;
}

/** The newest alert of a group, as a SQL expression: how a batch refers to the alert it just inserted. */
const newestOfGroup = (groupKey: string) => sql`(SELECT id FROM alerts WHERE group_key = ${groupKey} ORDER BY id DESC LIMIT 1)`;

const SEVERITY_RANK = sql.raw(`CASE c.min_severity WHEN 'low' THEN 0 WHEN 'medium' THEN 1 WHEN 'high' THEN 2 ELSE 3 END`);
const rankOf = (s: Severity) => ['low', 'medium', 'high', 'critical'].indexOf(s);

/**
 * An event on an alert, and — for a notifying transition on an alert that is not snoozed — one pending delivery
 * per enabled channel whose minimum severity the alert reaches. The alert is an id or a SQL expression.
 */
export function eventStatements(
  db: Db,
  e: { alert: number | SQL; type: AlertEventType; at: number; actorUserId?: number | null; detail?: Record<string, unknown> | null; notify?: { transition: Transition; severity: Severity } | null },
): BatchItem<'sqlite'>[] {
  const alertId = typeof e.alert === 'number' ? sql`${e.alert}` : e.alert;
  const out: BatchItem<'sqlite'>[] = [
    db.run(sql`INSERT INTO alert_events (alert_id, at, type, actor_user_id, detail)
               VALUES (${alertId}, ${e.at}, ${e.type}, ${e.actorUserId ?? null}, ${e.detail ? JSON.stringify(e.detail) : null})`),
  ];
  if (e.notify) {
    out.push(
      db.run(sql`
        INSERT OR IGNORE INTO alert_deliveries (alert_id, event_id, channel_id, transition, status, attempts, next_attempt_at, created_at)
        SELECT a.id, (SELECT MAX(id) FROM alert_events WHERE alert_id = a.id), c.id, ${e.notify.transition}, 'pending', 0, ${e.at}, ${e.at}
        FROM alerts a CROSS JOIN notification_channels c
        WHERE a.id = ${alertId} AND c.enabled = 1 AND ${SEVERITY_RANK} <= ${rankOf(e.notify.severity)}
          AND (a.snoozed_until IS NULL OR a.snoozed_until <= ${e.at})`),
    );
  }
  return out;
}

export interface NewAlert {
  ruleId: number | null;
  ruleKind: AlertKind;
  groupKey: string;
  severity: Severity;
  title: string;
  reasons: string[];
  evidence: Record<string, unknown> | null;
  brand: string | null;
  market: string | null;
  sourceKind: SourceKind | null;
  caseId: number | null;
  mentions: { id: number; reason: string }[];
  at: number;
}

const mentionStatements = (db: Db, alert: SQL, mentions: { id: number; reason: string }[], at: number): BatchItem<'sqlite'>[] =>
  mentions.length === 0
    ? []
    : [
        db.run(sql`INSERT OR IGNORE INTO alert_mentions (alert_id, mention_id, reason, added_at)
                   SELECT ${alert}, json_extract(j.value, '$.id'), json_extract(j.value, '$.reason'), ${at}
                   FROM json_each(${JSON.stringify(mentions)}) j`),
        db.run(sql`UPDATE alerts SET mention_count = (SELECT COUNT(*) FROM alert_mentions WHERE alert_id = alerts.id) WHERE id = ${alert}`),
      ];

/** A new alert with its mentions and its "opened" event (which queues notifications), atomically. */
export async function openAlert(db: Db, a: NewAlert): Promise<void> {
  const id = newestOfGroup(a.groupKey);
  await runBatch(db, [
    db.insert(alerts).values({
      ruleId: a.ruleId, ruleKind: a.ruleKind, groupKey: a.groupKey, status: 'open', severity: a.severity, title: a.title,
      reasons: a.reasons, evidence: a.evidence, brand: a.brand, market: a.market, sourceKind: a.sourceKind, caseId: a.caseId,
      mentionCount: 0, openedAt: a.at, lastSeenAt: a.at, updatedAt: a.at,
    }),
    ...mentionStatements(db, id, a.mentions, a.at),
    ...eventStatements(db, { alert: id, type: 'opened', at: a.at, detail: { severity: a.severity }, notify: { transition: 'opened', severity: a.severity } }),
  ]);
}

/** New findings on an open alert: its mentions, reasons and evidence; an "escalated" event when severity rose. */
export async function joinAlert(
  db: Db,
  j: { alert: Alert; severity: Severity; escalated: boolean; reasons: string[]; evidence: Record<string, unknown> | null; mentions: { id: number; reason: string }[]; at: number },
): Promise<void> {
  const reasons = [...new Set([...j.alert.reasons, ...j.reasons])].slice(0, 12);
  const id = sql`${j.alert.id}`;
  await runBatch(db, [
    db
      .update(alerts)
      .set({ severity: j.severity, reasons, evidence: j.evidence ?? j.alert.evidence, lastSeenAt: Math.max(j.at, j.alert.lastSeenAt), updatedAt: j.at })
      .where(eq(alerts.id, j.alert.id)),
    ...mentionStatements(db, id, j.mentions, j.at),
    ...(j.escalated
      ? eventStatements(db, { alert: j.alert.id, type: 'escalated', at: j.at, detail: { from: j.alert.severity, to: j.severity }, notify: { transition: 'escalated', severity: j.severity } })
      : []),
  ]);
}

export async function getAlert(db: Db, id: number): Promise<Alert | null> {
  const [row] = await db.select().from(alerts).where(eq(alerts.id, id));
  return row ?? null;
}

/** A person's change to an alert (status, assignee, snooze) with its event, and its notification if it is one. */
export async function updateAlert(
  db: Db,
  u: { alert: Alert; set: Partial<Pick<Alert, 'status' | 'assigneeUserId' | 'snoozedUntil' | 'acknowledgedAt' | 'resolvedAt'>>; events: { type: AlertEventType; detail?: Record<string, unknown>; notify?: Transition }[]; actorUserId: number | null; at: number },
): Promise<void> {
  await runBatch(db, [
    db.update(alerts).set({ ...u.set, updatedAt: u.at }).where(eq(alerts.id, u.alert.id)),
    ...u.events.flatMap((e) =>
      eventStatements(db, { alert: u.alert.id, type: e.type, at: u.at, actorUserId: u.actorUserId, detail: e.detail ?? null, notify: e.notify ? { transition: e.notify, severity: u.alert.severity } : null }),
    ),
  ]);
}

export interface AlertFilter {
  ids?: number[];
  status?: AlertStatus[];
  severity?: Severity[];
  ruleKind?: AlertKind[];
  limit: number;
}

/** The inbox: open first, then by severity (highest first) and recency. */
export async function listAlerts(db: Db, f: AlertFilter) {
  const where = [
    f.ids?.length ? inArray(alerts.id, f.ids) : undefined,
    f.status?.length ? inArray(alerts.status, f.status) : undefined,
    f.severity?.length ? inArray(alerts.severity, f.severity) : undefined,
    f.ruleKind?.length ? inArray(alerts.ruleKind, f.ruleKind) : undefined,
  ].filter(Boolean) as SQL[];
  return db
    .select({ alert: alerts, assignee: { id: users.id, name: users.name } })
    .from(alerts)
    .leftJoin(users, eq(users.id, alerts.assigneeUserId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(
      sql`CASE ${alerts.status} WHEN 'open' THEN 0 WHEN 'acknowledged' THEN 1 ELSE 2 END`,
      sql`CASE ${alerts.severity} WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END`,
      desc(alerts.lastSeenAt),
      desc(alerts.id),
    )
    .limit(f.limit);
}

export async function alertEventsOf(db: Db, alertId: number) {
  return db
    .select({ id: alertEvents.id, at: alertEvents.at, type: alertEvents.type, detail: alertEvents.detail, actor: users.name })
    .from(alertEvents)
    .leftJoin(users, eq(users.id, alertEvents.actorUserId))
    .where(eq(alertEvents.alertId, alertId))
    .orderBy(asc(alertEvents.at), asc(alertEvents.id));
}

export async function deliveriesOf(db: Db, alertId: number) {
  return db
    .select({
      id: alertDeliveries.id, transition: alertDeliveries.transition, status: alertDeliveries.status, attempts: alertDeliveries.attempts,
      lastError: alertDeliveries.lastError, sentAt: alertDeliveries.sentAt, nextAttemptAt: alertDeliveries.nextAttemptAt,
      channel: notificationChannels.name, channelKind: notificationChannels.kind,
    })
    .from(alertDeliveries)
    .innerJoin(notificationChannels, eq(notificationChannels.id, alertDeliveries.channelId))
    .where(eq(alertDeliveries.alertId, alertId))
    .orderBy(asc(alertDeliveries.id));
}

/** The alert's mentions with their analysis, newest first (at most `limit`). */
export async function mentionsOfAlert(db: Db, alertId: number, limit = 50) {
  return db.all<{
    id: number; reason: string; title: string | null; text: string; url: string | null; author: string | null; published_at: number;
    source_name: string; source_kind: SourceKind; language: string; sentiment_label: string; sentiment_score: number;
    tactics: string; vulnerability: string; escalation: string; evidence: string;
  }>(sql`
    SELECT m.id, am.reason, m.title, m.text, m.url, m.author, m.published_at, s.name AS source_name, s.kind AS source_kind,
           ma.language, ma.sentiment_label, ma.sentiment_score, ma.tactics, ma.vulnerability, ma.escalation, ma.evidence
    FROM alert_mentions am
    CROSS JOIN mentions m ON m.id = am.mention_id
    CROSS JOIN sources s ON s.id = m.source_id
    LEFT JOIN mention_analysis ma ON ma.mention_id = m.id
    WHERE am.alert_id = ${alertId}
    ORDER BY m.published_at DESC, m.id DESC
    LIMIT ${limit}`);
}

/** Deliveries waiting to be sent, with what sending needs to know of the alert and channel. */
export async function dueDeliveries(db: Db, now: number, limit: number) {
  return db
    .select({ delivery: alertDeliveries, alert: alerts, channel: notificationChannels })
    .from(alertDeliveries)
    .innerJoin(alerts, eq(alerts.id, alertDeliveries.alertId))
    .innerJoin(notificationChannels, eq(notificationChannels.id, alertDeliveries.channelId))
    .where(and(eq(alertDeliveries.status, 'pending'), sql`${alertDeliveries.nextAttemptAt} <= ${now}`))
    .orderBy(asc(alertDeliveries.nextAttemptAt), asc(alertDeliveries.id))
    .limit(limit);
}

/**
 * Takes a due delivery for this run by pushing its next attempt `leaseMs` ahead; false when another run took it
 * first. A run that dies mid-send leaves it to be retried after the lease.
 */
export async function claimDelivery(db: Db, id: number, now: number, leaseMs: number): Promise<boolean> {
  const rows = await db
    .update(alertDeliveries)
    .set({ nextAttemptAt: now + leaseMs })
    .where(and(eq(alertDeliveries.id, id), eq(alertDeliveries.status, 'pending'), sql`${alertDeliveries.nextAttemptAt} <= ${now}`))
    .returning({ id: alertDeliveries.id });
  return rows.length === 1;
}

export async function finishDelivery(
  db: Db,
  id: number,
  r: { status: 'sent' | 'pending' | 'failed'; attempts: number; nextAttemptAt: number; lastError: string | null; sentAt: number | null },
): Promise<void> {
  await db.update(alertDeliveries).set(r).where(eq(alertDeliveries.id, id));
}

/** E-mail addresses of the active users with these roles. */
export async function addressesOfRoles(db: Db, roles: string[]): Promise<string[]> {
  if (roles.length === 0) return [];
  const rows = await db.all<{ email: string }>(sql`
    SELECT email FROM users WHERE disabled_at IS NULL AND role IN (SELECT value FROM json_each(${JSON.stringify(roles)})) ORDER BY email`);
  return rows.map((r) => r.email);
}

/** The reference of the case an alert is about (for roles that may read cases). */
export async function caseRefById(db: Db, caseId: number): Promise<string | null> {
  const [row] = await db.all<{ case_ref: string }>(sql`SELECT case_ref FROM cases WHERE id = ${caseId}`);
  return row?.case_ref ?? null;
}

// Configuration: rules, mutes, channels.

export async function listRules(db: Db) {
  return db.select().from(alertRules).orderBy(asc(alertRules.id));
}

export async function getRule(db: Db, id: number) {
  const [row] = await db.select().from(alertRules).where(eq(alertRules.id, id));
  return row ?? null;
}

export async function insertRule(db: Db, r: { name: string; kind: RuleKind; enabled: boolean; params: Record<string, unknown>; now: number }) {
  const [row] = await db
    .insert(alertRules)
    .values({ name: r.name, kind: r.kind, enabled: r.enabled, params: r.params, createdAt: r.now, updatedAt: r.now })
    .onConflictDoNothing({ target: alertRules.name })
    .returning();
  return row ?? null;
}

export async function updateRule(db: Db, id: number, set: Partial<{ name: string; enabled: boolean; params: Record<string, unknown> }>, now: number) {
  const [row] = await db.update(alertRules).set({ ...set, updatedAt: now }).where(eq(alertRules.id, id)).returning();
  return row ?? null;
}

export async function deleteRule(db: Db, id: number): Promise<boolean> {
  return (await db.delete(alertRules).where(eq(alertRules.id, id)).returning({ id: alertRules.id })).length > 0;
}

export async function listMutes(db: Db) {
  return db.select().from(alertMutes).orderBy(desc(alertMutes.id));
}

export async function insertMute(db: Db, m: typeof alertMutes.$inferInsert) {
  const [row] = await db.insert(alertMutes).values(m).returning();
  return row!;
}

export async function deleteMute(db: Db, id: number): Promise<boolean> {
  return (await db.delete(alertMutes).where(eq(alertMutes.id, id)).returning({ id: alertMutes.id })).length > 0;
}

export async function listChannels(db: Db) {
  return db.select().from(notificationChannels).orderBy(asc(notificationChannels.id));
}

export async function getChannel(db: Db, id: number) {
  const [row] = await db.select().from(notificationChannels).where(eq(notificationChannels.id, id));
  return row ?? null;
}

export async function insertChannel(db: Db, c: typeof notificationChannels.$inferInsert) {
  const [row] = await db.insert(notificationChannels).values(c).onConflictDoNothing({ target: notificationChannels.name }).returning();
  return row ?? null;
}

export async function updateChannel(db: Db, id: number, set: Partial<typeof notificationChannels.$inferInsert>) {
  const [row] = await db.update(notificationChannels).set(set).where(eq(notificationChannels.id, id)).returning();
  return row ?? null;
}

export async function deleteChannel(db: Db, id: number): Promise<boolean> {
  return (await db.delete(notificationChannels).where(eq(notificationChannels.id, id)).returning({ id: notificationChannels.id })).length > 0;
}

/** How many alerts are open or acknowledged. */
export async function countActiveAlerts(db: Db): Promise<number> {
  const [row] = await db.all<{ n: number }>(sql`SELECT COUNT(*) AS n FROM alerts WHERE status IN ('open', 'acknowledged')`);
  return Number(row?.n ?? 0);
}
