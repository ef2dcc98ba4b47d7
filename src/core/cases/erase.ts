// Erasure on request: a case (its identifiers, links, actions and the case itself) or an author (their hashed
// identifiers on every case, the links of their mentions and their stored mentions), with what staff wrote about
// them on alerts. What happened is written to the audit log as counts, never with the erased data.
import { caseByRef } from '../../../db/queries/case-view.ts';
import { eraseAuthor, eraseCase, mentionAuthorsWithoutKey, setAuthorKeys } from '../../../db/queries/erasure.ts';
import { recordAudit } from '../audit.ts';
import type { Deps } from '../deps.ts';
import { badRequest, notFound } from '../errors.ts';
import { authorKey } from '../ingest/author-key.ts';
import { identifierHasher, normaliseIdentifier } from './identifiers.ts';

type EraseDeps = Pick<Deps, 'db' | 'clock' | 'checkpointWal'>;

export async function eraseCaseByRef(deps: EraseDeps, ref: string, actorUserId: number | null) {
  const c = await caseByRef(deps.db, ref);
  if (!c) throw notFound('case');
  const erased = await eraseCase(deps.db, c.id);
  // The reference is the collector's own key, not a debtor identifier; it says which request was carried out.
  await recordAudit(deps, actorUserId, 'case.erase', { caseRef: ref, erased });
  await deps.checkpointWal?.();
  return erased;
}

const KEY_BATCH = 1000;
/** Mentions per prune run: a second or two of work. */
export const AUTHOR_KEYS_PER_RUN = 50_000;

/**
 * Gives mentions stored before author keys existed (migration 0010) their key, `limit` at most, a batch at a time.
 * The prune job does a slice a day; erasure finishes it first. Returns how many keys were written.
 */
export async function fillAuthorKeys(deps: Pick<Deps, 'db'>, limit = Infinity): Promise<{ mentions: number }> {
  let after = 0;
  let read = 0;
  let filled = 0;
  while (read < limit) {
    const rows = await mentionAuthorsWithoutKey(deps.db, after, Math.min(KEY_BATCH, limit - read));
    if (rows.length === 0) break;
    const keyed = rows.flatMap((r) => {
      const key = authorKey(r.author);
      return key ? [{ id: r.id, key }] : [];
    });
    await setAuthorKeys(deps.db, keyed);
    filled += keyed.length;
    read += rows.length;
    after = rows[rows.length - 1]!.id;
  }
  return { mentions: filled };
}

/**
 * Erases an author by any name a source delivers (a handle, a display name, an e-mail address), compared by its
 * author key (NFC, Unicode case-folded, no leading "@"): their mentions, and the handle's and e-mail's keyed hashes
 * from every case. Without EARSHOT_SECRET_KEY no identifier can be matched, so only mentions and what hangs on
 * them go. The audit entry holds counts only.
 */
export async function eraseAuthorByName(deps: EraseDeps & Pick<Deps, 'config'>, author: string, actorUserId: number | null) {
  const key = authorKey(author);
  if (!key) throw badRequest('author: give the handle, name or e-mail address the author writes under');
  await fillAuthorKeys(deps);
  const hasher = await identifierHasher(deps.config.secretKey);
  const hashes: string[] = [];
  if (hasher) {
    for (const kind of ['handle', 'email'] as const) {
      const value = normaliseIdentifier(kind, author);
      if (value) hashes.push(await hasher(kind, value));
    }
  }
  const erased = await eraseAuthor(deps.db, { key, hashes, email: normaliseIdentifier('email', author) });
  await recordAudit(deps, actorUserId, 'author.erase', { erased });
  await deps.checkpointWal?.();
  return erased;
}
