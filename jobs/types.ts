import type { Deps } from '../src/core/deps.ts';

/** What a job tells its runner: counts for the job_runs row, the log and the metrics. */
export interface JobReport {
  counts: Record<string, number>;
}

export type Job = (deps: Deps) => Promise<JobReport>;
