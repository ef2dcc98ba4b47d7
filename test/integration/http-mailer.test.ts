import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpMailer } from '../../src/core/mail/http-mailer.ts';
import { MailError, unconfiguredMailer } from '../../src/core/mail/mailer.ts';
import { startFeedServer } from '../helpers/feed-server.ts';

type Server = Awaited<ReturnType<typeof startFeedServer>>;
let api: Server;
const received: { headers: Record<string, unknown>; body: unknown }[] = [];

beforeAll(async () => {
  // A local stand-in for an HTTP e-mail API: records what it receives, answers like the provider.
  api = await startFeedServer({
    '/emails': (req, res) => {
      let raw = '';
      req.on('data', (d) => (raw += d));
      req.on('end', () => {
        received.push({ headers: req.headers, body: JSON.parse(raw) });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `msg_${received.length}` }));
      });
    },
    '/busy': (_req, res) => res.writeHead(503).end(),
    '/bad': (_req, res) => res.writeHead(422, { 'content-type': 'application/json' }).end('{"message":"to: alice@example.com is invalid"}'),
    '/slow': () => undefined,
  });
});
afterAll(() => api.close());

const email = { from: 'Earshot <digest@earshot.example>', to: ['ana@example.com'], subject: 'Week 47', text: 'Plain', html: '<p>Rich</p>', idempotencyKey: 'digest:2026-W47:ana' };

describe('HTTP e-mail adapter against a local receiver', () => {
  it('posts the message as JSON with the key and idempotency key, and keeps the provider id', async () => {
    const mailer = httpMailer(fetch, { url: api.url('/emails'), apiKey: 'key-123' });
    expect(await mailer.send(email)).toEqual({ id: 'msg_1' });
    expect(received[0]!.headers.authorization).toBe('Bearer key-123');
    expect(received[0]!.headers['idempotency-key']).toBe('digest:2026-W47:ana');
    expect(received[0]!.body).toEqual({ from: email.from, to: email.to, subject: 'Week 47', text: 'Plain', html: '<p>Rich</p>' });
  });

  it('says whether a failure is worth retrying, without echoing the provider body', async () => {
    const busy = await httpMailer(fetch, { url: api.url('/busy'), apiKey: 'k' })
      .send(email)
      .catch((e) => e);
    expect(busy).toBeInstanceOf(MailError);
    expect(busy).toMatchObject({ retryable: true, status: 503 });
    const bad = await httpMailer(fetch, { url: api.url('/bad'), apiKey: 'k' })
      .send(email)
      .catch((e) => e);
    expect(bad).toMatchObject({ retryable: false, status: 422 });
    expect(bad.message).not.toContain('alice');
    const slow = await httpMailer(fetch, { url: api.url('/slow'), apiKey: 'k', timeoutMs: 200 })
      .send(email)
      .catch((e) => e);
    expect(slow).toMatchObject({ retryable: true, message: 'The e-mail API did not answer in time' });
    const down = await httpMailer(fetch, { url: 'http://127.0.0.1:1/emails', apiKey: 'k' })
      .send(email)
      .catch((e) => e);
    expect(down).toMatchObject({ retryable: true, message: 'The e-mail API could not be reached' });
  });

  it('an unconfigured mailer fails with what to set', async () => {
    await expect(unconfiguredMailer.send(email)).rejects.toThrow(/EARSHOT_MAIL_API_URL/);
  });
});
