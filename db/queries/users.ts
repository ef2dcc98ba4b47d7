import { and, eq, gt, isNull, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { apiTokens, auditLog, sessions, users, type ApiToken, type User } from '../schema/index.ts';
import type { Role } from '../schema/constants.ts';

export type AuthUser = Pick<User, 'id' | 'email' | 'name' | 'role' | 'creditor'>;
const authColumns = { id: users.id, email: users.email, name: users.name, role: users.role, creditor: users.creditor };

export async function insertUser(db: Db, u: { email: string; name: string; role: Role; creditor?: string | null; passwordHash: string | null; now: number }): Promise<User> {
  const rows = await db
    .insert(users)
    .values({ email: u.email.toLowerCase(), name: u.name, role: u.role, creditor: u.creditor ?? null, passwordHash: u.passwordHash, createdAt: u.now })
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

export type AccountRow = AuthUser & Pick<User, 'createdAt' | 'disabledAt'> & { lastUsedAt: number | null };

/** Every account (or one), disabled ones too, with when it was last used: its latest login or API call. */
export async function listAccounts(db: Db, id?: number): Promise<AccountRow[]> {
  const lastUsedAt = sql<number | null>`(SELECT max(at) FROM (
    SELECT max(${auditLog.at}) AS at FROM ${auditLog} WHERE ${auditLog.actorUserId} = ${users.id} AND ${auditLog.action} = 'login'
    UNION ALL SELECT max(${apiTokens.lastUsedAt}) FROM ${apiTokens} WHERE ${apiTokens.userId} = ${users.id}))`;
  return db
    .select({ ...authColumns, createdAt: users.createdAt, disabledAt: users.disabledAt, lastUsedAt })
    .from(users)
    .where(id === undefined ? undefined : eq(users.id, id))
    .orderBy(users.email);
}

export async function setUserRole(db: Db, id: number, role: Role) {
  await db.update(users).set({ role }).where(eq(users.id, id));
}

/** `at` disables the user (from then on no session or token of theirs is accepted); null enables them. */
export async function setUserDisabled(db: Db, id: number, at: number | null) {
  await db.update(users).set({ disabledAt: at }).where(eq(users.id, id));
}

/** Active admins other than `exceptUserId`: a change must never leave a workspace without one. */
export async function countOtherActiveAdmins(db: Db, exceptUserId: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(users)
    .where(and(eq(users.role, 'admin'), isNull(users.disabledAt), ne(users.id, exceptUserId)));
  return Number(row?.n ?? 0);
}

export async function insertApiToken(db: Db, t: { userId: number; name: string; tokenHash: string; now: number }) {
  const rows = await db
    .insert(apiTokens)
    .values({ userId: t.userId, name: t.name, tokenHash: t.tokenHash, createdAt: t.now })
    .onConflictDoNothing()
    .returning({ id: apiTokens.id });
  return rows[0] ?? null;
}

/** The token behind a hash and its active user, or null when the token is unknown, revoked or its user disabled. */
export async function findActiveToken(db: Db, tokenHash: string): Promise<{ tokenId: number; lastUsedAt: number | null; user: AuthUser } | null> {
  const rows = await db
    .select({ tokenId: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt, user: authColumns })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), isNull(users.disabledAt)))
    .limit(1);
  return rows[0] ?? null;
}

/** The token behind a hash whatever its state (revoked tokens included). */
export async function findTokenByHash(db: Db, tokenHash: string): Promise<ApiToken | null> {
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.tokenHash, tokenHash)).limit(1);
  return row ?? null;
}

export async function markTokenUsed(db: Db, id: number, now: number) {
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, id));
}

/** A token as people see it: never its hash. */
export type TokenRow = Omit<ApiToken, 'tokenHash'> & { userEmail: string };
const tokenColumns = {
  id: apiTokens.id,
  userId: apiTokens.userId,
  userEmail: users.email,
  name: apiTokens.name,
  createdAt: apiTokens.createdAt,
  lastUsedAt: apiTokens.lastUsedAt,
  revokedAt: apiTokens.revokedAt,
};

export async function listTokens(db: Db, userId?: number): Promise<TokenRow[]> {
  return db
    .select(tokenColumns)
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(userId === undefined ? undefined : eq(apiTokens.userId, userId))
    .orderBy(users.email, apiTokens.id);
}

export async function getToken(db: Db, id: number): Promise<TokenRow | null> {
  const [row] = await db.select(tokenColumns).from(apiTokens).innerJoin(users, eq(users.id, apiTokens.userId)).where(eq(apiTokens.id, id));
  return row ?? null;
}

/** Revokes the user's live tokens of that name; returns the ids it revoked. */
export async function revokeTokensNamed(db: Db, userId: number, name: string, now: number): Promise<number[]> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.userId, userId), eq(apiTokens.name, name), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.map((r) => r.id);
}

export async function revokeToken(db: Db, id: number, now: number) {
  await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)));
}

export async function insertSession(db: Db, s: { idHash: string; userId: number; csrfToken: string; now: number; expiresAt: number }) {
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

/** Ends every session of a user; returns how many there were. */
export async function deleteSessionsOfUser(db: Db, userId: number): Promise<number> {
  const rows = await db.delete(sessions).where(eq(sessions.userId, userId)).returning({ idHash: sessions.idHash });
  return rows.length;
}

export async function deleteExpiredSessions(db: Db, now: number) {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}

/** Audit entries carry ids and actions, never mention bodies or personal identifiers. */
export async function audit(db: Db, e: { at: number; actorUserId: number | null; action: string; target?: string; details?: Record<string, unknown> }) {
  await db.insert(auditLog).values({
    at: e.at,
    actorUserId: e.actorUserId,
    action: e.action,
    target: e.target ?? null,
    details: e.details ?? null,
  });
}
