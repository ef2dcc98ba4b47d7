// Admins decide who gets in: a user's role, disabling a user (which ends their sessions and stops their tokens at
// once), and revoking API tokens. The CLI comes here as the system; the API and the dashboard through the user
// actions (src/actions/users), which first check who is asking. Every change is audited with ids, roles and token
// names, never a secret.
import { countOtherActiveAdmins, deleteSessionsOfUser, findUserById, getToken, revokeToken, setUserDisabled, setUserRole, type TokenRow } from '../../../db/queries/users.ts';
import type { Role } from '../../../db/schema/constants.ts';
import type { User } from '../../../db/schema/index.ts';
import { recordAudit } from '../audit.ts';
import type { Deps } from '../deps.ts';
import { badRequest, conflict, notFound } from '../errors.ts';

export interface UserChange {
  role?: Role;
  disabled?: boolean;
}

export async function changeUser(deps: Pick<Deps, 'db' | 'clock'>, userId: number, change: UserChange, actorUserId: number | null): Promise<User> {
  const user = await findUserById(deps.db, userId);
  if (!user) throw notFound('user');
  const losesAdmin = user.role === 'admin' && !user.disabledAt && (change.disabled === true || (change.role !== undefined && change.role !== 'admin'));
  if (losesAdmin && (await countOtherActiveAdmins(deps.db, user.id)) === 0) {
    throw conflict('this is the last active admin; make another user an admin first');
  }
  // A creditor login belongs to a party outside the company: no staff account becomes one, and none stops being one.
  if (change.role !== undefined && change.role !== user.role && (change.role === 'creditor' || user.role === 'creditor')) {
    throw badRequest('role: a creditor account cannot change role, and no other account can become one; create a creditor account instead');
  }
  const now = deps.clock.now();
  if (change.role !== undefined && change.role !== user.role) {
    await setUserRole(deps.db, user.id, change.role);
    await recordAudit(deps, actorUserId, 'user.role', { userId: user.id, from: user.role, to: change.role });
  }
  if (change.disabled === true && !user.disabledAt) {
    await setUserDisabled(deps.db, user.id, now);
    const sessionsEnded = await deleteSessionsOfUser(deps.db, user.id);
    await recordAudit(deps, actorUserId, 'user.disable', { userId: user.id, sessionsEnded });
  } else if (change.disabled === false && user.disabledAt) {
    await setUserDisabled(deps.db, user.id, null);
    await recordAudit(deps, actorUserId, 'user.enable', { userId: user.id });
  }
  return (await findUserById(deps.db, user.id))!;
}

/** Revokes a token at once; revoking a revoked token changes nothing. */
export async function revokeApiToken(deps: Pick<Deps, 'db' | 'clock'>, tokenId: number, actorUserId: number | null): Promise<TokenRow> {
  const token = await getToken(deps.db, tokenId);
  if (!token) throw notFound('token');
  if (token.revokedAt) return token;
  const now = deps.clock.now();
  await revokeToken(deps.db, token.id, now);
  await recordAudit(deps, actorUserId, 'token.revoke', { userId: token.userId, tokenId: token.id, name: token.name });
  return { ...token, revokedAt: now };
}
