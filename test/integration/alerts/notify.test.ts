import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertChannel } from '../../../db/queries/alerts.ts';
import { insertSource } from '../../../db/queries/sources.ts';
import { createUser } from '../../../src/core/auth/accounts.ts';
import { storeMentions } from '../../../src/core/ingest/store-mentions.ts';
import { evaluateAlerts } from '../../../src/core/alerts/evaluate.ts';
import { changeAlert } from '../../../src/core/alerts/lifecycle.ts';
import { deliverDue } from '../../../src/core/alerts/notify.ts';
import { RETRY_MINUTES } from '../../../src/core/webhook-post.ts';
import { testNotificationChannel } from '../../../src/actions/alerts/test-channel.ts';
import { sealSecrets, secretBoxFor } from '../../../src/core/secrets.ts';
import { smtpMailer } from '../../../src/runtime/smtp-mailer.ts';
import { recipientsOf, startSmtpServer } from '../../helpers/smtp-server.ts';
import { makeTestDeps } from '../../helpers/test-deps.ts';
import { webhookReceiver } from '../../helpers/webhook-receiver.ts';

const receiver = (opts: Parameters<typeof webhookReceiver>[1] = {}) => webhookReceiver(SECRET, opts);

const KEY = 'alert-test-secret-key-0123456789abcdef';
const SECRET = 'webhook-signing-secret-of-32-chars-or-more';
const REGULATOR = 'Lumera keeps calling me about a debt I already paid. I am filing a complaint with the financial regulator tomorrow.';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(() => smtp.close());

async function setup() {
  const { deps, clock } = await makeTestDeps({ EARSHOT_SECRET_KEY: KEY, EARSHOT_PUBLIC_URL: 'https://earshot.example' });
  // The real clock for signatures: the receiver checks them against its own time.
  clock.set(Date.now());
  deps.mailer = smtpMailer(smtp.url);
  const box = await secretBoxFor(KEY);
  const channel = async (name: string, kind: 'email' | 'webhook' | 'slack', config: Record<string, unknown>) =>
    insertChannel(deps.db, {
      name,
      kind,
      config: await sealSecrets(config, kind === 'email' ? [] : kind === 'slack' ? ['url'] : ['url', 'secret'], box),
      minSeverity: 'medium',
      enabled: true,
      createdAt: clock.now(),
      updatedAt: clock.now(),
    });
  const source = (await insertSource(deps.db, { name: 'Forum', kind: 'rss', createdAt: clock.now() - 40 * 86_400_000 })).id;
  await evaluateAlerts(deps);
  const raise = async (text = REGULATOR) => {
    clock.advance(60_000);
    await storeMentions(deps, source, [{ externalKey: `k${clock.now()}`, url: null, author: null, title: null, text, publishedAt: clock.now(), languageHint: 'en' }]);
    await evaluateAlerts(deps);
    const [row] = await deps.db.all<{ id: number }>(sql`SELECT id FROM alerts ORDER BY id DESC LIMIT 1`);
    return row!.id;
  };
  const deliveries = () =>
    deps.db.all<{ transition: string; status: string; attempts: number; last_error: string | null }>(
      sql`SELECT transition, status, attempts, last_error FROM alert_deliveries ORDER BY id`,
    );
  return { deps, clock, channel, raise, deliveries };
}

describe('alert notifications', () => {
  it('e-mails the people of a role once per transition, through a real SMTP server', async () => {
    const { deps, channel, raise, deliveries } = await setup();
    const comms = await createUser(deps, { email: 'ana@lumera.example', role: 'comms' });
    await createUser(deps, { email: 'viewer@lumera.example', role: 'viewer' });
    await channel('Comms team', 'email', { roles: ['comms'], to: ['duty@lumera.example'] });
    const id = await raise();
    const before = smtp.inbox.length;
    expect(await deliverDue(deps)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(await deliverDue(deps)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(smtp.inbox.length).toBe(before + 1);
    const mail = smtp.inbox.at(-1)!;
    expect(mail.subject).toBe('[Earshot high] New alert: Threat to go to a regulator, lawyer or the press — en');
    expect(recipientsOf(mail).sort()).toEqual(['ana@lumera.example', 'duty@lumera.example']);
    expect(mail.text).toContain('- Negative, and the author mentions going to a regulator or ombudsman');
    expect(mail.text).toContain(`Open: https://earshot.example/alerts/${id}`);
    expect(mail.text).not.toContain('filing a complaint'); // never the mention's words
    expect(mail.html).toContain(`href="https://earshot.example/alerts/${id}"`);

    await changeAlert(deps, id, { status: 'acknowledged' }, comms.id); // not a notifying transition
    await changeAlert(deps, id, { status: 'resolved' }, comms.id);
    await deliverDue(deps);
    expect((await deliveries()).map((d) => [d.transition, d.status])).toEqual([
      ['opened', 'sent'],
      ['resolved', 'sent'],
    ]);
    expect(smtp.inbox.at(-1)!.subject).toMatch(/^\[Earshot high\] Alert resolved: /);
  });

  it('signs webhooks with HMAC-SHA256; the receiver verifies them and a replay is refused', async () => {
    const r = receiver();
    const url = await r.start();
    try {
      const { deps, channel, raise } = await setup();
      await channel('Incident system', 'webhook', { url, secret: SECRET });
      const id = await raise();
      await deliverDue(deps);
      expect(r.accepted).toHaveLength(1);
      expect(r.accepted[0]!.body).toMatchObject({ type: 'alert.opened', alert: { id, severity: 'high', rule_kind: 'escalation', url: `https://earshot.example/alerts/${id}` } });
      expect(JSON.stringify(r.accepted[0]!.body)).not.toContain('filing a complaint');
      // The same delivery sent again (as a replay would be) is refused by the receiver.
      const res = await fetch(url, { method: 'POST', headers: { 'earshot-delivery': r.accepted[0]!.delivery!, 'earshot-signature': 't=1,v1=' + '0'.repeat(64) }, body: '{}' });
      expect(res.status).toBe(401);
      expect(r.refused).toEqual(['the signature timestamp is more than 300 seconds from now']);
    } finally {
      await r.stop();
    }
  });

  it('sends a test through a channel now, signed like a real one, and says in words when it does not get through', async () => {
    const r = receiver();
    const url = await r.start();
    const down = receiver({ always: 500 });
    const downUrl = await down.start();
    try {
      const { deps, channel } = await setup();
      const ok = await channel('Incident system', 'webhook', { url, secret: SECRET });
      const bad = await channel('Broken', 'webhook', { url: downUrl, secret: SECRET });
      const mail = await channel('Desk', 'email', { to: ['desk@lumera.example'], roles: [] });
      const admin = await createUser(deps, { email: 'test-admin@lumera.example', role: 'admin' });
      expect(await testNotificationChannel(deps, admin, ok.id)).toEqual({ ok: true });
      expect(r.accepted[0]!.body).toMatchObject({ type: 'alert.opened', delivery_id: 0, alert: { id: 0, title: 'Test from Earshot: this channel receives alerts' } });
      expect(await testNotificationChannel(deps, admin, bad.id)).toEqual({ ok: false, reason: 'the receiver answered HTTP 500' });
      expect(await testNotificationChannel(deps, admin, mail.id)).toEqual({ ok: true });
      expect(recipientsOf(smtp.inbox.at(-1)!)).toEqual(['desk@lumera.example']);
      expect(smtp.inbox.at(-1)!.subject).toBe('[Earshot low] New alert: Test from Earshot: this channel receives alerts');
      const audit = await deps.db.all<{ details: string }>(sql`SELECT details FROM audit_log WHERE action = 'notification_channel.test' ORDER BY id`);
      expect(audit.map((a) => JSON.parse(a.details))).toEqual([{ ok: true }, { ok: false }, { ok: true }]);
      // A test is not a delivery: nothing is queued or recorded for an alert.
      expect(await deps.db.all(sql`SELECT id FROM alert_deliveries`)).toEqual([]);
    } finally {
      await r.stop();
      await down.stop();
    }
  });

  it('retries a receiver that fails twice with back-off, and delivers exactly once', async () => {
    // The receiver shares the test's clock, which jumps ahead for the back-off.
    let clockNow = Date.now;
    const r = receiver({ failFirst: 2, now: () => clockNow() });
    const url = await r.start();
    try {
      const { deps, clock, channel, raise, deliveries } = await setup();
      clockNow = () => clock.now();
      await channel('Flaky hook', 'webhook', { url, secret: SECRET });
      await raise();
      expect(await deliverDue(deps)).toEqual({ sent: 0, retrying: 1, failed: 0 });
      expect(await deliverDue(deps)).toEqual({ sent: 0, retrying: 0, failed: 0 }); // not due yet
      expect(await deliveries()).toMatchObject([{ status: 'pending', attempts: 1, last_error: 'the receiver answered HTTP 503' }]);
      clock.advance(RETRY_MINUTES[0]! * 60_000);
      expect(await deliverDue(deps)).toEqual({ sent: 0, retrying: 1, failed: 0 });
      clock.advance(RETRY_MINUTES[1]! * 60_000);
      expect(await deliverDue(deps)).toEqual({ sent: 1, retrying: 0, failed: 0 });
      clock.advance(24 * 3_600_000);
      expect(await deliverDue(deps)).toEqual({ sent: 0, retrying: 0, failed: 0 });
      expect(r.hits()).toBe(3);
      expect(r.accepted).toHaveLength(1);
      expect(await deliveries()).toMatchObject([{ status: 'sent', attempts: 3, last_error: null }]);
    } finally {
      await r.stop();
    }
  });

  it('posts a Slack-compatible message with escaped text; a 4xx is given up at once and recorded', async () => {
    const slack = receiver({ slack: true });
    const gone = receiver({ always: 410 });
    const url = await slack.start();
    const goneUrl = await gone.start();
    try {
      const { deps, channel, raise, deliveries } = await setup();
      await channel('Slack #alerts', 'slack', { url });
      await channel('Gone hook', 'webhook', { url: goneUrl, secret: SECRET });
      await raise(`${REGULATOR} <script>alert(1)</script>`);
      const report = await deliverDue(deps);
      expect(report.sent).toBe(1);
      const text = (slack.accepted[0]!.body as { text: string }).text;
      expect(text).toMatch(/^\*New alert \[high\]: Threat to go to a regulator, lawyer or the press — en\*\n• Negative, and the author/);
      expect(text).not.toContain('<script>');
      expect(report.failed).toBe(1);
      expect(await deliveries()).toMatchObject([
        { status: 'sent', attempts: 1 },
        { status: 'failed', attempts: 1, last_error: 'the receiver answered HTTP 410' },
      ]);
      expect(await deliverDue(deps)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    } finally {
      await slack.stop();
      await gone.stop();
    }
  });

  it('snoozed alerts queue no notifications until the snooze ends', async () => {
    const { deps, clock, channel, raise, deliveries } = await setup();
    const comms = await createUser(deps, { email: 'bo@lumera.example', role: 'comms' });
    await channel('Duty', 'email', { to: ['duty@lumera.example'] });
    const id = await raise();
    await deliverDue(deps);
    await changeAlert(deps, id, { snoozedUntil: clock.now() + 3_600_000 }, comms.id);
    await changeAlert(deps, id, { status: 'resolved' }, comms.id);
    expect((await deliveries()).map((d) => d.transition)).toEqual(['opened']);
  });
});
