import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '../../src/core/signature.ts';

/**
 * A webhook receiver that checks the HMAC signature and refuses replays (a delivery id seen before, or a stale
 * timestamp), as a careful receiver would. `failFirst` makes it answer 503 that many times first.
 */
export function webhookReceiver(secret: string, opts: { failFirst?: number; slack?: boolean; always?: number; now?: () => number } = {}) {
  const accepted: { body: unknown; delivery: string | undefined }[] = [];
  const refused: string[] = [];
  const seen = new Set<string>();
  let failures = opts.failFirst ?? 0;
  let hits = 0;
  const server: Server = createServer((req: IncomingMessage, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', async () => {
      hits++;
      if (opts.always) {
        res.writeHead(opts.always).end();
        return;
      }
      if (failures > 0) {
        failures--;
        res.writeHead(503).end();
        return;
      }
      if (!opts.slack) {
        const why = await verifySignature(secret, req.headers['earshot-signature'] as string | undefined, raw, (opts.now ?? Date.now)());
        const id = String(req.headers['earshot-delivery']);
        if (why || seen.has(id)) {
          refused.push(why ?? 'replay');
          res.writeHead(why ? 401 : 409).end();
          return;
        }
        seen.add(id);
      }
      accepted.push({ body: JSON.parse(raw), delivery: req.headers['earshot-delivery'] as string | undefined });
      res.writeHead(200).end('ok');
    });
  });
  return {
    accepted,
    refused,
    hits: () => hits,
    start: () => new Promise<string>((r) => server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`))),
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}
