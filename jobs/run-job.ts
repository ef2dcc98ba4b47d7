import { finishJobRun, startJobRun } from '../db/queries/job-runs.ts';
import type { Deps } from '../src/core/deps.ts';
import { JOBS, type JobName } from './registry.ts';
import type { JobReport } from './types.ts';

export type JobResult = { job: JobName; runId: number; status: 'ok' | 'failed'; durationMs: number } & Partial<JobReport> & {
    error?: string;
  };

/** Runs a job and records it: a job_runs row (start, end, counts, error), one summary log line, metrics. */
export async function runJob(deps: Deps, name: JobName): Promise<JobResult> {
  const started = deps.clock.now();
  const runId = await startJobRun(deps.db, name, started);
  let result: JobResult;
  try {
    const report = await JOBS[name].run(deps);
    result = { job: name, runId, status: 'ok', durationMs: deps.clock.now() - started, counts: report.counts };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    result = { job: name, runId, status: 'failed', durationMs: deps.clock.now() - started, error };
  }
  await finishJobRun(deps.db, runId, { status: result.status, now: deps.clock.now(), counts: result.counts, error: result.error });
  deps.metrics.inc('earshot_job_runs_total', 'Job runs by job and status', { job: name, status: result.status });
  deps.metrics.observe('earshot_job_duration_seconds', 'Job run duration', { job: name }, result.durationMs / 1000);
  const level = result.status === 'ok' ? 'info' : 'error';
  deps.log[level]('job finished', { job: name, run_id: runId, status: result.status, duration_ms: result.durationMs, ...result.counts, error: result.error });
  return result;
}
