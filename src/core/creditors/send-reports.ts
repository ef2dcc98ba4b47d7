// The monthly creditor report by e-mail: on the first days of a month, last month's report is queued once for each
// active creditor user, then sent, retried with back-off like the digest, every outcome kept on its row.
import { findUserById } from '../../../db/queries/users.ts';
import { activeCreditorUsers, claimReportSend, dueReportSends, ensureReportSends, finishReportSend } from '../../../db/queries/creditor-reports.ts';
import type { CreditorReportSend } from '../../../db/schema/index.ts';
import type { Deps } from '../deps.ts';
import { DIGEST_RETRY_MINUTES } from '../digest/send-digests.ts';
import { MailError } from '../mail/mailer.ts';
import { formatMonth, monthOf, parseMonth, previousMonth } from './month.ts';
import { buildCreditorReport, renderCreditorReport } from './report.ts';

/** Last month's report is queued on the first days of a month (a server down on the 1st still sends it). */
export const QUEUE_DAYS = 3;
const LEASE_MS = 10 * 60_000;

export interface ReportRun {
  queued: number;
  sent: number;
  retrying: number;
  failed: number;
}

type SendDeps = Pick<Deps, 'db' | 'clock' | 'mailer' | 'config' | 'log'>;

export async function sendDueCreditorReports(deps: SendDeps): Promise<ReportRun> {
  const now = deps.clock.now();
  const run: ReportRun = { queued: 0, sent: 0, retrying: 0, failed: 0 };
  if (new Date(now).getUTCDate() <= QUEUE_DAYS) {
    const ids = (await activeCreditorUsers(deps.db)).map((u) => u.id);
    await ensureReportSends(deps.db, ids, formatMonth(previousMonth(monthOf(now))), now);
    run.queued = ids.length;
  }
  for (const send of await dueReportSends(deps.db, now, 50)) {
    const outcome = await deliver(deps, send);
    if (outcome) run[outcome]++;
  }
  return run;
}

async function deliver(deps: SendDeps, send: CreditorReportSend): Promise<'sent' | 'retrying' | 'failed' | null> {
  const now = deps.clock.now();
  if (!(await claimReportSend(deps.db, send.id, now, LEASE_MS))) return null;
  const attempts = send.attempts + 1;
  const user = await findUserById(deps.db, send.userId);
  // Disabled since it was queued, or no longer a creditor account: nothing goes out.
  if (!user || user.disabledAt || user.role !== 'creditor' || !user.creditor) {
    await finishReportSend(deps.db, send.id, {
      status: 'failed',
      attempts,
      nextAttemptAt: now,
      lastError: 'the account is disabled or no longer a creditor account',
      sentAt: null,
    });
    return 'failed';
  }
  try {
    const report = await buildCreditorReport(deps.db, { creditor: user.creditor, month: parseMonth(send.month)!, now, baseUrl: deps.config.publicUrl ?? null });
    const mail = renderCreditorReport(report);
    await deps.mailer.send({
      from: deps.config.mail.from,
      to: [user.email],
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      idempotencyKey: `creditor-report:${send.month}:${user.id}`,
    });
    await finishReportSend(deps.db, send.id, { status: 'sent', attempts, nextAttemptAt: now, lastError: null, sentAt: deps.clock.now() });
    return 'sent';
  } catch (err) {
    const message = err instanceof MailError ? err.message : 'the report could not be built';
    if (!(err instanceof MailError)) deps.log.error('creditor report build failed', { month: send.month, error: err instanceof Error ? err.message : String(err) });
    const retry = (!(err instanceof MailError) || err.retryable) && attempts <= DIGEST_RETRY_MINUTES.length;
    await finishReportSend(deps.db, send.id, {
      status: retry ? 'pending' : 'failed',
      attempts,
      lastError: message,
      sentAt: null,
      nextAttemptAt: retry ? now + DIGEST_RETRY_MINUTES[attempts - 1]! * 60_000 : now,
    });
    deps.log.warn('creditor report send failed', { month: send.month, attempt: attempts, will_retry: retry, reason: message });
    return retry ? 'retrying' : 'failed';
  }
}
