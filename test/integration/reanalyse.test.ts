import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { apiSourceId, pushMentions } from '../../src/core/ingest/push-mentions.ts';
import { reanalyse } from '../../src/core/ingest/reanalyse.ts';
import { makeTestDeps } from '../helpers/test-deps.ts';

describe('reanalyse', () => {
  it('re-runs the analyser over mentions from another version, in batches with progress, and resumes', async () => {
    const { deps } = await makeTestDeps();
    const source = await apiSourceId(deps);
    await pushMentions(
      deps,
      source,
      Array.from({ length: 25 }, (_, i) => ({ text: `Lumera called me ${i + 2} times today. Terrible.` })),
    );
    // Pretend 20 were analysed by an older analyser, with a wrong label.
    await deps.db.run(sql`UPDATE mention_analysis SET analyser_version = 'old', sentiment_label = 'positive' WHERE mention_id <= 20`);

    const progress: number[] = [];
    const result = await reanalyse(deps, { batchSize: 8, onProgress: (p) => progress.push(p.done) });
    expect(result).toEqual({ done: 20, total: 20 });
    expect(progress).toEqual([8, 16, 20]);
    const rows = await deps.db.all<{ v: string; s: string; n: number }>(sql`SELECT analyser_version v, sentiment_label s, count(*) n FROM mention_analysis GROUP BY 1, 2`);
    expect(rows).toEqual([{ v: deps.analyser.version, s: 'negative', n: 25 }]);

    // Nothing is stale any more; --all re-runs everything.
    expect(await reanalyse(deps)).toEqual({ done: 0, total: 0 });
    expect(await reanalyse(deps, { all: true })).toEqual({ done: 25, total: 25 });
  });
});
