// Node answers requests on one JavaScript thread, and libSQL runs a query on the thread that asks. So the heavy reads
// (src/core/reads.ts) go to a few worker threads, each with its own connection: a slow Tactics view then never
// delays the health check, a login or a page, and two cores answer two reads at once. Writes stay on the serving
// thread's connection, in order. For a database that is not a local file, reads stay in place.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Db } from '../../db/client.ts';
import { AppError, type ErrorCode } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { READS, type ReadName, type Reads, readsOn } from '../core/reads.ts';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
}

/** Read threads for a `file:` database, `size` of them (default: one per core, at most four). */
export function readPool(url: string, db: Db, log: Logger, size = Math.min(4, availableParallelism())): { reads: Reads; close: () => Promise<void> } {
  if (!url.startsWith('file:') || size < 1) return { reads: readsOn(db), close: async () => {} };
  // The same relative name finds the tsx entry beside the sources and the compiled one beside the bundle.
  const entry = new URL('./read-worker.mjs', import.meta.url);
  let nextId = 0;
  let closing = false;

  const start = (): Thread => {
    const thread: Thread = { worker: new Worker(entry, { workerData: { url } }), pending: new Map() };
    thread.worker.on('message', ({ id, result, error }: { id: number; result?: unknown; error?: { message: string; code: ErrorCode | null } }) => {
      const p = thread.pending.get(id);
      if (!p) return;
      thread.pending.delete(id);
      if (error) p.reject(error.code ? new AppError(error.code, error.message) : new Error(error.message));
      else p.resolve(result);
    });
    // A thread that dies fails what it was answering and is replaced; the pool never shrinks.
    const fail = (error: Error) => {
      for (const p of thread.pending.values()) p.reject(error);
      thread.pending.clear();
      const i = threads.indexOf(thread);
      if (i >= 0 && !closing) {
        log.error('a read thread stopped; starting another', { error: error.message });
        threads[i] = start();
      }
    };
    thread.worker.on('error', fail);
    thread.worker.on('exit', (code) => fail(new Error(`read thread exited with code ${code}`)));
    return thread;
  };
  const threads: Thread[] = Array.from({ length: size }, start);

  const run = (name: ReadName, args: unknown[]) =>
    new Promise((resolve, reject) => {
      // The least busy thread takes it.
      const thread = threads.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      const id = nextId++;
      thread.pending.set(id, { resolve, reject });
      thread.worker.postMessage({ id, name, args });
    });
  const reads = Object.fromEntries(Object.keys(READS).map((name) => [name, (...args: unknown[]) => run(name as ReadName, args)])) as Reads;
  return {
    reads,
    close: async () => {
      closing = true;
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
  };
}
