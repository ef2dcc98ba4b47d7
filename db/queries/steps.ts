import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import type { StepCode, StepRuleKind, StepStatus } from '../schema/constants.ts';
import { caseSteps, stepRules } from '../schema/index.ts';

export async function enabledStepRules(db: Db) {
  return db.select().from(stepRules).where(eq(stepRules.enabled, true)).orderBy(asc(stepRules.id));
}

export async function listStepRules(db: Db) {
  return db.select().from(stepRules).orderBy(asc(stepRules.id));
}

/** Inserts the named rules that do not exist yet. */
export async function insertMissingStepRules(db: Db, rules: { name: string; kind: StepRuleKind; params: Record<string, unknown> }[], now: number) {
  if (rules.length === 0) return;
  await db
    .insert(stepRules)
    .values(rules.map((r) => ({ ...r, enabled: true, createdAt: now, updatedAt: now })))
    .onConflictDoNothing({ target: stepRules.name });
}

export async function updateStepRule(db: Db, id: number, set: { enabled?: boolean; params?: Record<string, unknown> }, now: number) {
  const [row] = await db
    .update(stepRules)
    .set({ ...set, updatedAt: now })
    .where(eq(stepRules.id, id))
    .returning();
  return row ?? null;
}

/** What the step rules read of a link: the mention's labels (never its text) and its case's latest channel. */
export interface StepLinkRow {
  link_id: number;
  mention_id: number;
  case_id: number;
  sentiment_label: string;
  is_relevant: number;
  tactics: string;
  vulnerability: string;
  escalation: string;
  payer_stance: string;
  channels: string;
  last_channel: string | null;
}

/** Links after `afterId` whose mention is analysed, oldest first. */
export async function linksAfter(db: Db, afterId: number, limit: number): Promise<StepLinkRow[]> {
  return db.all<StepLinkRow>(sql`
    SELECT l.id AS link_id, l.mention_id, l.case_id, ma.sentiment_label, ma.is_relevant, ma.tactics, ma.vulnerability, ma.escalation,
           ma.payer_stance, ma.channels,
           (SELECT channel FROM case_actions WHERE case_id = l.case_id ORDER BY at DESC, id DESC LIMIT 1) AS last_channel
    FROM mention_case_links l CROSS JOIN mention_analysis ma ON ma.mention_id = l.mention_id
    WHERE l.id > ${afterId} ORDER BY l.id LIMIT ${limit}`);
}

export async function insertSteps(
  db: Db,
  rows: { caseId: number; mentionId: number; ruleId: number; step: StepCode; reason: string; dueAt: number; createdAt: number }[],
): Promise<number> {
  if (!rows.length) return 0;
  const added = await db.insert(caseSteps).values(rows).onConflictDoNothing().returning({ id: caseSteps.id });
  return added.length;
}

/** A case's steps, the open ones first (soonest due), then the decided ones (latest first). */
export async function stepsOfCase(db: Db, caseId: number) {
  return db
    .select()
    .from(caseSteps)
    .where(eq(caseSteps.caseId, caseId))
    .orderBy(sql`${caseSteps.status} <> 'proposed'`, sql`CASE WHEN ${caseSteps.status} = 'proposed' THEN ${caseSteps.dueAt} ELSE -${caseSteps.decidedAt} END`, asc(caseSteps.id));
}

export async function getStep(db: Db, id: number) {
  const [row] = await db.select().from(caseSteps).where(eq(caseSteps.id, id));
  return row ?? null;
}

/** Records a person's decision on a proposed step; null when it was decided already (or is not there). */
export async function decideStep(db: Db, id: number, d: { status: Exclude<StepStatus, 'proposed'>; dueAt: number; note: string | null; by: number | null; at: number }) {
  const [row] = await db
    .update(caseSteps)
    .set({ status: d.status, dueAt: d.dueAt, note: d.note, decidedBy: d.by, decidedAt: d.at })
    .where(and(eq(caseSteps.id, id), eq(caseSteps.status, 'proposed')))
    .returning();
  return row ?? null;
}
