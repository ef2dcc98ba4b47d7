import type { TokenRow } from '../../../db/queries/users.ts';
import { revokeApiToken } from '../../core/auth/manage-users.ts';
import type { Deps } from '../../core/deps.ts';
import { type Actor, authorize } from '../actor.ts';

/** Revokes an API token at once; revoking a revoked token changes nothing and records nothing. */
export async function revokeToken(deps: Deps, actor: Actor, tokenId: number): Promise<TokenRow> {
  authorize(actor, 'users:manage');
  return revokeApiToken(deps, tokenId, actor.id);
}
