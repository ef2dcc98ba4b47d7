// `earshot bench bulk`: bulk writes on libSQL, through the whole push path and as raw row inserts two ways.
import { sql } from 'drizzle-orm';
import { insertSource } from '../../db/queries/sources.ts';
import { mentions } from '../../db/schema/index.ts';
import type { Deps } from '../core/deps.ts';
import { apiSourceId, pushMentions } from '../core/ingest/push-mentions.ts';
import { scratchDeps } from './scratch-deps.ts';

/** Mentions to push: our own sentence with a case reference, one a minute. */
const bulkItems = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    external_id: `bulk-${i}`,
    text: `Lumera called me ${(i % 9) + 2} times this week about my debt, case ${40000000 + i}. Item ${i}.`,
    published_at: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(),
  }));

/**
 * Bulk writes on libSQL: the whole push path (normalise, analyse, store) for 5,000 mentions in pushes of 1,000 with
 * the analyser started (the same workload the Workers suite runs on D1), and raw row inserts two ways — one JSON parameter per 200 rows
 * through json_each (our path) against drizzle multi-row VALUES kept under D1's 100-parameter limit (9 rows).
 */
export async function benchBulk(n: number) {
  const push = await scratchDeps();
  const items = bulkItems(n);
  // The analyser starts once per process (decoding the model, compiling the language's rules): timed on its own, as a
  // running server has paid it before its pushes.
  const w0 = performance.now();
  push.deps.analyser.analyse({ text: items[0]!.text });
  const warmUp = performance.now() - w0;
  const t0 = performance.now();
  const sourceId = await apiSourceId(push.deps);
  for (let i = 0; i < n; i += 1000) await pushMentions(push.deps, sourceId, items.slice(i, i + 1000));
  const pushMs = performance.now() - t0;
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
    analyser_warm_up_ms: Math.round(warmUp),
    push_path_in_fresh_process_per_s: Math.round((n / (pushMs + warmUp)) * 1000),
    raw_rows_per_s_json_each: viaJson,
    raw_rows_per_s_values_9_rows: viaValues,
  };
}

const chunk = <T>(xs: T[], size: number) => Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, i * size + size));
