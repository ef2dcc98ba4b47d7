import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSource, insertSource, sourceVolumes } from '../../db/queries/sources.ts';
import { runJob } from '../../jobs/run-job.ts';
import { sourceHealth, SPARK_DAYS, VOLUME_DAYS } from '../../src/sources/health.ts';
import { rss, serveBody, startFeedServer, type Handler } from '../helpers/feed-server.ts';
import { makeTestDeps } from '../helpers/test-deps.ts';

// Every kind of broken source in one polling run beside a good one: each ends with its reason in words, the
// right health and back-off; the good source is stored in full; the run itself succeeds.
const GOOD = rss([
  { guid: 'g1', title: 'Lumera keeps calling', description: 'Five calls a day from Lumera.' },
  { guid: 'g2', title: 'Lumera payment plan', description: 'Lumera agreed a plan, thanks.' },
]);
const MB = 1024 * 1024;

const FAULTS: [string, Handler, RegExp, { retryAfterMs?: number }?][] = [
  ['malformed XML', serveBody('<rss><channel><item><title>broken</title></item>'), /not|parse|read/i],
  ['HTML instead of a feed', serveBody('<!doctype html><html><body><h1>Welcome</h1></body></html>', 'text/html'), /web page, not/],
  ['a 10 MB body', serveBody(Buffer.alloc(10 * MB + 1, 'a')), /larger than/],
  ['a server that never answers', () => {}, /did not answer within/],
  ['a redirect loop', (_req, res) => res.writeHead(302, { location: '/redirect-loop' }).end(), /redirect/i],
  [
    'a gzip bomb',
    (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(64 * MB, ' '))),
    /larger than/,
  ],
  [
    'a wrong charset label',
    serveBody(Buffer.from(rss([{ guid: 'c1', title: 'Lumera ringer för ofta', description: 'Lumera ringer varje dag.' }]), 'utf8'), 'application/rss+xml; charset=x-klingon'),
    /.*/,
  ],
  ['429 with Retry-After', (_req, res) => res.writeHead(429, { 'retry-after': '3600' }).end(), /429/, { retryAfterMs: 3_600_000 }],
  ['500s', (_req, res) => res.writeHead(500).end('oops'), /500/],
];

describe('faults, each beside a good source', () => {
  let server: Awaited<ReturnType<typeof startFeedServer>>;
  beforeAll(async () => {
    server = await startFeedServer({ '/good.xml': serveBody(GOOD) });
    for (const [name, handler] of FAULTS) server.routes[`/${name.replace(/\W+/g, '-')}`] = handler;
    server.routes['/redirect-loop'] = (_req, res) => res.writeHead(302, { location: '/a-redirect-loop' }).end();
  });
  afterAll(() => server.close());

  it('every fault ends in a reason, degraded health and back-off; the good source is unaffected', async () => {
    const { deps, clock } = await makeTestDeps({ EARSHOT_FETCH_TIMEOUT_MS: '1500' });
    const ids = new Map<string, number>();
    for (const [name] of FAULTS) {
      ids.set(name, (await insertSource(deps.db, { name, kind: 'rss', url: server.url(`/${name.replace(/\W+/g, '-')}`), nextPollAt: 0 })).id);
    }
    const good = await insertSource(deps.db, { name: 'good', kind: 'rss', url: server.url('/good.xml'), nextPollAt: 0 });

    const run = await runJob(deps, 'poll-sources');
    expect(run.status).toBe('ok');
    const titles = (await deps.db.query.mentions.findMany()).map((m) => m.title).sort();
    expect(titles).toEqual(['Lumera keeps calling', 'Lumera payment plan', 'Lumera ringer för ofta']);
    expect((await getSource(deps.db, good.id))!).toMatchObject({ errorCount: 0, lastError: null });

    const volumes = await sourceVolumes(deps.db, clock.now(), VOLUME_DAYS, SPARK_DAYS);
    for (const [name, , reason, opts] of FAULTS) {
      const s = (await getSource(deps.db, ids.get(name)!))!;
      if (name === 'a wrong charset label') {
        // An unknown label is not fatal: the document is read as UTF-8 and stored.
        expect(s.errorCount, name).toBe(0);
        continue;
      }
      expect(s.errorCount, name).toBe(1);
      expect(s.lastError, name).toMatch(reason);
      expect(sourceHealth(s, volumes.get(s.id), clock.now()), name).toBe('degraded');
      expect(s.nextPollAt - clock.now(), name).toBeGreaterThanOrEqual(opts?.retryAfterMs ?? 900_000);
    }
  }, 30_000);
});
