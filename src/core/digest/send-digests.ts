// Sending the weekly digest: one e-mail per recipient per ISO week, recorded so a second run sends nothing twice,
// retried with back-off when the mail server or API fails, every outcome kept on the send's row.
import { claimSend, dueSends, ensureSends, finishSend, getDigestSettings, getSend, listRecipients, recipientByEmail, resetSend } from '../../../db/queries/digest-delivery.ts';
import type { StaffRole } from '../../../db/schema/constants.ts';
import type { DigestSend } from '../../../db/schema/digest.ts';
import type { Deps } from '../deps.ts';
import { MailError } from '../mail/mailer.ts';
import { buildDigest, DIGEST_LANGUAGES, type DigestLanguage } from './build-digest.ts';
import { renderDigest } from './render-digest.ts';
import { lastOccurrence, parseCron } from './schedule.ts';
import { formatIsoWeek, isoWeekOf, parseIsoWeek, previousWeek, type IsoWeek } from './week.ts';
import { DAY_MS } from '../time/durations.ts';

/** Monday 07:00 (UTC unless configured): the week that just ended, first thing. */
export const DEFAULT_SCHEDULE = { cron: '0 7 * * 1', timeZone: 'UTC', sender: null, enabled: true } as const;
/** A scheduled moment missed by more than this (the server was down) is not made up for. */
const CATCH_UP_MS = DAY_MS;
/** Minutes to wait after the 1st, 2nd … failed attempt; after the last, the send is given up as failed. */
export const DIGEST_RETRY_MINUTES = [5, 30, 120];
const LEASE_MS = 10 * 60_000;

export interface DigestRun {
  queued: number;
  sent: number;
  retrying: number;
  failed: number;
}

type SendDeps = Pick<Deps, 'db' | 'clock' | 'mailer' | 'config' | 'log'>;

const languageOf = (l: string): DigestLanguage => ((DIGEST_LANGUAGES as readonly string[]).includes(l) ? (l as DigestLanguage) : 'en');

/** The week a digest sent at `at` covers in `timeZone`: the last full ISO week before it. */
export const coveredWeek = (at: number, timeZone: string): IsoWeek => previousWeek(isoWeekOf(at, timeZone));

/**
 * The `send-digest` job: when the schedule's latest moment is recent, queue one send per enabled recipient for the
 * week it covers (in the recipient's time zone), then send whatever is due, new or retried.
 */
export async function sendDueDigests(deps: SendDeps): Promise<DigestRun> {
  const now = deps.clock.now();
  const settings = (await getDigestSettings(deps.db)) ?? DEFAULT_SCHEDULE;
  const run: DigestRun = { queued: 0, sent: 0, retrying: 0, failed: 0 };
  if (settings.enabled) {
    const cron = parseCron(settings.cron);
    const at = typeof cron === 'string' ? null : lastOccurrence(cron, settings.timeZone, now);
    if (typeof cron === 'string') deps.log.error('digest schedule unreadable; nothing queued', { reason: cron });
    if (at !== null && now - at <= CATCH_UP_MS) {
      const rows = (await listRecipients(deps.db)).filter((r) => r.enabled).map((r) => ({ email: r.email, week: formatIsoWeek(coveredWeek(at, r.timeZone)), role: r.role }));
      await ensureSends(deps.db, rows, now);
      run.queued = rows.length;
    }
  }
  for (const send of await dueSends(deps.db, now, 50)) {
    const outcome = await deliver(deps, send, settings.sender ?? null);
    if (outcome) run[outcome]++;
  }
  return run;
}

/** Builds and sends one queued digest; returns what became of it, or null when another run has it. */
async function deliver(deps: SendDeps, send: DigestSend, sender: string | null): Promise<'sent' | 'retrying' | 'failed' | null> {
  const now = deps.clock.now();
  if (!(await claimSend(deps.db, send.id, now, LEASE_MS))) return null;
  const attempts = send.attempts + 1;
  const recipient = await recipientByEmail(deps.db, send.email);
  const week = parseIsoWeek(send.week)!;
  try {
    const digest = await buildDigest(deps, {
      week,
      role: send.role,
      timeZone: recipient?.timeZone ?? 'UTC',
      language: languageOf(recipient?.language ?? 'en'),
      baseUrl: deps.config.publicUrl ?? null,
    });
    const mail = renderDigest(digest);
    const sent = await deps.mailer.send({
      from: sender ?? deps.config.mail.from,
      to: [send.email],
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      idempotencyKey: `digest:${send.week}:${send.email}`,
    });
    await finishSend(deps.db, send.id, { status: 'sent', attempts, nextAttemptAt: now, lastError: null, sentAt: deps.clock.now(), messageId: sent.id });
    return 'sent';
  } catch (err) {
    const message = err instanceof MailError ? err.message : 'the digest could not be built';
    if (!(err instanceof MailError)) deps.log.error('digest build failed', { week: send.week, error: err instanceof Error ? err.message : String(err) });
    const retry = (!(err instanceof MailError) || err.retryable) && attempts <= DIGEST_RETRY_MINUTES.length;
    await finishSend(deps.db, send.id, {
      status: retry ? 'pending' : 'failed',
      attempts,
      lastError: message,
      sentAt: null,
      messageId: null,
      nextAttemptAt: retry ? now + DIGEST_RETRY_MINUTES[attempts - 1]! * 60_000 : now,
    });
    deps.log.warn('digest send failed', { week: send.week, attempt: attempts, will_retry: retry, reason: message });
    return retry ? 'retrying' : 'failed';
  }
}

/**
 * Sends one digest now (`earshot digest --send`): honours the once-per-address-per-week record unless `force`.
 * Returns the send's row afterwards, or `already_sent`.
 */
export async function sendDigestNow(deps: SendDeps, o: { email: string; week: IsoWeek; role: StaffRole; force: boolean }): Promise<DigestSend | 'already_sent'> {
  const email = o.email.toLowerCase();
  const week = formatIsoWeek(o.week);
  const now = deps.clock.now();
  await ensureSends(deps.db, [{ email, week, role: o.role }], now);
  const row = (await getSend(deps.db, email, week))!;
  if (row.status === 'sent' && !o.force) return 'already_sent';
  await resetSend(deps.db, row.id, o.role, now);
  const settings = await getDigestSettings(deps.db);
  await deliver(deps, { ...row, role: o.role, status: 'pending', nextAttemptAt: now }, settings?.sender ?? null);
  return (await getSend(deps.db, email, week))!;
}
