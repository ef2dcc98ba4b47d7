import { findUserById } from '../../../db/queries/users.ts';
import { createApiToken } from '../../core/auth/accounts.ts';
import type { Deps } from '../../core/deps.ts';
import { notFound } from '../../core/errors.ts';
import { type Actor, authorize, readInput } from '../actor.ts';
import { NewToken, type NewTokenInput } from './schemas.ts';

/** Creates an API token for a user and returns it in clear: the only time it is ever visible. */
export async function createToken(deps: Deps, actor: Actor, userId: number, input: NewTokenInput): Promise<string> {
  authorize(actor, 'users:manage');
  const { name } = readInput(NewToken, input);
  if (!(await findUserById(deps.db, userId))) throw notFound('user');
  return createApiToken(deps, userId, name, { actorUserId: actor.id });
}
