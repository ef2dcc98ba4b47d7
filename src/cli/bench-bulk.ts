// `earshot bench bulk`: bulk writes on libSQL, through the whole push path and as raw row inserts two ways.
import { sql } from 'drizzle-orm';
import { insertSource } from '../../db/queries/sources.ts';
import { mentions } from '../../db/schema/index.ts';
import type { Deps } from '../core/deps.ts';
import { apiSourceId, pushMentions } from '../core/ingest/push-mentions.ts';
import { analysisPool } from '../runtime/analysis-pool.ts';
import { scratchDeps } from './scratch-deps.ts';

/** Mentions to push: our own sentence with a case reference, one a minute. */
const bulkItems = (n: number, prefix = 'bulk') =>
  Array.from({ length: n }, (_, i) => ({
    external_id: `${prefix}-${i}`,
    text: `Lumera called me ${(i % 9) + 2} times this week about my debt, case ${40000000 + i}. Item ${i}.`,
    published_at: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(),
  }));

/**
 * Bulk writes on libSQL: the whole push path (normalise, analyse on the analysis threads, store) for `n` mentions in
 * pushes of 1,000, at the steady rate of a running server (enough pushes that one slow push or a collector pause does
 * not decide the figure), and raw row inserts two ways: one JSON parameter per 200 rows through json_each (our
 * path) against drizzle multi-row VALUES kept under D1's 100-parameter limit (9 rows). What a running server has paid
 * before, the analysis threads' start and the first push of the process (its code not yet compiled by the JIT), is
 * reported on its own.
 */
export async function benchBulk(n: number) {
  const push = await scratchDeps();
  const w0 = performance.now();
  const threads = analysisPool(push.deps.analyser, push.deps.log);
  push.deps.analyseBatch = threads.analyseBatch;
  await threads.ready();
  const warmUp = performance.now() - w0;
  const sourceId = await apiSourceId(push.deps);
  const f0 = performance.now();
  await pushMentions(push.deps, sourceId, bulkItems(1000, 'first'));
  const firstMs = performance.now() - f0;
  const items = bulkItems(n);
  const t0 = performance.now();
  for (let i = 0; i < n; i += 1000) await pushMentions(push.deps, sourceId, items.slice(i, i + 1000));
  const pushMs = performance.now() - t0;
  await threads.close();
  push.close();

  const rows = (now: number, sourceId: number) =>
    items.map((m, i) => ({
      sourceId,
      externalKey: m.external_id,
      text: m.text,
      publishedAt: now + i,
      firstSeenAt: now,
      updatedAt: now,
      contentHash: String(i),
      url: null,
      author: null,
      title: null,
      languageHint: null,
    }));
  const raw = async (write: (deps: Deps, sourceId: number) => Promise<void>) => {
    const s = await scratchDeps();
    const id = (await insertSource(s.deps.db, { name: 'bulk', kind: 'push' })).id;
    const start = performance.now();
    await write(s.deps, id);
    const ms = performance.now() - start;
    s.close();
    return Math.round((n / ms) * 1000);
  };
  const viaJson = await raw((deps, id) =>
    deps.db
      .batch(
        chunk(rows(0, id), 200).map((part) =>
          deps.db.run(sql`INSERT INTO mentions (source_id, external_key, text, published_at, first_seen_at, updated_at, content_hash)
          SELECT ${id}, json_extract(value, '$.externalKey'), json_extract(value, '$.text'), json_extract(value, '$.publishedAt'),
                 json_extract(value, '$.firstSeenAt'), json_extract(value, '$.updatedAt'), json_extract(value, '$.contentHash')
          FROM json_each(${JSON.stringify(part)})`),
        ) as never,
      )
      .then(() => undefined),
  );
  const viaValues = await raw((deps, id) => deps.db.batch(chunk(rows(0, id), 9).map((part) => deps.db.insert(mentions).values(part)) as never).then(() => undefined));
  return {
    mentions: n,
    push_path_ms: Math.round(pushMs),
    push_path_per_s: Math.round((n / pushMs) * 1000),
    analysis_threads_start_ms: Math.round(warmUp),
    first_push_of_1000_ms: Math.round(firstMs),
    raw_rows_per_s_json_each: viaJson,
    raw_rows_per_s_values_9_rows: viaValues,
  };
}

const chunk = <T>(xs: T[], size: number) => Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, i * size + size));
