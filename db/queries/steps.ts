import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import { runBatch, type Db } from '../client.ts';
import type { StepCode, StepRuleKind, StepStatus } from '../schema/constants.ts';
import { cases, caseSteps, type CaseStep, stepDeliveries, stepRules } from '../schema/index.ts';

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

const stepLinks = (where: SQL, limit: number) => sql`
    SELECT l.id AS link_id, l.mention_id, l.case_id, ma.sentiment_label, ma.is_relevant, ma.tactics, ma.vulnerability, ma.escalation,
           ma.payer_stance, ma.channels,
           (SELECT channel FROM case_actions WHERE case_id = l.case_id ORDER BY at DESC, id DESC LIMIT 1) AS last_channel
    FROM mention_case_links l CROSS JOIN mention_analysis ma ON ma.mention_id = l.mention_id
    WHERE ${where} ORDER BY l.id LIMIT ${limit}`;

/** Links after `afterId` whose mention is analysed, oldest first. */
export async function linksAfter(db: Db, afterId: number, limit: number): Promise<StepLinkRow[]> {
  return db.all<StepLinkRow>(stepLinks(sql`l.id > ${afterId}`, limit));
}

/** The links of one mention (a mention is linked to a few cases at most). */
export async function linksOfMention(db: Db, mentionId: number): Promise<StepLinkRow[]> {
  return db.all<StepLinkRow>(stepLinks(sql`l.mention_id = ${mentionId}`, 100));
}

export async function insertSteps(
  db: Db,
  rows: { caseId: number; mentionId: number; ruleId: number; step: StepCode; reasonCode: StepRuleKind; reason: string; dueAt: number; createdAt: number }[],
): Promise<number> {
  if (!rows.length) return 0;
  const added = await db.insert(caseSteps).values(rows).onConflictDoNothing().returning({ id: caseSteps.id });
  return added.length;
}

/** A step with what became of its hand-off to the collection system (accepted steps only). */
export type StepOnCase = CaseStep & { handOff?: { status: 'pending' | 'sent' | 'failed'; sentAt: number | null; lastError: string | null } | null };

/** A case's steps, the open ones first (soonest due), then the decided ones (latest first). */
export async function stepsOfCase(db: Db, caseId: number): Promise<StepOnCase[]> {
  const rows = await db
    .select({ step: caseSteps, status: stepDeliveries.status, sentAt: stepDeliveries.sentAt, lastError: stepDeliveries.lastError })
    .from(caseSteps)
    .leftJoin(stepDeliveries, eq(stepDeliveries.stepId, caseSteps.id))
    .where(eq(caseSteps.caseId, caseId))
    .orderBy(sql`${caseSteps.status} <> 'proposed'`, sql`CASE WHEN ${caseSteps.status} = 'proposed' THEN ${caseSteps.dueAt} ELSE -${caseSteps.decidedAt} END`, asc(caseSteps.id));
  return rows.map((r) => ({ ...r.step, handOff: r.status ? { status: r.status, sentAt: r.sentAt, lastError: r.lastError } : null }));
}

export async function getStep(db: Db, id: number) {
  const [row] = await db.select().from(caseSteps).where(eq(caseSteps.id, id));
  return row ?? null;
}

/**
 * Records a person's decision on a proposed step, and for an accepted one queues its hand-off to the collection
 * system, in one transaction; null when it was decided already (or is not there).
 */
export async function decideStep(db: Db, id: number, d: { status: Exclude<StepStatus, 'proposed'>; dueAt: number; note: string | null; by: number | null; at: number }) {
  const [updated] = (await runBatch(db, [
    db
      .update(caseSteps)
      .set({ status: d.status, dueAt: d.dueAt, note: d.note, decidedBy: d.by, decidedAt: d.at })
      .where(and(eq(caseSteps.id, id), eq(caseSteps.status, 'proposed')))
      .returning(),
    db.run(sql`
      INSERT INTO step_deliveries (step_id, next_attempt_at, created_at)
      SELECT id, ${d.at}, ${d.at} FROM case_steps WHERE id = ${id} AND status = 'accepted' AND decided_at = ${d.at}
      ON CONFLICT (step_id) DO NOTHING`),
  ])) as [CaseStep[], unknown];
  return updated[0] ?? null;
}

/** The accepted steps whose hand-off is due, with their case's reference. */
export async function dueStepDeliveries(db: Db, now: number, limit: number) {
  return db
    .select({ delivery: stepDeliveries, step: caseSteps, caseRef: cases.caseRef })
    .from(stepDeliveries)
    .innerJoin(caseSteps, eq(caseSteps.id, stepDeliveries.stepId))
    .innerJoin(cases, eq(cases.id, caseSteps.caseId))
    .where(and(eq(stepDeliveries.status, 'pending'), sql`${stepDeliveries.nextAttemptAt} <= ${now}`))
    .orderBy(asc(stepDeliveries.nextAttemptAt), asc(stepDeliveries.id))
    .limit(limit);
}

/** Takes a due hand-off for this run by pushing its next attempt `leaseMs` ahead; false when another run took it. */
export async function claimStepDelivery(db: Db, id: number, now: number, leaseMs: number): Promise<boolean> {
  const rows = await db
    .update(stepDeliveries)
    .set({ nextAttemptAt: now + leaseMs })
    .where(and(eq(stepDeliveries.id, id), eq(stepDeliveries.status, 'pending'), sql`${stepDeliveries.nextAttemptAt} <= ${now}`))
    .returning({ id: stepDeliveries.id });
  return rows.length === 1;
}

export async function finishStepDelivery(
  db: Db,
  id: number,
  r: { status: 'sent' | 'pending' | 'failed'; attempts: number; nextAttemptAt: number; lastError: string | null; sentAt: number | null },
): Promise<void> {
  await db.update(stepDeliveries).set(r).where(eq(stepDeliveries.id, id));
}

/** The steps accepted in [from, to), oldest first, with their case's reference: the day's export. */
export async function acceptedStepsBetween(db: Db, from: number, to: number) {
  return db
    .select({ step: caseSteps, caseRef: cases.caseRef })
    .from(caseSteps)
    .innerJoin(cases, eq(cases.id, caseSteps.caseId))
    .where(and(eq(caseSteps.status, 'accepted'), sql`${caseSteps.decidedAt} >= ${from} AND ${caseSteps.decidedAt} < ${to}`))
    .orderBy(asc(caseSteps.decidedAt), asc(caseSteps.id));
}

export interface UndecidedStep {
  id: number;
  step: StepCode;
  reason: string;
  dueAt: number;
  caseRef: string;
}

/** Steps waiting for a person's decision, the soonest due first (at most `limit`), and how many wait and are overdue. */
export async function undecidedSteps(db: Db, now: number, limit: number): Promise<{ rows: UndecidedStep[]; total: number; overdue: number }> {
  const rows = await db
    .select({ id: caseSteps.id, step: caseSteps.step, reason: caseSteps.reason, dueAt: caseSteps.dueAt, caseRef: cases.caseRef })
    .from(caseSteps)
    .innerJoin(cases, eq(cases.id, caseSteps.caseId))
    .where(eq(caseSteps.status, 'proposed'))
    .orderBy(asc(caseSteps.dueAt), asc(caseSteps.id))
    .limit(limit);
  const [n] = await db.all<{ total: number; overdue: number }>(
    sql`SELECT count(*) AS total, coalesce(sum(due_at < ${now}), 0) AS overdue FROM case_steps WHERE status = 'proposed'`,
  );
  return { rows, total: Number(n?.total ?? 0), overdue: Number(n?.overdue ?? 0) };
}
