import { pruneBefore } from '../db/queries/links.ts';
import { backfillAuthorHashes } from '../src/core/cases/backfill-author-hashes.ts';
import type { Deps } from '../src/core/deps.ts';
import type { JobReport } from './types.ts';

const DAY = 86_400_000;

/**
 * Retention: purges mentions, case links and audit entries older than EARSHOT_RETENTION_DAYS (unset: keeps all).
 * Then a slice of the author-hash back-fill (src/core/cases/backfill-author-hashes.ts; needs EARSHOT_SECRET_KEY).
 */
export async function prune(deps: Deps): Promise<JobReport> {
  const days = deps.config.retentionDays;
  const counts = days ? await pruneBefore(deps.db, deps.clock.now() - days * DAY) : { mentions: 0, case_links: 0, audit_entries: 0 };
  const backfill = await backfillAuthorHashes(deps);
  return { counts: { ...counts, author_hashes_backfilled: backfill.mentions } };
}
