// The queue of alert notifications: deliveries that are due, taken by one run at a time, and their outcome.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { alertDeliveries, alerts, notificationChannels } from '../schema/index.ts';

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
