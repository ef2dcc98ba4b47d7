import { evaluateAlerts } from '../src/core/alerts/evaluate.ts';
import { deliverDue } from '../src/core/alerts/notify.ts';
import type { Deps } from '../src/core/deps.ts';
import type { JobReport } from './types.ts';

/** Turns new mentions and the last hour's counts into alerts, then sends the notifications that are due. */
export async function evaluateAlertsJob(deps: Deps): Promise<JobReport> {
  const evaluation = await evaluateAlerts(deps);
  const delivery = await deliverDue(deps);
  return { counts: { ...evaluation, deliveries_sent: delivery.sent, deliveries_retrying: delivery.retrying, deliveries_failed: delivery.failed } };
}
