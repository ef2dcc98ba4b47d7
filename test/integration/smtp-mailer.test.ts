import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailError } from '../../src/core/mail/mailer.ts';
import { smtpMailer } from '../../src/runtime/smtp-mailer.ts';
import { recipientsOf, startSmtpServer } from '../helpers/smtp-server.ts';

// A real SMTP server on 127.0.0.1; it refuses one recipient permanently to exercise errors.
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
beforeAll(async () => {
  smtp = await startSmtpServer({ refuseRecipient: (a) => a.startsWith('refused@') });
});
afterAll(() => smtp.close());

describe('SMTP mailer against a real SMTP server', () => {
  it('delivers subject, text and HTML parts to every recipient', async () => {
    const mailer = smtpMailer(smtp.url);
    const sent = await mailer.send({
      from: 'Earshot <digest@earshot.example>',
      to: ['ana@example.com', 'bo@example.com'],
      subject: 'Week 47',
      text: 'Plain part',
      html: '<p>HTML part</p>',
      idempotencyKey: 'digest:2026-W47',
    });
    expect(sent.id).toMatch(/@/);
    const mail = smtp.inbox.at(-1)!;
    expect(mail.subject).toBe('Week 47');
    expect(mail.text?.trim()).toBe('Plain part');
    expect(mail.html).toContain('<p>HTML part</p>');
    expect(recipientsOf(mail)).toEqual(['ana@example.com', 'bo@example.com']);
    expect(mail.headers.get('x-earshot-idempotency-key')).toBe('digest:2026-W47');
  });

  it('a permanent refusal is not retryable; an unreachable server is', async () => {
    const refused = await smtpMailer(smtp.url)
      .send({ from: 'a@b.c', to: ['refused@example.com'], subject: 's', text: 't' })
      .catch((e) => e);
    expect(refused).toBeInstanceOf(MailError);
    expect(refused).toMatchObject({ retryable: false, status: 550 });
    const down = await smtpMailer('smtp://127.0.0.1:1')
      .send({ from: 'a@b.c', to: ['x@example.com'], subject: 's', text: 't' })
      .catch((e) => e);
    expect(down).toMatchObject({ retryable: true, message: 'The SMTP server could not be reached' });
  });
});
