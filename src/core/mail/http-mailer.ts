import { MailError, type Email, type Mailer } from './mailer.ts';

export interface HttpMailerOptions {
  /** The provider's send endpoint, e.g. https://api.resend.com/emails (any API taking the same JSON). */
  url: string;
  apiKey: string;
  timeoutMs?: number;
}

/**
 * E-mail through an HTTP API (SMTP is not available on Workers): POST `{from, to, subject, text, html}` as JSON
 * with a bearer key and an `Idempotency-Key`, the shape Resend and compatible APIs take; the answer's `id` is kept.
 */
export function httpMailer(fetchFn: typeof fetch, options: HttpMailerOptions): Mailer {
  return {
    async send(email: Email) {
      const headers: Record<string, string> = {
        authorization: `Bearer ${options.apiKey}`,
        'content-type': 'application/json',
      };
      if (email.idempotencyKey) headers['idempotency-key'] = email.idempotencyKey;
      let res: Response;
      try {
        res = await fetchFn(options.url, {
          method: 'POST',
          headers,
          body: JSON.stringify({ from: email.from, to: email.to, subject: email.subject, text: email.text, html: email.html }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
        });
      } catch (err) {
        const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
        throw new MailError(timedOut ? 'The e-mail API did not answer in time' : 'The e-mail API could not be reached', true);
      }
      if (!res.ok) {
        await res.body?.cancel();
        const retryable = res.status === 429 || res.status >= 500;
        throw new MailError(`The e-mail API refused the message (HTTP ${res.status})`, retryable, res.status);
      }
      const body = (await res.json().catch(() => null)) as { id?: unknown } | null;
      return { id: typeof body?.id === 'string' ? body.id : null };
    },
  };
}
