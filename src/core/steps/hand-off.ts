// Accepted next steps handed to the collection system: each as one signed webhook (the alert webhooks' scheme:
// earshot-signature over "<t>.<body>"), sent once, retried with back-off, every outcome recorded. The message
// carries the case reference, the step, its reason code and when it is due — never mention text, the author or the
// note a person wrote. Until a receiver is configured, accepted steps wait (and are in the day's export).
import { claimStepDelivery, dueStepDeliveries, finishStepDelivery } from '../../../db/queries/steps.ts';
import type { CaseStep } from '../../../db/schema/index.ts';
import type { Deps } from '../deps.ts';
import { SIGNATURE_HEADER, signatureHeader } from '../signature.ts';
import { failedAttempt, LEASE_MS, post, SendError } from '../webhook-post.ts';

export interface StepMessage {
  type: 'step.accepted';
  step_id: number;
  case_ref: string;
  step: CaseStep['step'];
  reason_code: CaseStep['reasonCode'];
  due_at: string;
  accepted_at: string;
}

/** One accepted step as the collection system receives it (and as the export writes it). */
export function stepMessage(s: CaseStep, caseRef: string): StepMessage {
  return {
    type: 'step.accepted',
    step_id: s.id,
    case_ref: caseRef,
    step: s.step,
    reason_code: s.reasonCode,
    due_at: new Date(s.dueAt).toISOString(),
    accepted_at: new Date(s.decidedAt ?? s.createdAt).toISOString(),
  };
}

export interface HandOffReport {
  steps_sent: number;
  steps_retrying: number;
  steps_failed: number;
}

/** Sends the accepted steps whose hand-off is due; nothing when no receiver is configured. */
export async function handOffAcceptedSteps(deps: Pick<Deps, 'db' | 'channelFetch' | 'config' | 'clock' | 'log'>, limit = 100): Promise<HandOffReport> {
  const report: HandOffReport = { steps_sent: 0, steps_retrying: 0, steps_failed: 0 };
  const receiver = deps.config.stepsWebhook;
  if (!receiver) return report;
  const now = deps.clock.now();
  for (const { delivery: d, step, caseRef } of await dueStepDeliveries(deps.db, now, limit)) {
    if (!(await claimStepDelivery(deps.db, d.id, now, LEASE_MS))) continue;
    const attempts = d.attempts + 1;
    try {
      const body = JSON.stringify(stepMessage(step, caseRef));
      const t = Math.floor(deps.clock.now() / 1000);
      // The step's id is the receiver's key for doing it once, whatever the retries.
      await post(deps.channelFetch, receiver.url, body, { [SIGNATURE_HEADER]: await signatureHeader(receiver.secret, body, t), 'earshot-delivery': `step-${step.id}` });
      await finishStepDelivery(deps.db, d.id, { status: 'sent', attempts, nextAttemptAt: now, lastError: null, sentAt: deps.clock.now() });
      report.steps_sent++;
    } catch (err) {
      if (!(err instanceof SendError)) deps.log.error('step hand-off failed unexpectedly', { delivery_id: d.id, error: err instanceof Error ? err.message : String(err) });
      const { retry, row } = failedAttempt(err, attempts, now);
      await finishStepDelivery(deps.db, d.id, row);
      deps.log.warn('step hand-off failed', { delivery_id: d.id, attempt: attempts, will_retry: retry, reason: row.lastError });
      if (retry) report.steps_retrying++;
      else report.steps_failed++;
    }
  }
  return report;
}
