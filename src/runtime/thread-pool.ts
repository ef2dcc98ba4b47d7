// A few worker threads that answer named tasks ({ id, name, args } → { id, result } or { id, error }), for the work
// that must not hold up the serving thread: heavy reads (read-pool.ts) and analysis (analysis-pool.ts).
import { type MessagePort, Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  /** It said it is ready: only then does it take tasks, and a thread that dies before is not started again. */
  online: boolean;
  pending: Map<number, Pending>;
}

export interface ThreadPool {
  /** Runs a task on the least busy ready thread; `inPlace` runs it here while none is ready or they cannot start. */
  run(name: string, args: unknown[], inPlace: () => Promise<unknown>): Promise<unknown>;
  /** Resolves once every thread has started (or the pool fell back to running in place). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/**
 * `size` threads running `entry` (a script that posts `{ ready: true }` once it can work). `what` names the threads
 * in the log ("read", "analysis"). Until a thread is ready, tasks run in place, so nothing waits for a start; `lazy`
 * threads start at the first task (or `ready()`), not at once.
 */
export function threadPool(o: { entry: URL; workerData?: unknown; size: number; log: Logger; what: string; lazy?: boolean }): ThreadPool {
  let nextId = 0;
  let closing = false;
  // A thread that cannot even start (a missing script, a broken install) would fail again at once: then every task
  // runs in place, as without the pool, and the log says so once.
  let broken = false;
  let markReady = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  let threads: Thread[] = [];

  const start = (): Thread => {
    const thread: Thread = { worker: new Worker(o.entry, { workerData: o.workerData }), online: false, pending: new Map() };
    thread.worker.on('message', ({ ready, id, result, error }: { ready?: true; id: number; result?: unknown; error?: { message: string; code: ErrorCode | null } }) => {
      if (ready) {
        thread.online = true;
        if (threads.every((t) => t.online)) markReady();
        return;
      }
      const p = thread.pending.get(id);
      if (!p) return;
      thread.pending.delete(id);
      if (error) p.reject(error.code ? new AppError(error.code, error.message) : new Error(error.message));
      else p.resolve(result);
    });
    // A thread that dies while working fails those tasks and is replaced (its replacement takes tasks once ready).
    const fail = (error: Error) => {
      const i = threads.indexOf(thread);
      if (i < 0 || closing) return;
      if (!thread.online) {
        if (!broken) o.log.error(`${o.what} threads could not start; their work runs on the serving thread`, { error: error.message });
        broken = true;
        markReady();
        return;
      }
      for (const p of thread.pending.values()) p.reject(error);
      thread.pending.clear();
      o.log.error(`a ${o.what} thread stopped; starting another`, { error: error.message });
      threads[i] = start();
    };
    thread.worker.on('error', fail);
    thread.worker.on('exit', (code) => fail(new Error(`${o.what} thread exited with code ${code}`)));
    return thread;
  };
  const startAll = () => {
    if (threads.length === 0 && !closing) threads = Array.from({ length: o.size }, start);
  };
  if (!o.lazy) startAll();

  return {
    run: (name, args, inPlace) => {
      startAll();
      const online = broken ? [] : threads.filter((t) => t.online);
      if (online.length === 0) return inPlace();
      return new Promise((resolve, reject) => {
        const thread = online.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
        const id = nextId++;
        thread.pending.set(id, { resolve, reject });
        thread.worker.postMessage({ id, name, args });
      });
    },
    ready: () => (startAll(), ready),
    close: async () => {
      closing = true;
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
  };
}

/** The thread's side: answers each task with `handle`, errors carried back with their code. */
export function answerTasks(port: MessagePort, handle: (name: string, args: unknown[]) => Promise<unknown> | unknown): void {
  port.postMessage({ ready: true });
  port.on('message', async ({ id, name, args }: { id: number; name: string; args: unknown[] }) => {
    try {
      port.postMessage({ id, result: await handle(name, args) });
    } catch (err) {
      const e = err as Error;
      port.postMessage({ id, error: { message: e.message, code: err instanceof AppError ? err.code : null } });
    }
  });
}
