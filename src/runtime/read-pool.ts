// Node answers requests on one JavaScript thread, and libSQL runs a query on the thread that asks. So the heavy reads
// (src/core/reads.ts) go to a few worker threads, each with its own connection: a slow Tactics view then never
// delays the health check, a login or a page, and two cores answer two reads at once. Writes stay on the serving
// thread's connection, in order. For a database that is not a local file, reads stay in place.
import { availableParallelism } from 'node:os';
import type { Db } from '../../db/client.ts';
import type { Logger } from '../core/logger.ts';
import { READS, type ReadName, type Reads, readsOn } from '../core/reads.ts';
import { threadPool } from './thread-pool.ts';

/**
 * Read threads for a `file:` database, `size` of them (default: one per core, at most four). `entry` is the
 * thread's script: the same relative name finds the tsx entry beside the sources and the compiled one beside the bundle.
 */
export function readPool(
  url: string,
  db: Db,
  log: Logger,
  size = Math.min(4, availableParallelism()),
  entry = new URL('./read-worker.mjs', import.meta.url),
): { reads: Reads; ready: () => Promise<void>; close: () => Promise<void> } {
  const inPlace = readsOn(db);
  if (!url.startsWith('file:') || size < 1) return { reads: inPlace, ready: async () => {}, close: async () => {} };
  const pool = threadPool({ entry, workerData: { url }, size, log, what: 'read' });
  const reads = Object.fromEntries(
    (Object.keys(READS) as ReadName[]).map((name) => [name, (...args: unknown[]) => pool.run(name, args, () => (inPlace[name] as (...a: unknown[]) => Promise<unknown>)(...args))]),
  ) as Reads;
  return { reads, ready: pool.ready, close: pool.close };
}
