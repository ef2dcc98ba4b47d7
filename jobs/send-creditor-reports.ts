import type { Deps } from '../src/core/deps.ts';
import { sendDueCreditorReports } from '../src/core/creditors/send-reports.ts';
import type { JobReport } from './types.ts';

/** Queues last month's creditor reports on the first days of a month and sends what is due (new or retried). */
export async function sendCreditorReports(deps: Deps): Promise<JobReport> {
  return { counts: { ...(await sendDueCreditorReports(deps)) } };
}
