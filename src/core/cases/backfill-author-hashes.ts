// One-off back-fill: author hashes for mentions stored before mention_author_hashes existed (or while
// EARSHOT_SECRET_KEY was unset), so cases imported later find them too. Run a bounded slice at a time by the prune
// job, continuing where the last run stopped; mentions stored since are hashed at ingest, and hashing one again
// changes nothing.
import { backfillCursor, insertAuthorHashes, mentionAuthorsAfter, setBackfillCursor } from '../../../db/queries/author-hashes.ts';
import type { Deps } from '../deps.ts';
import { identifierHasher } from './identifiers.ts';
import { authorHashes, linkMentions } from './link-mentions.ts';

const CURSOR = 'mention_author_hashes';
const BATCH = 1000;
/** Mentions per run: a few seconds of hashing at most. */
export const BACKFILL_PER_RUN = 50_000;

/**
 * Hashes the authors of up to `limit` stored mentions after the cursor and links them to the cases holding those
 * hashes. Without EARSHOT_SECRET_KEY it does nothing (and the cursor stays, for when a key is set). Returns how many
 * mentions were read.
 */
export async function backfillAuthorHashes(deps: Pick<Deps, 'db' | 'clock' | 'config'>, limit = BACKFILL_PER_RUN): Promise<{ mentions: number }> {
  const hasher = await identifierHasher(deps.config.secretKey);
  if (!hasher) return { mentions: 0 };
  let cursor = await backfillCursor(deps.db, CURSOR);
  let done = 0;
  while (done < limit) {
    const rows = await mentionAuthorsAfter(deps.db, cursor, Math.min(BATCH, limit - done));
    if (rows.length === 0) break;
    const hashed = await Promise.all(rows.map(async (r) => ({ mentionId: r.id, hashes: await authorHashes(hasher, r.author) })));
    await insertAuthorHashes(deps.db, hashed);
    await linkMentions(
      deps,
      hashed.filter((h) => h.hashes.length).map((h) => h.mentionId),
    );
    cursor = rows[rows.length - 1]!.id;
    done += rows.length;
    await setBackfillCursor(deps.db, CURSOR, cursor, deps.clock.now());
  }
  return { mentions: done };
}
