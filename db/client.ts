import type { BatchItem, BatchResponse } from 'drizzle-orm/batch';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type * as schema from './schema/index.ts';

/**
 * The database as domain code sees it: drizzle over libSQL (file, :memory:, remote) or D1.
 * Atomic writes go through `batch` — D1 has no interactive transactions.
 */
export type Db = BaseSQLiteDatabase<'async', unknown, typeof schema> & {
  batch<U extends BatchItem<'sqlite'>, T extends Readonly<[U, ...U[]]>>(batch: T): Promise<BatchResponse<T>>;
};

/**
 * Runs statements as one atomic batch (nothing to do for none); the one way shared code writes atomically.
 * Returns each statement's result, in order.
 */
export async function runBatch(db: Db, statements: BatchItem<'sqlite'>[]): Promise<unknown[]> {
  return statements.length > 0 ? db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]) : [];
}
