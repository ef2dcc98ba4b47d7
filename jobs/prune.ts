import { mergeSearchIndex, pruneBefore } from '../db/queries/retention.ts';
import { prunePolls, SOURCE_POLL_DAYS } from '../db/queries/source-polls.ts';
import { backfillAuthorHashes } from '../src/core/cases/backfill-author-hashes.ts';
import { AUTHOR_KEYS_PER_RUN, fillAuthorKeys } from '../src/core/cases/erase.ts';
import type { Deps } from '../src/core/deps.ts';
import type { JobReport } from './types.ts';
import { DAY_MS } from '../src/core/time/durations.ts';

/**
 * Retention: purges mentions, case links and audit entries older than EARSHOT_RETENTION_DAYS (unset: keeps all).
 * Then a slice of the author-hash back-fill (src/core/cases/backfill-author-hashes.ts; needs EARSHOT_SECRET_KEY)
 * and of the author keys of mentions stored before migration 0010 (erase.ts), and the record of source polls older
 * than SOURCE_POLL_DAYS. Last, the search index is merged.
 */
export async function prune(deps: Deps): Promise<JobReport> {
  const days = deps.config.retentionDays;
  const counts = days ? await pruneBefore(deps.db, deps.clock.now() - days * DAY_MS) : { mentions: 0, case_links: 0, audit_entries: 0 };
  const backfill = await backfillAuthorHashes(deps);
  const keys = await fillAuthorKeys(deps, AUTHOR_KEYS_PER_RUN);
  const polls = await prunePolls(deps.db, deps.clock.now() - SOURCE_POLL_DAYS * DAY_MS);
  await mergeSearchIndex(deps.db);
  return { counts: { ...counts, author_hashes_backfilled: backfill.mentions, author_keys_filled: keys.mentions, source_polls_removed: polls } };
}
