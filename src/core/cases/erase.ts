// Erasure on request: a case (its identifiers, links, actions and the case itself) or an author (their hashed
// identifiers on every case, the links of their mentions and their stored mentions). What happened is written
// to the audit log as counts, never with the erased data.
import { caseByRef, eraseAuthor, eraseCase } from '../../../db/queries/links.ts';
import { audit } from '../../../db/queries/users.ts';
import type { Deps } from '../deps.ts';
import { badRequest, notFound } from '../errors.ts';
import { identifierHasher, normaliseIdentifier } from './identifiers.ts';

export async function eraseCaseByRef(deps: Pick<Deps, 'db' | 'clock'>, ref: string, actorUserId: number | null) {
  const c = await caseByRef(deps.db, ref);
  if (!c) throw notFound('case');
  const erased = await eraseCase(deps.db, c.id);
  // The reference is the collector's own key, not a debtor identifier; it says which request was carried out.
  await audit(deps.db, { at: deps.clock.now(), actorUserId, action: 'case.erase', target: `case:${ref}`, details: { erased } });
  return erased;
}

/**
 * Erases an author by handle: the handle's (and, when the author looks like an e-mail address, the e-mail's)
 * keyed hash from every case, the links of the author's mentions and the mentions. Without EARSHOT_SECRET_KEY no
 * identifier can be matched, so only mentions and their links go. The audit entry holds counts only.
 */
export async function eraseAuthorByHandle(deps: Pick<Deps, 'db' | 'clock' | 'config'>, author: string, actorUserId: number | null) {
  const handle = normaliseIdentifier('handle', author) ?? normaliseIdentifier('email', author);
  if (!handle) throw badRequest('author: not a handle or e-mail address');
  const hasher = await identifierHasher(deps.config.secretKey);
  const hashes: string[] = [];
  if (hasher) {
    for (const kind of ['handle', 'email'] as const) {
      const value = normaliseIdentifier(kind, author);
      if (value) hashes.push(await hasher(kind, value));
    }
  }
  const erased = await eraseAuthor(deps.db, { handle, hashes });
  await audit(deps.db, { at: deps.clock.now(), actorUserId, action: 'author.erase', target: 'author', details: { erased } });
  return erased;
}
