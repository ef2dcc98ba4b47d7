import { pruneBefore } from '../db/queries/links.ts';
import type { Deps } from '../src/core/deps.ts';
import type { JobReport } from './types.ts';

const DAY = 86_400_000;

/** Retention: purges mentions, case links and audit entries older than EARSHOT_RETENTION_DAYS (unset: keeps all). */
export async function prune(deps: Deps): Promise<JobReport> {
  const days = deps.config.retentionDays;
  if (!days) return { counts: { mentions: 0, case_links: 0, audit_entries: 0 } };
  return { counts: await pruneBefore(deps.db, deps.clock.now() - days * DAY) };
}
