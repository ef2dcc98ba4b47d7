// Admins decide who gets in: a user's role, disabling a user (which ends their sessions and stops their tokens at
// once), and revoking API tokens. The CLI, the API and the dashboard all come here. Every change is audited with
// ids, roles and token names, never a secret.
import {
  audit,
  countOtherActiveAdmins,
  deleteSessionsOfUser,
  findUserById,
  getToken,
  revokeToken,
  setUserDisabled,
  setUserRole,
  type TokenRow,
} from '../../../db/queries/users.ts';
import type { Role } from '../../../db/schema/constants.ts';
import type { User } from '../../../db/schema/index.ts';
import type { Deps } from '../deps.ts';
import { conflict, notFound } from '../errors.ts';

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
  const now = deps.clock.now();
  const target = `user:${user.id}`;
  if (change.role !== undefined && change.role !== user.role) {
    await setUserRole(deps.db, user.id, change.role);
    await audit(deps.db, { at: now, actorUserId, action: 'user.role', target, details: { from: user.role, to: change.role } });
  }
  if (change.disabled === true && !user.disabledAt) {
    await setUserDisabled(deps.db, user.id, now);
    const sessionsEnded = await deleteSessionsOfUser(deps.db, user.id);
    await audit(deps.db, { at: now, actorUserId, action: 'user.disable', target, details: { sessions_ended: sessionsEnded } });
  } else if (change.disabled === false && user.disabledAt) {
    await setUserDisabled(deps.db, user.id, null);
    await audit(deps.db, { at: now, actorUserId, action: 'user.enable', target });
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
  await audit(deps.db, { at: now, actorUserId, action: 'token.revoke', target: `user:${token.userId}`, details: { token_id: token.id, name: token.name } });
  return { ...token, revokedAt: now };
}
