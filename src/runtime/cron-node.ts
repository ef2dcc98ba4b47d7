import cron from 'node-cron';
import { JOBS, type JobName } from '../../jobs/registry.ts';
import { runJob, type JobResult } from '../../jobs/run-job.ts';
import type { Deps } from '../core/deps.ts';

/**
 * Schedules every registered job with node-cron (UTC). A job never overlaps itself: a tick that finds the
 * previous run still going is skipped, and `runNow` joins the run in progress instead of starting another.
 */
export function startScheduler(deps: Deps) {
  const running = new Map<JobName, Promise<JobResult>>();
  const run = (name: JobName): Promise<JobResult> => {
    const current = running.get(name);
    if (current) return current;
    const p = runJob(deps, name).finally(() => running.delete(name));
    running.set(name, p);
    return p;
  };
  const tasks = (Object.keys(JOBS) as JobName[]).map((name) =>
    cron.schedule(JOBS[name].cron, async () => {
      if (running.has(name)) return deps.log.warn('job still running; tick skipped', { job: name });
      await run(name);
    }, { name, timezone: 'UTC', noOverlap: true }),
  );
  return {
    runNow: run,
    async stop() {
      await Promise.all(tasks.map((t) => t.destroy()));
      await Promise.allSettled(running.values());
    },
  };
}
