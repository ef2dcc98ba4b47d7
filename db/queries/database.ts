import { sql } from 'drizzle-orm';
import type { Db } from '../client.ts';

/** A round trip to the database, for health checks. */
export async function ping(db: Db): Promise<void> {
  await db.get(sql`SELECT 1`);
}

/** How many committed migrations the database has applied. */
export async function appliedMigrationCount(db: Db): Promise<number> {
  const rows = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM __drizzle_migrations`);
  return Number(rows[0]?.n ?? 0);
}
