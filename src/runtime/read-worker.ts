// A read thread of the pool in read-pool.ts: its own connection to the database file (WAL lets it read while the
// serving thread writes), answering the reads of src/core/reads.ts by name.
import { parentPort, workerData } from 'node:worker_threads';
import { READS, type ReadName } from '../core/reads.ts';
import { AppError } from '../core/errors.ts';
import { openLibsqlDb } from './db-libsql.ts';

const { db, client } = await openLibsqlDb(workerData.url as string);
// This connection only reads: a mistake here can never write.
await client.execute('PRAGMA query_only = ON');

parentPort!.postMessage({ ready: true });
parentPort!.on('message', async ({ id, name, args }: { id: number; name: ReadName; args: unknown[] }) => {
  try {
    const result = await (READS[name] as (...a: unknown[]) => Promise<unknown>)(db, ...args);
    parentPort!.postMessage({ id, result });
  } catch (err) {
    const e = err as Error;
    parentPort!.postMessage({ id, error: { message: e.message, code: err instanceof AppError ? err.code : null } });
  }
});
