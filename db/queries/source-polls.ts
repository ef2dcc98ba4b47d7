// What each poll of a source found (source_polls), for the source's page: its recent polls and what they brought per day.
import { desc, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { type SourcePoll, sourcePolls } from '../schema/index.ts';
import { DAY_MS } from '../../src/core/time/durations.ts';

/** How long a source's poll record is kept (the nightly prune removes older ones). */
export const SOURCE_POLL_DAYS = 30;

/** Keeps a poll's outcome; nothing when its source was removed while it polled. */
export async function recordPoll(db: Db, p: Omit<SourcePoll, 'id'>): Promise<void> {
  await db.run(sql`
    INSERT INTO source_polls (source_id, at, outcome, new_count, updated, unchanged, duplicates, skipped, error, duration_ms)
    SELECT ${p.sourceId}, ${p.at}, ${p.outcome}, ${p.newCount}, ${p.updated}, ${p.unchanged}, ${p.duplicates}, ${p.skipped}, ${p.error}, ${p.durationMs}
    WHERE EXISTS (SELECT 1 FROM sources WHERE id = ${p.sourceId})`);
}

/** The latest polls of a source, newest first. */
export async function recentPolls(db: Db, sourceId: number, limit = 20): Promise<SourcePoll[]> {
  return db.select().from(sourcePolls).where(eq(sourcePolls.sourceId, sourceId)).orderBy(desc(sourcePolls.at), desc(sourcePolls.id)).limit(limit);
}

/** What the polls of the last `days` UTC days brought, per day (oldest first): new mentions and copies of stored ones. */
export async function pollsPerDay(db: Db, sourceId: number, now: number, days: number): Promise<{ day: number; added: number; duplicates: number }[]> {
  const first = Math.floor(now / DAY_MS) - days + 1;
  // The day length written into the SQL: a bound parameter may be a real, and the day a fraction.
  const rows = await db.all<{ day: number; added: number; duplicates: number }>(sql`
    SELECT at / ${sql.raw(String(DAY_MS))} AS day, sum(new_count) AS added, sum(duplicates) AS duplicates FROM source_polls
    WHERE source_id = ${sourceId} AND at >= ${first * DAY_MS} GROUP BY 1`);
  const byDay = new Map(rows.map((r) => [Number(r.day), r]));
  return Array.from({ length: days }, (_, i) => {
    const r = byDay.get(first + i);
    return { day: (first + i) * DAY_MS, added: Number(r?.added ?? 0), duplicates: Number(r?.duplicates ?? 0) };
  });
}

/** Removes poll records older than `cutoff`; returns how many. */
export async function prunePolls(db: Db, cutoff: number): Promise<number> {
  const gone = await db.delete(sourcePolls).where(lt(sourcePolls.at, cutoff)).returning({ id: sourcePolls.id });
  return gone.length;
}
