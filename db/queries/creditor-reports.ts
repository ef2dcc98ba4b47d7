// The monthly creditor reports' sends: one row per creditor user and month, claimed before sending so two runs never
// send one twice.
import { and, asc, eq, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { creditorReportSends, type CreditorReportSend, users } from '../schema/index.ts';

/** Active creditor users (those with a creditor), to send a month's report to. */
export async function activeCreditorUsers(db: Db): Promise<{ id: number; email: string; creditor: string }[]> {
  const rows = await db
    .select({ id: users.id, email: users.email, creditor: users.creditor })
    .from(users)
    .where(and(eq(users.role, 'creditor'), isNull(users.disabledAt), isNotNull(users.creditor)))
    .orderBy(asc(users.id));
  return rows.map((r) => ({ ...r, creditor: r.creditor! }));
}

/** Queues the month's report for each user once: an existing row (sent or not) is left as it is. */
export async function ensureReportSends(db: Db, userIds: number[], month: string, now: number): Promise<void> {
  if (!userIds.length) return;
  await db
    .insert(creditorReportSends)
    .values(userIds.map((userId) => ({ userId, month, status: 'pending' as const, nextAttemptAt: now, createdAt: now })))
    .onConflictDoNothing();
}

export async function dueReportSends(db: Db, now: number, limit: number): Promise<CreditorReportSend[]> {
  return db
    .select()
    .from(creditorReportSends)
    .where(and(eq(creditorReportSends.status, 'pending'), lte(creditorReportSends.nextAttemptAt, now)))
    .orderBy(asc(creditorReportSends.nextAttemptAt))
    .limit(limit);
}

/** Takes a due send for `leaseMs`: false when another run has it. */
export async function claimReportSend(db: Db, id: number, now: number, leaseMs: number): Promise<boolean> {
  const rows = await db
    .update(creditorReportSends)
    .set({ nextAttemptAt: now + leaseMs })
    .where(and(eq(creditorReportSends.id, id), eq(creditorReportSends.status, 'pending'), sql`${creditorReportSends.nextAttemptAt} <= ${now}`))
    .returning({ id: creditorReportSends.id });
  return rows.length === 1;
}

export async function finishReportSend(
  db: Db,
  id: number,
  r: { status: 'sent' | 'pending' | 'failed'; attempts: number; nextAttemptAt: number; lastError: string | null; sentAt: number | null },
): Promise<void> {
  await db.update(creditorReportSends).set(r).where(eq(creditorReportSends.id, id));
}

export async function reportSendsOf(db: Db, month: string): Promise<CreditorReportSend[]> {
  return db.select().from(creditorReportSends).where(eq(creditorReportSends.month, month)).orderBy(asc(creditorReportSends.userId));
}
