import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRecipient, saveDigestSettings, sendsOfWeek } from '../../../db/queries/digest-delivery.ts';
import { insertSource } from '../../../db/queries/sources.ts';
import { sendDigestNow, sendDueDigests } from '../../../src/core/digest/send-digests.ts';
import { storeMentions } from '../../../src/core/ingest/store-mentions.ts';
import { smtpMailer } from '../../../src/runtime/smtp-mailer.ts';
import { recipientsOf, startSmtpServer } from '../../helpers/smtp-server.ts';
import { makeTestDeps } from '../../helpers/test-deps.ts';

// A real SMTP server on 127.0.0.1.
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(() => smtp.close());

// Monday 23 November 2026, 07:02 in Riga (05:02 UTC): the digest of 2026-W47 (16–22 November) is due.
const MONDAY = Date.parse('2026-11-23T05:02:00Z');
const IN_W47 = Date.parse('2026-11-18T10:00:00Z');

async function setup() {
  const { deps, clock } = await makeTestDeps({ EARSHOT_PUBLIC_URL: 'https://earshot.example' });
  clock.set(MONDAY);
  deps.mailer = smtpMailer(smtp.url);
  const source = (await insertSource(deps.db, { name: 'Forum <b>x</b>', kind: 'rss', createdAt: IN_W47 - 30 * 86_400_000 })).id;
  await storeMentions(deps, source, [
    {
      externalKey: 'a',
      url: null,
      author: 'kim_v',
      title: 'Lumera <script>alert(1)</script>',
      text: 'Lumera calls me every day about case 40512377, <img src=x onerror=alert(1)> it is harassment.',
      publishedAt: IN_W47,
      languageHint: 'en',
    },
    {
      externalKey: 'b',
      url: null,
      author: null,
      title: null,
      text: 'Lumera agreed a payment plan with me, the agent was kind.',
      publishedAt: IN_W47 + 3_600_000,
      languageHint: 'en',
    },
  ]);
  await saveDigestSettings(deps.db, { cron: '0 7 * * 1', timeZone: 'Europe/Riga', sender: 'Earshot <digest@lumera.example>', enabled: true, now: MONDAY });
  await insertRecipient(deps.db, { email: 'ana@lumera.example', name: 'Ana', role: 'comms', timeZone: 'Europe/Riga', language: 'en', enabled: true, now: MONDAY });
  await insertRecipient(deps.db, { email: 'olof@lumera.example', name: 'Olof', role: 'credit_manager', timeZone: 'Europe/Stockholm', language: 'sv', enabled: true, now: MONDAY });
  await insertRecipient(deps.db, { email: 'off@lumera.example', name: null, role: 'viewer', timeZone: 'UTC', language: 'en', enabled: false, now: MONDAY });
  return { deps, clock };
}

describe('sending the weekly digest', () => {
  it('sends one e-mail per enabled recipient for the week that ended, once, with HTML and text parts and no raw HTML from mentions', async () => {
    const { deps, clock } = await setup();
    const before = smtp.inbox.length;
    expect(await sendDueDigests(deps)).toEqual({ queued: 2, sent: 2, retrying: 0, failed: 0 });
    const mails = smtp.inbox.slice(before);
    expect(mails.flatMap(recipientsOf).sort()).toEqual(['ana@lumera.example', 'olof@lumera.example']);
    const ana = mails.find((m) => recipientsOf(m)[0] === 'ana@lumera.example')!;
    expect(ana.subject).toMatch(/2026-W47/);
    expect((ana.from as { value: { address: string }[] }).value[0]!.address).toBe('digest@lumera.example');
    expect(ana.text).toBeTruthy();
    expect(ana.html).toBeTruthy();
    const html = String(ana.html);
    expect(html).toContain('https://earshot.example/');
    expect(html).not.toMatch(/<script|<img|onerror=|<b>x<\/b>/i);
    expect(html).not.toContain('kim_v');
    expect(html).not.toContain('40512377');
    expect(ana.headers.get('x-earshot-idempotency-key')).toBe('digest:2026-W47:ana@lumera.example');

    // Later runs the same week send nothing again.
    clock.set(MONDAY + 5 * 60_000);
    expect(await sendDueDigests(deps)).toEqual({ queued: 2, sent: 0, retrying: 0, failed: 0 });
    clock.set(MONDAY + 3 * 86_400_000);
    expect(await sendDueDigests(deps)).toEqual({ queued: 0, sent: 0, retrying: 0, failed: 0 });
    expect(smtp.inbox.length).toBe(before + 2);
    expect((await sendsOfWeek(deps.db, '2026-W47')).map((s) => [s.email, s.status, s.attempts])).toEqual([
      ['ana@lumera.example', 'sent', 1],
      ['olof@lumera.example', 'sent', 1],
    ]);
  });

  it('retries a temporary refusal with back-off and records every outcome', async () => {
    const { deps, clock } = await setup();
    smtp.failNext(2);
    const before = smtp.inbox.length;
    expect(await sendDueDigests(deps)).toEqual({ queued: 2, sent: 0, retrying: 2, failed: 0 });
    const waiting = await sendsOfWeek(deps.db, '2026-W47');
    expect(waiting.map((s) => [s.status, s.attempts, s.lastError])).toEqual([
      ['pending', 1, 'The SMTP server refused the message (451)'],
      ['pending', 1, 'The SMTP server refused the message (451)'],
    ]);
    expect(await sendDueDigests(deps)).toMatchObject({ sent: 0 }); // not due yet
    clock.set(MONDAY + 5 * 60_000);
    expect(await sendDueDigests(deps)).toMatchObject({ sent: 2, retrying: 0 });
    expect(smtp.inbox.length).toBe(before + 2);
    expect((await sendsOfWeek(deps.db, '2026-W47')).map((s) => [s.status, s.attempts, s.lastError])).toEqual([
      ['sent', 2, null],
      ['sent', 2, null],
    ]);
  });

  it('does not make up for a schedule missed by more than a day, and sends nothing when turned off', async () => {
    const { deps, clock } = await setup();
    clock.set(MONDAY + 26 * 3_600_000);
    expect(await sendDueDigests(deps)).toEqual({ queued: 0, sent: 0, retrying: 0, failed: 0 });
    clock.set(MONDAY);
    await saveDigestSettings(deps.db, { cron: '0 7 * * 1', timeZone: 'Europe/Riga', sender: null, enabled: false, now: MONDAY });
    expect(await sendDueDigests(deps)).toEqual({ queued: 0, sent: 0, retrying: 0, failed: 0 });
  });

  it('a send now honours the once-a-week record unless forced', async () => {
    const { deps } = await setup();
    const before = smtp.inbox.length;
    const week = { year: 2026, week: 47 };
    const first = await sendDigestNow(deps, { email: 'Ana@Lumera.example', week, role: 'comms', force: false });
    expect(first).toMatchObject({ status: 'sent', email: 'ana@lumera.example' });
    expect(await sendDigestNow(deps, { email: 'ana@lumera.example', week, role: 'comms', force: false })).toBe('already_sent');
    expect(await sendDigestNow(deps, { email: 'ana@lumera.example', week, role: 'comms', force: true })).toMatchObject({ status: 'sent' });
    expect(smtp.inbox.length).toBe(before + 2);
  });
});
