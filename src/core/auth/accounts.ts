import { creditorHasCases } from '../../../db/queries/creditors.ts';
import type { Role } from '../../../db/schema/constants.ts';
import {
  deleteSession,
  findSession,
  findActiveToken,
  findTokenByHash,
  findUserByEmail,
  insertApiToken,
  markTokenUsed,
  revokeTokensNamed,
  insertSession,
  insertUser,
  type AuthUser,
} from '../../../db/queries/users.ts';
import { recordAudit } from '../audit.ts';
import type { Deps } from '../deps.ts';
import { AppError, badRequest, conflict } from '../errors.ts';
import { clearAccount, lockedFor, recordFailure, throttleKeys } from './login-throttle.ts';
import { randomSecret, sha256Hex } from '../crypto.ts';
import { HOUR_MS } from '../time/durations.ts';

/** Token prefix makes a leaked Earshot token recognisable to secret scanners. */
const TOKEN_PREFIX = 'esk_';

export async function createUser(
  deps: Pick<Deps, 'db' | 'clock' | 'passwords'>,
  u: { email: string; name?: string; role: Role; creditor?: string | null; password?: string | null },
  actorUserId: number | null = null,
) {
  // A creditor user sees one creditor's figures, so names one that cases name; no one else names any.
  const creditor = u.role === 'creditor' ? u.creditor?.trim() : undefined;
  if (u.role === 'creditor' && !creditor) throw badRequest('creditor: a creditor account names its creditor');
  if (u.role !== 'creditor' && u.creditor) throw badRequest('creditor: only a creditor account names a creditor');
  if (creditor && !(await creditorHasCases(deps.db, creditor))) throw badRequest('creditor: no case names this creditor');
  if (await findUserByEmail(deps.db, u.email)) throw conflict(`a user with that e-mail already exists`);
  const passwordHash = u.password ? await deps.passwords.hash(u.password) : null;
  const now = deps.clock.now();
  const user = await insertUser(deps.db, { email: u.email, name: u.name ?? u.email, role: u.role, creditor: creditor ?? null, passwordHash, now });
  await recordAudit(deps, actorUserId, 'user.create', { userId: user.id, role: u.role, ...(creditor && { creditor }) });
  return user;
}

/**
 * Creates an API token and returns it in clear; this is the only time it is ever visible. `token` is a given value
 * (EARSHOT_ADMIN_TOKEN) instead of a new one; `actorUserId` is who created it, by default the token's own user.
 */
export async function createApiToken(
  deps: Pick<Deps, 'db' | 'clock'>,
  userId: number,
  name: string,
  { token = TOKEN_PREFIX + randomSecret(), actorUserId = userId }: { token?: string; actorUserId?: number | null } = {},
): Promise<string> {
  await insertApiToken(deps.db, { userId, name, tokenHash: sha256Hex(token), now: deps.clock.now() });
  await recordAudit(deps, actorUserId, 'token.create', { userId, name });
  return token;
}

const ADMIN_TOKEN_NAME = 'EARSHOT_ADMIN_TOKEN';

/**
 * Makes `token` (EARSHOT_ADMIN_TOKEN) the admin token: creates the admin user and token once. A changed value
 * revokes the previous one, so rotating the setting locks the old token out; a value an admin revoked stays revoked.
 */
export async function ensureAdminToken(deps: Pick<Deps, 'db' | 'clock' | 'passwords' | 'log'>, token: string): Promise<void> {
  const known = await findTokenByHash(deps.db, sha256Hex(token));
  if (known && !known.revokedAt) return;
  const email = 'admin@earshot.local';
  const user = (await findUserByEmail(deps.db, email)) ?? (await createUser(deps, { email, name: 'Administrator', role: 'admin' }));
  const now = deps.clock.now();
  for (const id of await revokeTokensNamed(deps.db, user.id, ADMIN_TOKEN_NAME, now)) {
    await recordAudit(deps, null, 'token.revoke', { userId: user.id, tokenId: id, name: ADMIN_TOKEN_NAME, reason: 'EARSHOT_ADMIN_TOKEN changed' });
    deps.log.info('EARSHOT_ADMIN_TOKEN changed: the previous admin token is revoked', { token_id: id });
  }
  if (known) {
    deps.log.warn('EARSHOT_ADMIN_TOKEN has been revoked; set a new value to have an admin token again');
    return;
  }
  await createApiToken(deps, user.id, ADMIN_TOKEN_NAME, { token });
}

/** The active user behind an API token, or null. Notes when the token was used, to the minute (not a write per request). */
export async function userForToken(deps: Pick<Deps, 'db' | 'clock'>, token: string): Promise<AuthUser | null> {
  if (!token) return null;
  const found = await findActiveToken(deps.db, sha256Hex(token));
  if (!found) return null;
  const now = deps.clock.now();
  if (found.lastUsedAt === null || now - found.lastUsedAt >= 60_000) await markTokenUsed(deps.db, found.tokenId, now);
  return found.user;
}

/** Too many failed logins for this account or address: nothing is checked until the lock ends. */
export class LoginLocked extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super('RATE_LIMITED', `Too many failed logins. Try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s).`);
  }
}

const dummyHashes = new WeakMap<object, Promise<string>>();

/**
 * Checks a password and opens a session; null for a wrong one. Unknown e-mail and wrong password look the same
 * to the caller. Throws LoginLocked while the account or the client `address` is locked (login-throttle.ts).
 */
export async function login(deps: Pick<Deps, 'db' | 'clock' | 'config' | 'passwords'>, email: string, password: string, address: string | null = null) {
  const keys = await throttleKeys(email, address);
  const lockedMs = await lockedFor(deps, keys);
  if (lockedMs > 0) throw new LoginLocked(Math.ceil(lockedMs / 1000));
  const user = await findUserByEmail(deps.db, email);
  // Unknown users still cost one hash, so response time does not reveal which e-mails have accounts.
  const dummy = dummyHashes.get(deps.passwords) ?? dummyHashes.set(deps.passwords, deps.passwords.hash(randomSecret())).get(deps.passwords)!;
  const ok = await deps.passwords.verify(password, user?.passwordHash ?? (await dummy));
  const allowed = ok && !!user?.passwordHash && !user.disabledAt;
  const now = deps.clock.now();
  if (!user || !allowed) {
    await recordAudit(deps, user?.id ?? null, 'login.failed');
    await recordFailure(deps, keys, user?.id ?? null);
    return null;
  }
  await clearAccount(deps, keys);
  const secret = randomSecret();
  const csrfToken = randomSecret(18);
  const expiresAt = now + deps.config.sessionHours * HOUR_MS;
  await insertSession(deps.db, { idHash: sha256Hex(secret), userId: user.id, csrfToken, now, expiresAt });
  await recordAudit(deps, user.id, 'login');
  return { secret, csrfToken, expiresAt, user };
}

export async function sessionFor(deps: Pick<Deps, 'db' | 'clock'>, secret: string) {
  if (!secret) return null;
  return findSession(deps.db, sha256Hex(secret), deps.clock.now());
}

export async function logout(deps: Pick<Deps, 'db'>, secret: string) {
  await deleteSession(deps.db, sha256Hex(secret));
}
