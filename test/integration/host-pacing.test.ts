import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSource } from '../../db/queries/sources.ts';
import { pollSources } from '../../jobs/poll-sources.ts';
import { HostPacer } from '../../src/core/ingest/host-pacer.ts';
import { rss, serveBody, startFeedServer } from '../helpers/feed-server.ts';
import { makeTestDeps } from '../helpers/test-deps.ts';

describe('HostPacer', () => {
  it('spaces requests to one host and lets other hosts go at once', async () => {
    // Generous margins: a loaded machine only makes waits longer, so the upper bound is half a gap.
    const pacer = new HostPacer(300);
    const t0 = performance.now();
    await pacer.wait('http://a.example/1');
    await pacer.wait('http://b.example/1');
    expect(performance.now() - t0).toBeLessThan(150);
    await pacer.wait('http://a.example/2');
    await pacer.wait('http://a.example/3');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(598);
  });

  it('a gap of 0 never waits', async () => {
    const pacer = new HostPacer(0);
    const t0 = performance.now();
    for (let i = 0; i < 50; i++) await pacer.wait('http://a.example/');
    expect(performance.now() - t0).toBeLessThan(150);
  });
});

describe('the polling run is polite to each host', () => {
  let server: Awaited<ReturnType<typeof startFeedServer>>;
  const times: number[] = [];
  beforeAll(async () => {
    server = await startFeedServer();
    for (let i = 0; i < 4; i++) {
      const body = rss([{ guid: `g${i}`, title: `Item ${i}`, description: 'Lumera called again.' }]);
      server.routes[`/feed${i}.xml`] = (req, res) => {
        times.push(performance.now());
        serveBody(body)(req, res);
      };
    }
  });
  afterAll(() => server.close());

  it('requests to the same host are at least EARSHOT_HOST_GAP_MS apart', async () => {
    const { deps } = await makeTestDeps({ EARSHOT_HOST_GAP_MS: '80' });
    for (let i = 0; i < 4; i++) await insertSource(deps.db, { name: `feed ${i}`, kind: 'rss', url: server.url(`/feed${i}.xml`), nextPollAt: 0 });
    const report = await pollSources(deps);
    expect(report.counts).toMatchObject({ ok: 4 });
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps).toHaveLength(3);
    // Slots are 80 ms apart; arrival times also carry connection set-up jitter (the first request opens the socket).
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(55);
  });
});
