// Who gets the weekly digest, when, and what became of each send (one row per address and ISO week).
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { digestRecipients, digestSends, digestSettings, type DigestRecipient, type DigestSend } from '../schema/index.ts';
import type { StaffRole } from '../schema/constants.ts';

export async function getDigestSettings(db: Db) {
  const [row] = await db.select().from(digestSettings).where(eq(digestSettings.id, 1));
  return row ?? null;
}

export async function saveDigestSettings(db: Db, s: { cron: string; timeZone: string; sender: string | null; enabled: boolean; now: number }) {
  const values = { cron: s.cron, timeZone: s.timeZone, sender: s.sender, enabled: s.enabled, updatedAt: s.now };
  const [row] = await db
    .insert(digestSettings)
    .values({ id: 1, ...values })
    .onConflictDoUpdate({ target: digestSettings.id, set: values })
    .returning();
  return row!;
}

export async function listRecipients(db: Db) {
  return db.select().from(digestRecipients).orderBy(asc(digestRecipients.email));
}

export async function getRecipient(db: Db, id: number) {
  const [row] = await db.select().from(digestRecipients).where(eq(digestRecipients.id, id));
  return row ?? null;
}

export async function recipientByEmail(db: Db, email: string): Promise<DigestRecipient | null> {
  const [row] = await db.select().from(digestRecipients).where(eq(digestRecipients.email, email.toLowerCase()));
  return row ?? null;
}

export async function insertRecipient(db: Db, r: { email: string; name: string | null; role: StaffRole; timeZone: string; language: string; enabled: boolean; now: number }) {
  const [row] = await db
    .insert(digestRecipients)
    .values({ email: r.email.toLowerCase(), name: r.name, role: r.role, timeZone: r.timeZone, language: r.language, enabled: r.enabled, createdAt: r.now, updatedAt: r.now })
    .onConflictDoNothing({ target: digestRecipients.email })
    .returning();
  return row ?? null;
}

export async function updateRecipient(db: Db, id: number, set: Partial<Pick<DigestRecipient, 'name' | 'role' | 'timeZone' | 'language' | 'enabled'>>, now: number) {
  const [row] = await db
    .update(digestRecipients)
    .set({ ...set, updatedAt: now })
    .where(eq(digestRecipients.id, id))
    .returning();
  return row ?? null;
}

export async function deleteRecipient(db: Db, id: number): Promise<boolean> {
  return (await db.delete(digestRecipients).where(eq(digestRecipients.id, id)).returning({ id: digestRecipients.id })).length > 0;
}

/** Pending send rows for these addresses and weeks, where none exists yet (a sent or failed one stays as it is). */
export async function ensureSends(db: Db, rows: { email: string; week: string; role: StaffRole }[], now: number): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(digestSends)
    .values(rows.map((r) => ({ email: r.email, week: r.week, role: r.role, status: 'pending' as const, attempts: 0, nextAttemptAt: now, createdAt: now })))
    .onConflictDoNothing({ target: [digestSends.email, digestSends.week] });
}

export async function getSend(db: Db, email: string, week: string): Promise<DigestSend | null> {
  const [row] = await db
    .select()
    .from(digestSends)
    .where(and(eq(digestSends.email, email), eq(digestSends.week, week)));
  return row ?? null;
}

/** A send to do again from the start (`--force`): pending, due now, attempts kept for the record. */
export async function resetSend(db: Db, id: number, role: StaffRole, now: number): Promise<void> {
  await db.update(digestSends).set({ status: 'pending', role, nextAttemptAt: now, lastError: null }).where(eq(digestSends.id, id));
}

export async function dueSends(db: Db, now: number, limit: number): Promise<DigestSend[]> {
  return db
    .select()
    .from(digestSends)
    .where(and(eq(digestSends.status, 'pending'), sql`${digestSends.nextAttemptAt} <= ${now}`))
    .orderBy(asc(digestSends.nextAttemptAt), asc(digestSends.id))
    .limit(limit);
}

/** Takes a due send for this run (its next attempt pushed `leaseMs` ahead); false when another run took it. */
export async function claimSend(db: Db, id: number, now: number, leaseMs: number): Promise<boolean> {
  const rows = await db
    .update(digestSends)
    .set({ nextAttemptAt: now + leaseMs })
    .where(and(eq(digestSends.id, id), eq(digestSends.status, 'pending'), sql`${digestSends.nextAttemptAt} <= ${now}`))
    .returning({ id: digestSends.id });
  return rows.length === 1;
}

export async function finishSend(
  db: Db,
  id: number,
  r: { status: 'sent' | 'pending' | 'failed'; attempts: number; nextAttemptAt: number; lastError: string | null; sentAt: number | null; messageId: string | null },
): Promise<void> {
  await db.update(digestSends).set(r).where(eq(digestSends.id, id));
}

export async function sendsOfWeek(db: Db, week: string): Promise<DigestSend[]> {
  return db.select().from(digestSends).where(eq(digestSends.week, week)).orderBy(asc(digestSends.email));
}

/** The latest sends, newest first, for the digest page's history. */
export async function recentSends(db: Db, limit = 30): Promise<DigestSend[]> {
  return db.select().from(digestSends).orderBy(desc(digestSends.createdAt), desc(digestSends.id)).limit(limit);
}
