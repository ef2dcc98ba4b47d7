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
  /** Its connection is open and it answers: a thread that dies before is not started again (see below). */
  online: boolean;
  pending: Map<number, { name: ReadName; args: unknown[] } & Pending>;
}

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
): { reads: Reads; close: () => Promise<void> } {
  const inPlace = readsOn(db);
  if (!url.startsWith('file:') || size < 1) return { reads: inPlace, close: async () => {} };
  let nextId = 0;
  let closing = false;
  // A thread that cannot even start (a missing script, a broken install) would fail again at once: then every read
  // runs in place, as without the pool, and the log says so once.
  let broken = false;
  const runInPlace = (name: ReadName, args: unknown[]) => (inPlace[name] as (...a: unknown[]) => Promise<unknown>)(...args);

  const start = (): Thread => {
    const thread: Thread = { worker: new Worker(entry, { workerData: { url } }), online: false, pending: new Map() };
    thread.worker.on('message', ({ ready, id, result, error }: { ready?: true; id: number; result?: unknown; error?: { message: string; code: ErrorCode | null } }) => {
      if (ready) {
        thread.online = true;
        return;
      }
      const p = thread.pending.get(id);
      if (!p) return;
      thread.pending.delete(id);
      if (error) p.reject(error.code ? new AppError(error.code, error.message) : new Error(error.message));
      else p.resolve(result);
    });
    // A thread that dies while answering fails those reads and is replaced; one that never started hands its
    // reads to this thread.
    const fail = (error: Error) => {
      const i = threads.indexOf(thread);
      if (i < 0 || closing) return;
      const pending = [...thread.pending.values()];
      thread.pending.clear();
      if (!thread.online) {
        if (!broken) log.error('read threads could not start; reads run on the serving thread', { error: error.message });
        broken = true;
        for (const p of pending) runInPlace(p.name, p.args).then(p.resolve, p.reject);
        return;
      }
      for (const p of pending) p.reject(error);
      log.error('a read thread stopped; starting another', { error: error.message });
      threads[i] = start();
    };
    thread.worker.on('error', fail);
    thread.worker.on('exit', (code) => fail(new Error(`read thread exited with code ${code}`)));
    return thread;
  };
  const threads: Thread[] = Array.from({ length: size }, start);

  const run = (name: ReadName, args: unknown[]) =>
    broken
      ? runInPlace(name, args)
      : new Promise((resolve, reject) => {
          // The least busy thread takes it.
          const thread = threads.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
          const id = nextId++;
          thread.pending.set(id, { name, args, resolve, reject });
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
