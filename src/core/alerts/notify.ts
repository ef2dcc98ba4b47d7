// Sending queued alert notifications: once per alert, transition and channel (a unique row each), retried with
// back-off, every outcome recorded on the delivery. Notifications carry the alert's title, severity and reasons
// and a link; never mention text or anything about a case.
import { addressesOfRoles, claimDelivery, dueDeliveries, finishDelivery } from '../../../db/queries/alert-deliveries.ts';
import type { Alert, AlertDelivery, NotificationChannel } from '../../../db/schema/alerts.ts';
import type { Deps } from '../deps.ts';
import { escapeHtml } from '../escape-html.ts';
import { MailError } from '../mail/mailer.ts';
import { openSecrets, secretBoxFor } from '../secrets.ts';
import { CHANNEL_CONFIG, CHANNEL_SECRETS } from './channels.ts';
import { SIGNATURE_HEADER, signatureHeader } from '../signature.ts';
import { failedAttempt, LEASE_MS, post, SendError } from '../webhook-post.ts';

export interface Notification {
  type: `alert.${AlertDelivery['transition']}`;
  delivery_id: number;
  alert: {
    id: number;
    title: string;
    severity: Alert['severity'];
    status: Alert['status'];
    rule_kind: Alert['ruleKind'];
    reasons: string[];
    market: string | null;
    source_kind: string | null;
    mention_count: number;
    opened_at: string;
    url: string | null;
  };
}

export function notificationOf(d: AlertDelivery, a: Alert, publicUrl: string | undefined): Notification {
  return {
    type: `alert.${d.transition}`,
    delivery_id: d.id,
    alert: {
      id: a.id,
      title: a.title,
      severity: a.severity,
      status: a.status,
      rule_kind: a.ruleKind,
      reasons: a.reasons,
      market: a.market,
      source_kind: a.sourceKind,
      mention_count: a.mentionCount,
      opened_at: new Date(a.openedAt).toISOString(),
      url: publicUrl ? `${publicUrl.replace(/\/+$/, '')}/alerts/${a.id}` : null,
    },
  };
}

const VERB = { opened: 'New alert', escalated: 'Alert escalated', resolved: 'Alert resolved' } as const;

/** Slack's mrkdwn needs only &, < and > escaped. */
const slackEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function slackMessage(n: Notification): { text: string } {
  const a = n.alert;
  const lines = [
    `*${VERB[n.type.slice(6) as keyof typeof VERB]} [${a.severity}]: ${slackEscape(a.title)}*`,
    ...a.reasons.slice(0, 5).map((r) => `• ${slackEscape(r)}`),
    `${a.mention_count} mention${a.mention_count === 1 ? '' : 's'}${a.url ? ` · <${a.url}|Open in Earshot>` : ''}`,
  ];
  return { text: lines.join('\n') };
}

export function emailOf(n: Notification, from: string, to: string[], idempotencyKey: string) {
  const a = n.alert;
  const verb = VERB[n.type.slice(6) as keyof typeof VERB];
  const text = [`${verb} (${a.severity}): ${a.title}`, '', ...a.reasons.map((r) => `- ${r}`), '', `${a.mention_count} mention(s).`, ...(a.url ? [`Open: ${a.url}`] : [])].join(
    '\n',
  );
  const html = [
    `<p><strong>${escapeHtml(verb)} (${escapeHtml(a.severity)}):</strong> ${escapeHtml(a.title)}</p>`,
    `<ul>${a.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>`,
    `<p>${a.mention_count} mention(s).${a.url ? ` <a href="${escapeHtml(a.url)}">Open in Earshot</a>` : ''}</p>`,
  ].join('\n');
  return { from, to, subject: `[Earshot ${a.severity}] ${verb}: ${a.title}`, text, html, idempotencyKey };
}

async function send(deps: Pick<Deps, 'db' | 'channelFetch' | 'mailer' | 'config' | 'clock'>, d: AlertDelivery, a: Alert, c: NotificationChannel): Promise<void> {
  const n = notificationOf(d, a, deps.config.publicUrl);
  const box = await secretBoxFor(deps.config.secretKey);
  const config = await openSecrets(c.config, CHANNEL_SECRETS[c.kind], box).catch(() => {
    throw new SendError('the channel’s credentials cannot be read with the current EARSHOT_SECRET_KEY: enter them again', false);
  });
  if (c.kind === 'email') {
    const cfg = CHANNEL_CONFIG.email.parse(config);
    const to = [...new Set([...cfg.to, ...(await addressesOfRoles(deps.db, cfg.roles))])];
    if (to.length === 0) throw new SendError('no recipients: no active user has the channel’s roles', false);
    try {
      await deps.mailer.send(emailOf(n, deps.config.mail.from, to, `alert-delivery-${d.id}`));
    } catch (err) {
      if (err instanceof MailError) throw new SendError(err.message, err.retryable);
      throw err;
    }
    return;
  }
  if (c.kind === 'slack') {
    const cfg = CHANNEL_CONFIG.slack.parse(config);
    return post(deps.channelFetch, cfg.url, JSON.stringify(slackMessage(n)), {});
  }
  const cfg = CHANNEL_CONFIG.webhook.parse(config);
  const body = JSON.stringify(n);
  const t = Math.floor(deps.clock.now() / 1000);
  return post(deps.channelFetch, cfg.url, body, { [SIGNATURE_HEADER]: await signatureHeader(cfg.secret, body, t), 'earshot-delivery': String(d.id) });
}

/**
 * Sends a test notification through a channel, as a real one would go (signed, to the same receivers), and says
 * what happened in words. The test is an alert with id 0 and delivery 0, titled as a test, about nothing real.
 */
export async function sendTestNotification(
  deps: Pick<Deps, 'db' | 'channelFetch' | 'mailer' | 'config' | 'clock'>,
  c: NotificationChannel,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const now = deps.clock.now();
  const alert = {
    id: 0,
    title: 'Test from Earshot: this channel receives alerts',
    severity: 'low',
    status: 'open',
    ruleKind: 'manual',
    reasons: ['Sent by hand from the alert settings, to check the channel'],
    market: null,
    sourceKind: null,
    mentionCount: 0,
    openedAt: now,
  } as unknown as Alert;
  const delivery = { id: 0, transition: 'opened' } as AlertDelivery;
  try {
    await send(deps, delivery, alert, c);
    return { ok: true };
  } catch (err) {
    if (err instanceof SendError) return { ok: false, reason: err.message };
    throw err;
  }
}

export interface DeliveryReport {
  sent: number;
  retrying: number;
  failed: number;
}

/** Sends the deliveries that are due; each outcome is written to its row (and so shown on the alert). */
export async function deliverDue(deps: Pick<Deps, 'db' | 'channelFetch' | 'mailer' | 'config' | 'clock' | 'log'>, limit = 50): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };
  const now = deps.clock.now();
  for (const { delivery: d, alert: a, channel: c } of await dueDeliveries(deps.db, now, limit)) {
    if (!(await claimDelivery(deps.db, d.id, now, LEASE_MS))) continue;
    const attempts = d.attempts + 1;
    try {
      await send(deps, d, a, c);
      await finishDelivery(deps.db, d.id, { status: 'sent', attempts, nextAttemptAt: now, lastError: null, sentAt: deps.clock.now() });
      report.sent++;
    } catch (err) {
      if (!(err instanceof SendError)) deps.log.error('alert delivery failed unexpectedly', { delivery_id: d.id, error: err instanceof Error ? err.message : String(err) });
      const { retry, row } = failedAttempt(err, attempts, now);
      await finishDelivery(deps.db, d.id, row);
      deps.log.warn('alert delivery failed', { delivery_id: d.id, channel: c.name, attempt: attempts, will_retry: retry, reason: row.lastError });
      if (retry) report.retrying++;
      else report.failed++;
    }
  }
  return report;
}
