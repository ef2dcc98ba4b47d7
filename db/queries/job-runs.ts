import { desc, eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { jobRuns, type JobRun } from '../schema/index.ts';

export async function startJobRun(db: Db, job: string, now: number): Promise<number> {
  const rows = await db.insert(jobRuns).values({ job, status: 'running', startedAt: now }).returning({ id: jobRuns.id });
  return rows[0]!.id;
}

export async function finishJobRun(db: Db, id: number, r: { status: 'ok' | 'failed'; now: number; counts?: Record<string, number>; error?: string }) {
  await db
    .update(jobRuns)
    .set({ status: r.status, finishedAt: r.now, counts: r.counts ?? null, error: r.error ?? null })
    .where(eq(jobRuns.id, id));
}

export async function recentJobRuns(db: Db, limit = 20): Promise<JobRun[]> {
  return db.select().from(jobRuns).orderBy(desc(jobRuns.startedAt), desc(jobRuns.id)).limit(limit);
}
