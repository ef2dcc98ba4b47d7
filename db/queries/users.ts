import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { apiTokens, auditLog, sessions, users, type User } from '../schema/index.ts';
import type { Role } from '../schema/constants.ts';

export type AuthUser = Pick<User, 'id' | 'email' | 'name' | 'role'>;
const authColumns = { id: users.id, email: users.email, name: users.name, role: users.role };

export async function insertUser(
  db: Db,
  u: { email: string; name: string; role: Role; passwordHash: string | null; now: number },
): Promise<User> {
  const rows = await db
    .insert(users)
    .values({ email: u.email.toLowerCase(), name: u.name, role: u.role, passwordHash: u.passwordHash, createdAt: u.now })
    .returning();
  return rows[0]!;
}

export async function findUserByEmail(db: Db, email: string): Promise<User | null> {
  const rows = await db.select().from(users).where(eq(users.email, email.toLowerCase())).limit(1);
  return rows[0] ?? null;
}

export async function findUserById(db: Db, id: number): Promise<User | null> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row ?? null;
}

export async function listUsers(db: Db): Promise<AuthUser[]> {
  return db.select(authColumns).from(users).where(isNull(users.disabledAt)).orderBy(users.email);
}

export async function insertApiToken(db: Db, t: { userId: number; name: string; tokenHash: string; now: number }) {
  const rows = await db
    .insert(apiTokens)
    .values({ userId: t.userId, name: t.name, tokenHash: t.tokenHash, createdAt: t.now })
    .onConflictDoNothing()
    .returning({ id: apiTokens.id });
  return rows[0] ?? null;
}

/** The active user behind a token hash, or null when the token is unknown, revoked or its user disabled. */
export async function findUserByTokenHash(db: Db, tokenHash: string): Promise<AuthUser | null> {
  const rows = await db
    .select(authColumns)
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), isNull(users.disabledAt)))
    .limit(1);
  return rows[0] ?? null;
}

export async function insertSession(
  db: Db,
  s: { idHash: string; userId: number; csrfToken: string; now: number; expiresAt: number },
) {
  await db.insert(sessions).values({ ...s, createdAt: s.now });
}

export async function findSession(db: Db, idHash: string, now: number) {
  const rows = await db
    .select({ user: authColumns, csrfToken: sessions.csrfToken, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, now), isNull(users.disabledAt)))
    .limit(1);
  return rows[0] ?? null;
}

export async function deleteSession(db: Db, idHash: string) {
  await db.delete(sessions).where(eq(sessions.idHash, idHash));
}

export async function deleteExpiredSessions(db: Db, now: number) {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}

/** Audit entries carry ids and actions, never mention bodies or personal identifiers. */
export async function audit(
  db: Db,
  e: { at: number; actorUserId: number | null; action: string; target?: string; details?: Record<string, unknown> },
) {
  await db.insert(auditLog).values({
    at: e.at,
    actorUserId: e.actorUserId,
    action: e.action,
    target: e.target ?? null,
    details: e.details ?? null,
  });
}
