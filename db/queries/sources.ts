import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { SourceKind } from '../schema/constants.ts';
import type { Db } from '../client.ts';
import { sources, type NewSource, type Source } from '../schema/index.ts';
import { DAY_MS } from '../../src/core/time/durations.ts';

export async function listSources(db: Db): Promise<Source[]> {
  return db.select().from(sources).orderBy(asc(sources.name));
}

export async function getSource(db: Db, id: number): Promise<Source | null> {
  const rows = await db.select().from(sources).where(eq(sources.id, id)).limit(1);
  return rows[0] ?? null;
}

export async function getSourceByName(db: Db, name: string): Promise<Source | null> {
  const rows = await db.select().from(sources).where(eq(sources.name, name)).limit(1);
  return rows[0] ?? null;
}

export async function insertSource(db: Db, values: NewSource): Promise<Source> {
  const rows = await db.insert(sources).values(values).returning();
  return rows[0]!;
}

export async function updateSource(db: Db, id: number, values: Partial<NewSource>): Promise<Source | null> {
  const rows = await db.update(sources).set(values).where(eq(sources.id, id)).returning();
  return rows[0] ?? null;
}

export async function deleteSource(db: Db, id: number): Promise<boolean> {
  const rows = await db.delete(sources).where(eq(sources.id, id)).returning({ id: sources.id });
  return rows.length > 0;
}

/** Sources of the polled kinds whose next poll time has come, oldest first. */
export async function dueSources(db: Db, now: number, limit: number, kinds: readonly SourceKind[]): Promise<Source[]> {
  return db
    .select()
    .from(sources)
    .where(and(inArray(sources.kind, [...kinds]), eq(sources.isPaused, false), lte(sources.nextPollAt, now)))
    .orderBy(asc(sources.nextPollAt), asc(sources.id))
    .limit(limit);
}

export interface PollSuccess {
  etag: string | null;
  lastModified: string | null;
  /** The adapter's paging state (JSON). */
  cursor: unknown;
  nextPollAt: number;
}

/** The source-state half of a successful poll; batched with the mention writes so both commit together. */
export function pollSucceededStatement(db: Db, id: number, now: number, s: PollSuccess) {
  return db
    .update(sources)
    .set({
      etag: s.etag,
      lastModified: s.lastModified,
      cursor: s.cursor ?? null,
      nextPollAt: s.nextPollAt,
      lastPolledAt: now,
      lastSuccessAt: now,
      lastError: null,
      errorCount: 0,
      updatedAt: now,
    })
    .where(eq(sources.id, id));
}

export async function recordPollFailure(db: Db, id: number, now: number, error: string, nextPollAt: number) {
  await db
    .update(sources)
    .set({
      lastPolledAt: now,
      lastError: error,
      errorCount: sql`${sources.errorCount} + 1`,
      nextPollAt,
      updatedAt: now,
    })
    .where(eq(sources.id, id));
}

/** Makes every active feed due now (`earshot poll --all`). */
export async function makeAllSourcesDue(db: Db): Promise<void> {
  await db.update(sources).set({ nextPollAt: 0 }).where(eq(sources.isPaused, false));
}

export interface SourceVolume {
  /** Mentions published in the window. */
  count: number;
  /** Oldest and newest publication time in the window, epoch ms. */
  first: number;
  last: number;
  /** Mentions published per day over the last `sparkDays` days, oldest first. */
  daily: number[];
}

/** How much each source has been saying: mentions by publication time over the last `days` days. */
export async function sourceVolumes(db: Db, now: number, days: number, sparkDays: number): Promise<Map<number, SourceVolume>> {
  const since = now - days * DAY_MS;
  const sparkSince = now - sparkDays * DAY_MS;
  const totals = await db.all<{ source_id: number; n: number; first: number; last: number }>(sql`
    SELECT source_id, count(*) AS n, min(published_at) AS first, max(published_at) AS last
    FROM mentions WHERE published_at >= ${since} GROUP BY source_id`);
  const byDay = await db.all<{ source_id: number; day: number; n: number }>(sql`
    SELECT source_id, CAST((published_at - ${sparkSince}) / ${DAY_MS} AS INTEGER) AS day, count(*) AS n
    FROM mentions WHERE published_at >= ${sparkSince} AND published_at <= ${now} GROUP BY source_id, day`);
  const out = new Map<number, SourceVolume>();
  for (const t of totals) out.set(t.source_id, { count: t.n, first: t.first, last: t.last, daily: new Array(sparkDays).fill(0) });
  for (const r of byDay) {
    const v = out.get(r.source_id);
    if (v && r.day >= 0 && r.day < sparkDays) v.daily[r.day] += r.n;
  }
  return out;
}
