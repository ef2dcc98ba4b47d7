import type { User } from '../../../db/schema/index.ts';
import { createUser } from '../../core/auth/accounts.ts';
import type { Deps } from '../../core/deps.ts';
import { type Actor, authorize, readInput } from '../actor.ts';
import { NewUser, type NewUserInput } from './schemas.ts';

/** Adds a user with a role; an e-mail address already in use is a CONFLICT. */
export async function createAccount(deps: Deps, actor: Actor, input: NewUserInput): Promise<User> {
  authorize(actor, 'users:manage');
  const body = readInput(NewUser, input);
  return createUser(deps, body, actor.id);
}
