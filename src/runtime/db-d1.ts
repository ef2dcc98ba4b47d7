import type { D1Database } from '@cloudflare/workers-types/index.ts';
import { drizzle } from 'drizzle-orm/d1';
import type { Db } from '../../db/client.ts';
import * as schema from '../../db/schema/index.ts';

interface RawBatchItem {
  _prepare(): unknown;
  getQuery(): { sql: string; params: unknown[] };
  stmt?: unknown;
}

/**
 * Drizzle over a D1 binding, typed as the same `Db` as libSQL.
 * drizzle-orm 0.45's D1 `batch` binds parameters on `preparedQuery.stmt`, which raw `db.run(sql…)` items do not
 * have (it throws "reading 'bind'"). Our bulk writes are such items (one JSON parameter through `json_each`), so
 * each raw item gets its D1 statement prepared here before the batch is sent.
 */
export function d1Db(binding: D1Database): Db {
  const db = drizzle(binding as never, { schema }) as unknown as Db;
  const batch = db.batch.bind(db);
  db.batch = ((items: RawBatchItem[]) => {
    for (const item of items) {
      if (item._prepare() === item && !item.stmt) item.stmt = binding.prepare(item.getQuery().sql);
    }
    return batch(items as never);
  }) as Db['batch'];
  return db;
}
