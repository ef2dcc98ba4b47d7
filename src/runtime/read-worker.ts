// A read thread of the pool in read-pool.ts: its own connection to the database file (WAL lets it read while the
// serving thread writes), answering the reads of src/core/reads.ts by name.
import { parentPort, workerData } from 'node:worker_threads';
import { READS, type ReadName } from '../core/reads.ts';
import { openReadConnection } from './db-libsql.ts';
import { answerTasks } from './thread-pool.ts';

const { db } = openReadConnection(workerData.url as string);

answerTasks(parentPort!, (name, args) => (READS[name as ReadName] as (...a: unknown[]) => Promise<unknown>)(db, ...args));
