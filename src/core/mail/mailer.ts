/** Sending e-mail, whatever carries it: SMTP on Node, an HTTP e-mail API on Workers. */
export interface Email {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html?: string;
  /** Lets the provider drop a repeated send of the same message (digest week + recipient, alert + transition). */
  idempotencyKey?: string;
}

export interface Mailer {
  send(email: Email): Promise<{ id: string | null }>;
}

/** Why a send failed, in words, and whether trying again later can help. Never carries the message itself. */
export class MailError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'MailError';
  }
}

/** The mailer when none is configured: every send fails with a message that says what to set. */
export const unconfiguredMailer: Mailer = {
  send: async () => {
    throw new MailError('E-mail is not configured: set SMTP_URL (Node) or EARSHOT_MAIL_API_URL and EARSHOT_MAIL_API_KEY', false);
  },
};
