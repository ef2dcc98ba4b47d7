import type { Role } from '../../../db/schema/constants.ts';
import {
  audit,
  deleteSession,
  findSession,
  findUserByEmail,
  findUserByTokenHash,
  insertApiToken,
  insertSession,
  insertUser,
  type AuthUser,
} from '../../../db/queries/users.ts';
import type { Deps } from '../deps.ts';
import { conflict } from '../errors.ts';
import { randomSecret, sha256Hex } from '../crypto.ts';
import { hashPassword, verifyPassword } from './password.ts';

let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= hashPassword(randomSecret()));

/** Token prefix makes a leaked Earshot token recognisable to secret scanners. */
const TOKEN_PREFIX = 'esk_';

export async function createUser(
  deps: Pick<Deps, 'db' | 'clock'>,
  u: { email: string; name?: string; role: Role; password?: string | null },
  actorUserId: number | null = null,
) {
  if (await findUserByEmail(deps.db, u.email)) throw conflict(`a user with that e-mail already exists`);
  const passwordHash = u.password ? await hashPassword(u.password) : null;
  const now = deps.clock.now();
  const user = await insertUser(deps.db, { email: u.email, name: u.name ?? u.email, role: u.role, passwordHash, now });
  await audit(deps.db, { at: now, actorUserId, action: 'user.create', target: `user:${user.id}`, details: { role: u.role } });
  return user;
}

/** Creates an API token and returns it in clear; this is the only time it is ever visible. */
export async function createApiToken(
  deps: Pick<Deps, 'db' | 'clock'>,
  userId: number,
  name: string,
  token: string = TOKEN_PREFIX + randomSecret(),
): Promise<string> {
  const now = deps.clock.now();
  await insertApiToken(deps.db, { userId, name, tokenHash: await sha256Hex(token), now });
  await audit(deps.db, { at: now, actorUserId: userId, action: 'token.create', target: `user:${userId}`, details: { name } });
  return token;
}

/** Makes sure `token` is a working admin token (EARSHOT_ADMIN_TOKEN): creates the admin user and token once. */
export async function ensureAdminToken(deps: Pick<Deps, 'db' | 'clock'>, token: string): Promise<void> {
  if (await findUserByTokenHash(deps.db, await sha256Hex(token))) return;
  const email = 'admin@earshot.local';
  const user = (await findUserByEmail(deps.db, email)) ?? (await createUser(deps, { email, name: 'Administrator', role: 'admin' }));
  await createApiToken(deps, user.id, 'EARSHOT_ADMIN_TOKEN', token);
}

export async function userForToken(deps: Pick<Deps, 'db'>, token: string): Promise<AuthUser | null> {
  if (!token) return null;
  return findUserByTokenHash(deps.db, await sha256Hex(token));
}

/** Checks a password and opens a session. Unknown e-mail and wrong password look the same to the caller. */
export async function login(deps: Pick<Deps, 'db' | 'clock' | 'config'>, email: string, password: string) {
  const user = await findUserByEmail(deps.db, email);
  // Unknown users still cost one hash, so response time does not reveal which e-mails have accounts.
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  const allowed = ok && !!user?.passwordHash && !user.disabledAt;
  const now = deps.clock.now();
  if (!user || !allowed) {
    await audit(deps.db, { at: now, actorUserId: user?.id ?? null, action: 'login.failed' });
    return null;
  }
  const secret = randomSecret();
  const csrfToken = randomSecret(18);
  const expiresAt = now + deps.config.sessionHours * 3_600_000;
  await insertSession(deps.db, { idHash: await sha256Hex(secret), userId: user.id, csrfToken, now, expiresAt });
  await audit(deps.db, { at: now, actorUserId: user.id, action: 'login' });
  return { secret, csrfToken, expiresAt, user };
}

export async function sessionFor(deps: Pick<Deps, 'db' | 'clock'>, secret: string) {
  if (!secret) return null;
  return findSession(deps.db, await sha256Hex(secret), deps.clock.now());
}

export async function logout(deps: Pick<Deps, 'db'>, secret: string) {
  await deleteSession(deps.db, await sha256Hex(secret));
}
