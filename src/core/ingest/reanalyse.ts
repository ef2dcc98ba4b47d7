import { runBatch } from '../../../db/client.ts';
import { countToReanalyse, mentionsToReanalyse, replaceAnalysesStatements } from '../../../db/queries/mentions.ts';
import type { Deps } from '../deps.ts';

export interface ReanalyseProgress {
  done: number;
  total: number;
}

/**
 * Re-runs the current analyser over stored mentions whose analysis is missing or from another version (every
 * mention with `all`), in id order and batches, each batch committed on its own: an interrupted run resumes
 * where it stopped, since finished mentions then carry the current version.
 */
export async function reanalyse(
  deps: Pick<Deps, 'db' | 'clock' | 'analyser' | 'analyseBatch'>,
  options: { all?: boolean; batchSize?: number; onProgress?: (p: ReanalyseProgress) => void } = {},
): Promise<ReanalyseProgress> {
  const all = options.all ?? false;
  const version = deps.analyser.version;
  const total = await countToReanalyse(deps.db, { version, all });
  let done = 0;
  let afterId = 0;
  for (;;) {
    const rows = await mentionsToReanalyse(deps.db, { version, all, afterId, limit: options.batchSize ?? 500 });
    if (rows.length === 0) break;
    const stored = await deps.analyseBatch(rows.map((m) => ({ title: m.title, text: m.text, languageHint: m.language_hint })));
    const analyses = rows.map((m, i) => ({ mentionId: m.id, contentHash: m.content_hash, analysis: stored[i]!.row }));
    await runBatch(deps.db, replaceAnalysesStatements(deps.db, analyses, deps.clock.now()));
    done += rows.length;
    afterId = rows[rows.length - 1]!.id;
    options.onProgress?.({ done, total });
  }
  return { done, total };
}
