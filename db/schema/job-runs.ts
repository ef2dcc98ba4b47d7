import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { JOB_RUN_STATUSES } from './constants.ts';

/** Every job run: when, how long, what it counted, why it failed. */
export const jobRuns = sqliteTable(
  'job_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    job: text('job').notNull(),
    status: text('status', { enum: JOB_RUN_STATUSES }).notNull(),
    startedAt: integer('started_at').notNull(),
    finishedAt: integer('finished_at'),
    counts: text('counts', { mode: 'json' }).$type<Record<string, number>>(),
    error: text('error'),
  },
  (t) => [index('job_runs_job_started_idx').on(t.job, t.startedAt)],
);

export type JobRun = typeof jobRuns.$inferSelect;
