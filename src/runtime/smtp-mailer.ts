import nodemailer from 'nodemailer';
import { MailError, type Email, type Mailer } from '../core/mail/mailer.ts';

/** E-mail over SMTP with nodemailer (Node only): `smtp://user:pass@host:587` or `smtps://…:465`. */
export function smtpMailer(smtpUrl: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(email: Email) {
      try {
        const info = await transport.sendMail({
          from: email.from,
          to: email.to,
          subject: email.subject,
          text: email.text,
          html: email.html,
          headers: email.idempotencyKey ? { 'X-Earshot-Idempotency-Key': email.idempotencyKey } : undefined,
        });
        return { id: info.messageId ?? null };
      } catch (err) {
        // nodemailer's responseCode: 4xx is temporary, 5xx permanent; no code means the server was not reached.
        const code = (err as { responseCode?: number }).responseCode;
        throw new MailError(code ? `The SMTP server refused the message (${code})` : 'The SMTP server could not be reached', code === undefined || code < 500, code);
      }
    },
  };
}
