// What alert evaluation reads: its cursors, new analysed mentions, hourly series, and the rules and mutes in force.
import { asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { alertCursors, alertMutes, alertRules } from '../schema/index.ts';
import type { RuleKind, SourceKind } from '../schema/constants.ts';
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
