import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertChannel } from '../../../db/queries/alerts.ts';
import { getSource, insertSource } from '../../../db/queries/sources.ts';
import { storeMentions } from '../../../src/core/ingest/store-mentions.ts';
import { pollSource } from '../../../src/sources/poll-source.ts';
import { evaluateAlerts } from '../../../src/core/alerts/evaluate.ts';
import { deliverDue } from '../../../src/core/alerts/notify.ts';
import { sealSecrets, secretBoxFor } from '../../../src/core/secrets.ts';
import { rss, serveBody, startFeedServer } from '../../helpers/feed-server.ts';
import { makeTestDeps } from '../../helpers/test-deps.ts';

// Issue 14, item 7: notification channels have their own allow-list (EARSHOT_CHANNEL_ALLOW), apart from the sources'
// (EARSHOT_FETCH_ALLOW), so a comms user cannot aim a webhook at an internal port the sources may reach.

const KEY = 'channel-allow-test-secret-key-0123456789abcdef';
const SECRET = 'webhook-signing-secret-of-32-chars-or-more';
const REGULATOR = 'Lumera keeps calling me about a debt I already paid. I am filing a complaint with the financial regulator tomorrow.';

let hits = 0;
let hook: Server;
let hookUrl: string;
let feed: Awaited<ReturnType<typeof startFeedServer>>;
beforeAll(async () => {
  hook = createServer((req, res) => {
    hits++;
    req.resume().on('end', () => res.writeHead(200).end('ok'));
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
  feed = await startFeedServer({ '/feed.xml': serveBody(rss([{ guid: 'a', title: 'Hello', description: 'World' }])) });
});
afterAll(async () => {
  await new Promise<void>((r) => hook.close(() => r()));
  await feed.close();
});

/** A workspace with one webhook channel to the local receiver and one open alert for it. */
async function workspace(env: Record<string, string>) {
  const { deps, clock } = await makeTestDeps({ EARSHOT_SECRET_KEY: KEY, ...env });
  clock.set(Date.now());
  const config = await sealSecrets({ url: hookUrl, secret: SECRET }, ['url', 'secret'], await secretBoxFor(KEY));
  await insertChannel(deps.db, { name: 'Hook', kind: 'webhook', config, minSeverity: 'medium', enabled: true, createdAt: clock.now(), updatedAt: clock.now() });
  const source = (await insertSource(deps.db, { name: 'Forum', kind: 'rss', url: feed.url('/feed.xml'), createdAt: clock.now() - 40 * 86_400_000 })).id;
  await evaluateAlerts(deps);
  clock.advance(60_000);
  await storeMentions(deps, source, [{ externalKey: 'k1', url: null, author: null, title: null, text: REGULATOR, publishedAt: clock.now(), languageHint: 'en' }]);
  await evaluateAlerts(deps);
  const deliveries = () => deps.db.all<{ status: string; last_error: string | null }>(sql`SELECT status, last_error FROM alert_deliveries ORDER BY id`);
  return { deps, source, deliveries };
}

describe('EARSHOT_CHANNEL_ALLOW', () => {
  it('a private receiver the sources may reach is refused for channels, at once and in plain words', async () => {
    const { deps, source, deliveries } = await workspace({ EARSHOT_FETCH_ALLOW: '127.0.0.1', EARSHOT_CHANNEL_ALLOW: '' });
    const before = hits;
    expect(await deliverDue(deps)).toEqual({ sent: 0, retrying: 0, failed: 1 });
    expect(hits).toBe(before);
    expect(await deliveries()).toMatchObject([
      { status: 'failed', last_error: 'the receiver is on a private or local network address; add it to EARSHOT_CHANNEL_ALLOW to send to it' },
    ]);
    // The sources' allow-list still works for sources.
    expect(await pollSource(deps, (await getSource(deps.db, source))!)).toMatchObject({ outcome: 'ok' });
  });

  it('the receiver named with its port in EARSHOT_CHANNEL_ALLOW is reached; sources do not gain it', async () => {
    const port = new URL(hookUrl).port;
    const { deps, source } = await workspace({ EARSHOT_FETCH_ALLOW: '', EARSHOT_CHANNEL_ALLOW: `127.0.0.1:${port}` });
    const before = hits;
    expect(await deliverDue(deps)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(hits).toBe(before + 1);
    expect(await pollSource(deps, (await getSource(deps.db, source))!)).toMatchObject({ outcome: 'failed', code: 'BLOCKED_ADDRESS' });
  });
});
