import cron from 'node-cron';
import { JOBS, type JobName } from '../../jobs/registry.ts';
import { runJob, type JobResult } from '../../jobs/run-job.ts';
import type { Deps } from '../core/deps.ts';

/**
 * Schedules every registered job with node-cron (UTC); jobs on one schedule run in sequence. A job never overlaps
 * itself: a tick that finds the previous run still going skips it, and `runNow` joins the run in progress.
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
  // One task per schedule: jobs that share it run one after another, in the registry's order.
  const bySchedule = new Map<string, JobName[]>();
  for (const name of Object.keys(JOBS) as JobName[]) bySchedule.set(JOBS[name].cron, [...(bySchedule.get(JOBS[name].cron) ?? []), name]);
  const tasks = [...bySchedule].map(([expression, names]) =>
    cron.schedule(
      expression,
      async () => {
        for (const name of names) {
          if (running.has(name)) deps.log.warn('job still running; tick skipped', { job: name });
          else await run(name);
        }
      },
      { name: names.join('+'), timezone: 'UTC', noOverlap: true },
    ),
  );
  return {
    runNow: run,
    async stop() {
      await Promise.all(tasks.map((t) => t.destroy()));
      await Promise.allSettled(running.values());
    },
  };
}
