import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailError } from '../../src/core/mail/mailer.ts';
import { smtpMailer } from '../../src/runtime/smtp-mailer.ts';

let server: SMTPServer;
let port: number;
const inbox: ParsedMail[] = [];

beforeAll(async () => {
  // A real SMTP server on 127.0.0.1; it refuses one recipient permanently to exercise errors.
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(address, _session, cb) {
      if (address.address.startsWith('refused@')) return cb(Object.assign(new Error('No such user'), { responseCode: 550 }));
      cb();
    },
    onData(stream, _session, cb) {
      simpleParser(stream).then((mail) => {
        inbox.push(mail);
        cb();
      }, cb);
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('SMTP mailer against a real SMTP server', () => {
  it('delivers subject, text and HTML parts to every recipient', async () => {
    const mailer = smtpMailer(`smtp://127.0.0.1:${port}`);
    const sent = await mailer.send({ from: 'Earshot <digest@earshot.example>', to: ['ana@example.com', 'bo@example.com'], subject: 'Week 47', text: 'Plain part', html: '<p>HTML part</p>', idempotencyKey: 'digest:2026-W47' });
    expect(sent.id).toMatch(/@/);
    const mail = inbox.at(-1)!;
    expect(mail.subject).toBe('Week 47');
    expect(mail.text?.trim()).toBe('Plain part');
    expect(mail.html).toContain('<p>HTML part</p>');
    expect((mail.to as { value: { address: string }[] }).value.map((v) => v.address)).toEqual(['ana@example.com', 'bo@example.com']);
    expect(mail.headers.get('x-earshot-idempotency-key')).toBe('digest:2026-W47');
  });

  it('a permanent refusal is not retryable; an unreachable server is', async () => {
    const refused = await smtpMailer(`smtp://127.0.0.1:${port}`).send({ from: 'a@b.c', to: ['refused@example.com'], subject: 's', text: 't' }).catch((e) => e);
    expect(refused).toBeInstanceOf(MailError);
    expect(refused).toMatchObject({ retryable: false, status: 550 });
    const down = await smtpMailer('smtp://127.0.0.1:1').send({ from: 'a@b.c', to: ['x@example.com'], subject: 's', text: 't' }).catch((e) => e);
    expect(down).toMatchObject({ retryable: true, message: 'The SMTP server could not be reached' });
  });
});
