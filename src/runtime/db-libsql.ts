import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import type { Db } from '../../db/client.ts';
import * as schema from '../../db/schema/index.ts';

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../db/migrations');

/**
 * Opens a libSQL database: `file:` (created with its folder, WAL, secure delete, foreign keys on), `:memory:`, or a
 * remote `libsql://` / `https://` URL with an auth token. A file database comes with `checkpointWal` (Deps).
 */
export async function openLibsqlDb(url: string, authToken?: string): Promise<{ db: Db; client: Client; checkpointWal?: () => Promise<void> }> {
  const file = url.startsWith('file:');
  if (file) mkdirSync(dirname(resolve(url.slice('file:'.length))), { recursive: true });
  const client = createClient({ url, authToken });
  if (file) {
    await client.execute('PRAGMA journal_mode = WAL');
    await client.execute('PRAGMA busy_timeout = 5000');
    // Deleted rows are overwritten with zeros, so erased personal data cannot be read back from free space.
    await client.execute('PRAGMA secure_delete = ON');
  }
  await client.execute('PRAGMA foreign_keys = ON');
  const db = drizzle(client, { schema }) as unknown as Db;
  // TRUNCATE also empties the WAL file, whose older frames still hold pages as they were before an erasure.
  const checkpointWal = file ? async () => void (await client.execute('PRAGMA wal_checkpoint(TRUNCATE)')) : undefined;
  return { db, client, checkpointWal };
}

/** Applies the committed drizzle-kit migrations (idempotent). */
export async function migrateDb(db: Db): Promise<void> {
  await migrate(db as never, { migrationsFolder: MIGRATIONS_DIR });
}
