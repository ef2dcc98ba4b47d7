import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from '@libsql/client';
import { BetterSQLiteSession } from 'drizzle-orm/better-sqlite3/session';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { createTableRelationsHelpers, extractTablesRelationalConfig } from 'drizzle-orm/relations';
import { BaseSQLiteDatabase, SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import Database from 'libsql';
import type { Db } from '../../db/client.ts';
import * as schema from '../../db/schema/index.ts';

/** How long a statement waits for another connection's (or process's) write lock before it gives up. */
const BUSY_TIMEOUT_MS = 5000;

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../db/migrations');

/**
 * Opens a libSQL database: `file:` (created with its folder, WAL, secure delete, foreign keys on), `:memory:`, or a
 * remote `libsql://` / `https://` URL with an auth token. A file database comes with `checkpointWal` (Deps).
 */
export async function openLibsqlDb(url: string, authToken?: string): Promise<{ db: Db; client: Client; checkpointWal?: () => Promise<void> }> {
  const file = url.startsWith('file:');
  if (file) mkdirSync(dirname(resolve(url.slice('file:'.length))), { recursive: true });
  // One connection for a file: the client opens more only for work that overlaps (a Promise.all of queries), and the
  // PRAGMAs below hold per connection, so a second one would write without secure delete and give up at once on
  // another process's lock (its busy timeout 0: SQLITE_BUSY_SNAPSHOT where a wait would do). Calls into the engine
  // are synchronous on this thread, so more connections would not run anything in parallel anyway; the heavy reads
  // have their own threads (read-pool.ts). `timeout` is the busy timeout, set as the connection opens, so even
  // switching to (or reading) the journal mode waits for another process's lock.
  const client = createClient({ url, authToken, ...(file && { concurrency: 1, timeout: BUSY_TIMEOUT_MS }) });
  if (file) {
    await client.execute('PRAGMA journal_mode = WAL');
    // Deleted rows are overwritten with zeros, so erased personal data cannot be read back from free space.
    await client.execute('PRAGMA secure_delete = ON');
  }
  await client.execute('PRAGMA foreign_keys = ON');
  const db = drizzle(client, { schema }) as unknown as Db;
  // TRUNCATE also empties the WAL file, whose older frames still hold pages as they were before an erasure.
  const checkpointWal = file ? async () => void (await client.execute('PRAGMA wal_checkpoint(TRUNCATE)')) : undefined;
  return { db, client, checkpointWal };
}

/**
 * A read-only connection to a `file:` database for a read thread. It talks to libSQL's native binding (the engine
 * under @libsql/client, with better-sqlite3's interface) through drizzle's session for that interface, which reads
 * rows as arrays and keeps no per-row objects: a page of 50 mentions costs a third of what the client's row objects
 * do. Its queries answer synchronously, which a thread that only reads can afford; `await` on them works the same.
 */
export function openReadConnection(url: string): { db: Db; close: () => void } {
  const native = new Database(url.slice('file:'.length));
  native.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // This connection only reads: a mistake here can never write.
  native.pragma('query_only = ON');
  const dialect = new SQLiteSyncDialect();
  const tables = extractTablesRelationalConfig(schema, createTableRelationsHelpers);
  const relational = { fullSchema: schema, schema: tables.tables, tableNamesMap: tables.tableNamesMap };
  const session = new BetterSQLiteSession(native as never, dialect, relational);
  const db = new BaseSQLiteDatabase('sync', dialect, session as never, relational) as unknown as Db;
  return { db, close: () => native.close() };
}

/** Applies the committed drizzle-kit migrations (idempotent). */
export async function migrateDb(db: Db): Promise<void> {
  await migrate(db as never, { migrationsFolder: MIGRATIONS_DIR });
}
