import type { Job } from './types.ts';
import { evaluateAlertsJob } from './evaluate-alerts.ts';
import { nextStepsJob } from './next-steps.ts';
import { pollSources } from './poll-sources.ts';
import { prune } from './prune.ts';
import { sendCreditorReports } from './send-creditor-reports.ts';
import { sendDigest } from './send-digest.ts';

/**
 * Every scheduled job: name → cron expression (UTC) and function. This one table drives node-cron on Node
 * and `[triggers] crons` in wrangler.toml (a test keeps the two equal). Jobs on the same schedule run one after
 * another in the order listed, so alerts are evaluated on what the poll just stored.
 */
export const JOBS = {
  'poll-sources': { cron: '* * * * *', run: pollSources },
  'evaluate-alerts': { cron: '* * * * *', run: evaluateAlertsJob },
  /** The next steps on the cases the new links point to (src/core/steps). */
  'next-steps': { cron: '* * * * *', run: nextStepsJob },
  /** The weekly digest: checks every 5 minutes whether its configured schedule (default Monday 07:00) has come round. */
  'send-digest': { cron: '*/5 * * * *', run: sendDigest },
  /** Each creditor user's monthly report, on the first days of the month (src/core/creditors/send-reports.ts). */
  'send-creditor-reports': { cron: '*/5 * * * *', run: sendCreditorReports },
  /** Retention (EARSHOT_RETENTION_DAYS), daily at 03:17 UTC. */
  prune: { cron: '17 3 * * *', run: prune },
} as const satisfies Record<string, { cron: string; run: Job }>;

export type JobName = keyof typeof JOBS;

export const isJobName = (name: string): name is JobName => Object.hasOwn(JOBS, name);
