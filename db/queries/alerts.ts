// Alerts: what evaluation writes (alerts, their mentions, events and the deliveries a transition queues), what the
// inbox and an alert's page read, and the rules, mutes and notification channels people configure.
// What evaluation reads is in alert-evaluation.ts; sending the queued deliveries, in alert-deliveries.ts.
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../client.ts';
import { runBatch } from '../client.ts';
import { alertDeliveries, alertEvents, alertMutes, alertRules, alerts, notificationChannels, users, type Alert } from '../schema/index.ts';
import type { AlertEventType, AlertKind, AlertStatus, RuleKind, Severity, SourceKind, Transition } from '../schema/constants.ts';

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
  e: {
    alert: number | SQL;
    type: AlertEventType;
    at: number;
    actorUserId?: number | null;
    detail?: Record<string, unknown> | null;
    notify?: { transition: Transition; severity: Severity } | null;
  },
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
      ruleId: a.ruleId,
      ruleKind: a.ruleKind,
      groupKey: a.groupKey,
      status: 'open',
      severity: a.severity,
      title: a.title,
      reasons: a.reasons,
      evidence: a.evidence,
      brand: a.brand,
      market: a.market,
      sourceKind: a.sourceKind,
      caseId: a.caseId,
      mentionCount: 0,
      openedAt: a.at,
      lastSeenAt: a.at,
      updatedAt: a.at,
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
      ? eventStatements(db, {
          alert: j.alert.id,
          type: 'escalated',
          at: j.at,
          detail: { from: j.alert.severity, to: j.severity },
          notify: { transition: 'escalated', severity: j.severity },
        })
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
  u: {
    alert: Alert;
    set: Partial<Pick<Alert, 'status' | 'assigneeUserId' | 'snoozedUntil' | 'acknowledgedAt' | 'resolvedAt'>>;
    events: { type: AlertEventType; detail?: Record<string, unknown>; notify?: Transition }[];
    actorUserId: number | null;
    at: number;
  },
): Promise<void> {
  await runBatch(db, [
    db
      .update(alerts)
      .set({ ...u.set, updatedAt: u.at })
      .where(eq(alerts.id, u.alert.id)),
    ...u.events.flatMap((e) =>
      eventStatements(db, {
        alert: u.alert.id,
        type: e.type,
        at: u.at,
        actorUserId: u.actorUserId,
        detail: e.detail ?? null,
        notify: e.notify ? { transition: e.notify, severity: u.alert.severity } : null,
      }),
    ),
  ]);
}

export interface AlertFilter {
  ids?: number[];
  status?: AlertStatus[];
  severity?: Severity[];
  ruleKind?: AlertKind[];
  market?: string;
  limit: number;
  offset?: number;
}

const alertWhere = (f: Omit<AlertFilter, 'limit' | 'offset'>) => {
  const where = [
    f.ids?.length ? inArray(alerts.id, f.ids) : undefined,
    f.status?.length ? inArray(alerts.status, f.status) : undefined,
    f.severity?.length ? inArray(alerts.severity, f.severity) : undefined,
    f.ruleKind?.length ? inArray(alerts.ruleKind, f.ruleKind) : undefined,
    f.market ? eq(alerts.market, f.market) : undefined,
  ].filter(Boolean) as SQL[];
  return where.length ? and(...where) : undefined;
};

/** What makes an alert riskier than its severity says, from its own mentions (alert_mentions' key leads with the alert). */
const fromMentions = (of: SQL) => sql`(
  SELECT ${of} FROM alert_mentions am
  CROSS JOIN mentions m ON m.id = am.mention_id
  LEFT JOIN mention_analysis ma ON ma.mention_id = m.id
  WHERE am.alert_id = ${alerts.id})`;

/**
 * The inbox in risk order: open first, then by severity, then alerts whose mentions escalate to a regulator, lawyer or
 * the press, then those showing vulnerability, then by the widest reach of their authors, then the most recent.
 */
export async function listAlerts(db: Db, f: AlertFilter) {
  return db
    .select({ alert: alerts, assignee: { id: users.id, name: users.name } })
    .from(alerts)
    .leftJoin(users, eq(users.id, alerts.assigneeUserId))
    .where(alertWhere(f))
    .orderBy(
      sql`CASE ${alerts.status} WHEN 'open' THEN 0 WHEN 'acknowledged' THEN 1 ELSE 2 END`,
      sql`CASE ${alerts.severity} WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END`,
      // Read for the alerts the filter keeps, each from its own mentions.
      sql`coalesce(${fromMentions(sql`max(coalesce(json_array_length(ma.escalation), 0) > 0)`)}, 0) DESC`,
      sql`coalesce(${fromMentions(sql`max(coalesce(json_array_length(ma.vulnerability), 0) > 0)`)}, 0) DESC`,
      sql`coalesce(${fromMentions(sql`max(coalesce(m.author_reach, 0))`)}, 0) DESC`,
      desc(alerts.lastSeenAt),
      desc(alerts.id),
    )
    .limit(f.limit)
    .offset(f.offset ?? 0);
}

/** How many alerts the filter holds. */
export async function countAlerts(db: Db, f: Omit<AlertFilter, 'limit' | 'offset'>): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(alerts).where(alertWhere(f));
  return Number(row?.n ?? 0);
}

export interface AlertSnippet {
  alert_id: number;
  title: string | null;
  text: string;
  evidence: string | null;
  published_at: number;
  source_name: string;
  source_kind: SourceKind;
  author_reach: number | null;
  engagement: number | null;
}

/** The latest mention of each alert, for the inbox's cards: what it says, where, when and how far it reaches. */
export async function latestMentionOfAlerts(db: Db, alertIds: number[]): Promise<Map<number, AlertSnippet>> {
  if (!alertIds.length) return new Map();
  const rows = await db.all<AlertSnippet>(sql`
    SELECT x.alert_id, m.title, m.text, ma.evidence, m.published_at, s.name AS source_name, s.kind AS source_kind, m.author_reach, m.engagement
    FROM (SELECT am.alert_id, (SELECT am2.mention_id FROM alert_mentions am2 CROSS JOIN mentions m2 ON m2.id = am2.mention_id
                               WHERE am2.alert_id = am.alert_id ORDER BY m2.published_at DESC, m2.id DESC LIMIT 1) AS mention_id
          FROM alert_mentions am WHERE am.alert_id IN (SELECT value FROM json_each(${JSON.stringify(alertIds)})) GROUP BY am.alert_id) x
    CROSS JOIN mentions m ON m.id = x.mention_id
    CROSS JOIN sources s ON s.id = m.source_id
    LEFT JOIN mention_analysis ma ON ma.mention_id = m.id`);
  return new Map(rows.map((r) => [Number(r.alert_id), r]));
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
      id: alertDeliveries.id,
      transition: alertDeliveries.transition,
      status: alertDeliveries.status,
      attempts: alertDeliveries.attempts,
      lastError: alertDeliveries.lastError,
      sentAt: alertDeliveries.sentAt,
      nextAttemptAt: alertDeliveries.nextAttemptAt,
      channel: notificationChannels.name,
      channelKind: notificationChannels.kind,
    })
    .from(alertDeliveries)
    .innerJoin(notificationChannels, eq(notificationChannels.id, alertDeliveries.channelId))
    .where(eq(alertDeliveries.alertId, alertId))
    .orderBy(asc(alertDeliveries.id));
}

/** The alert's mentions with their analysis, newest first (at most `limit`). */
export async function mentionsOfAlert(db: Db, alertId: number, limit = 50) {
  return db.all<{
    id: number;
    reason: string;
    title: string | null;
    text: string;
    url: string | null;
    author: string | null;
    published_at: number;
    source_name: string;
    source_kind: SourceKind;
    language: string;
    sentiment_label: string;
    sentiment_score: number;
    tactics: string;
    vulnerability: string;
    escalation: string;
    evidence: string;
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
  const [row] = await db
    .update(alertRules)
    .set({ ...set, updatedAt: now })
    .where(eq(alertRules.id, id))
    .returning();
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
