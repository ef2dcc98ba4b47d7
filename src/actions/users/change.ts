import type { User } from '../../../db/schema/index.ts';
import { changeUser } from '../../core/auth/manage-users.ts';
import type { Deps } from '../../core/deps.ts';
import { type Actor, authorize, readInput } from '../actor.ts';
import { UserChangeSchema, type UserChangeInput } from './schemas.ts';

/**
 * Gives a user another role, or disables them (their sessions end, their tokens stop) or enables them; each change
 * is audited. The last active admin cannot lose their role or be disabled (a CONFLICT).
 */
export async function changeAccount(deps: Deps, actor: Actor, userId: number, input: UserChangeInput): Promise<User> {
  authorize(actor, 'users:manage');
  const change = readInput(UserChangeSchema, input);
  return changeUser(deps, userId, change, actor.id);
}
