// Analysis is the larger half of storing a mention (tens of microseconds each), and it needs no database: on the
// Node server it runs on threads of its own, every batch split across them, so a push or a first poll of a thousand
// mentions uses every core and the serving thread goes on answering requests meanwhile.
import { availableParallelism } from 'node:os';
import type { AnalyseBatch, AnalysisInput, StoredAnalysis } from '../core/ingest/analyse-mentions.ts';
import { analyseInPlace } from '../core/ingest/analyse-mentions.ts';
import type { Logger } from '../core/logger.ts';
import type { Analyser } from '../core/nlp/types.ts';
import { threadPool } from './thread-pool.ts';

/** Below this many mentions per thread a batch is not split further: a message costs about as much as an analysis. */
const MIN_PART = 32;

/** `size` analysis threads (default: one per core, at most four); `entry` as in read-pool.ts. */
export function analysisPool(
  analyser: Analyser,
  log: Logger,
  size = Math.min(4, availableParallelism()),
  entry = new URL('./analysis-worker.mjs', import.meta.url),
): { analyseBatch: AnalyseBatch; ready: () => Promise<void>; close: () => Promise<void> } {
  const inPlace = analyseInPlace(analyser);
  if (size < 1) return { analyseBatch: inPlace, ready: async () => {}, close: async () => {} };
  // Started after the first batch: a server that never stores a mention never starts them, and the batches that come
  // before they are warm run in place.
  const pool = threadPool({ entry, size, log, what: 'analysis', lazy: true });
  let first = true;
  const analyseBatch: AnalyseBatch = async (inputs) => {
    // The first batch of a process runs here at full speed, and only then do the threads start and warm: a fresh
    // server's first poll does not share the cores with their warming.
    if (first) {
      first = false;
      const done = await inPlace(inputs);
      void ready();
      return done;
    }
    const parts = Math.max(1, Math.min(size, Math.floor(inputs.length / MIN_PART)));
    const per = Math.ceil(inputs.length / parts);
    const results = await Promise.all(
      Array.from({ length: parts }, (_, p) => {
        // Only what the analyser reads crosses to the thread (never the author).
        const part: AnalysisInput[] = inputs.slice(p * per, (p + 1) * per).map(({ title, text, languageHint }) => ({ title, text, languageHint }));
        return pool.run('analyse', [part], () => inPlace(part)) as Promise<StoredAnalysis[]>;
      }),
    );
    return results.flat();
  };
  // Waiting for the threads means wanting them: the next batch goes to them, first or not.
  const ready = () => {
    first = false;
    return pool.ready();
  };
  return { analyseBatch, ready, close: pool.close };
}
