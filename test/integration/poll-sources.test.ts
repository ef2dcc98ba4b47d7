import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recentJobRuns } from '../../db/queries/job-runs.ts';
import { getSource, insertSource } from '../../db/queries/sources.ts';
import { runJob } from '../../jobs/run-job.ts';
import type { Deps } from '../../src/core/deps.ts';
import { rss, serveBody, startFeedServer } from '../helpers/feed-server.ts';
import { makeTestDeps } from '../helpers/test-deps.ts';

type Server = Awaited<ReturnType<typeof startFeedServer>>;
let server: Server;
let deps: Deps;
let clock: Awaited<ReturnType<typeof makeTestDeps>>['clock'];

const items = [
  { guid: 'g1', title: 'Lumera keeps calling', description: '<p>Lumera called me <b>8 times</b> today. Awful.</p>', pubDate: 'Wed, 18 Nov 2026 10:00:00 GMT', author: 'ann' },
  { guid: 'g2', title: 'Thanks Lumera', description: 'The agent was helpful and we agreed a payment plan.', pubDate: 'Thu, 19 Nov 2026 10:00:00 GMT' },
  { guid: 'g3', title: 'Script test', description: '<script>alert(1)</script>Lumera sent a letter.', pubDate: 'Fri, 20 Nov 2026 10:00:00 GMT' },
];

const count = async (table: 'mentions' | 'mention_analysis') => Number((await deps.db.all<{ n: number }>(sql.raw(`SELECT count(*) AS n FROM ${table}`)))[0]!.n);

const addFeed = (name: string, path: string) => insertSource(deps.db, { name, kind: 'rss', url: server.url(path), nextPollAt: 0 });

beforeEach(async () => {
  ({ deps, clock } = await makeTestDeps());
  server = await startFeedServer();
});
afterEach(() => server.close());

describe('poll-sources job', () => {
  it('stores and analyses every entry over real HTTP, HTML stripped; a re-poll stores nothing twice', async () => {
    server.routes['/feed.xml'] = serveBody(rss(items), 'application/rss+xml; charset=utf-8', { etag: '"v1"' });
    const source = await addFeed('Feed', '/feed.xml');

    const first = await runJob(deps, 'poll-sources');
    expect(first).toMatchObject({ status: 'ok', counts: { sources: 1, ok: 1, new_mentions: 3 } });
    expect(await count('mentions')).toBe(3);
    expect(await count('mention_analysis')).toBe(3);
    const texts = await deps.db.all<{ text: string; sentiment_label: string }>(
      sql`SELECT text, sentiment_label FROM mentions JOIN mention_analysis ON mention_id = id ORDER BY published_at`,
    );
    expect(texts[0]!.text).toBe('Lumera called me 8 times today. Awful.');
    expect(texts[0]!.sentiment_label).toBe('negative');
    expect(texts[2]!.text).not.toMatch(/<|alert\(1\)/);

    // Not due yet: nothing is fetched.
    expect((await runJob(deps, 'poll-sources')).counts).toMatchObject({ sources: 0 });

    // Due again: the conditional GET carries the ETag; a 200 with the same entries stores nothing new.
    clock.advance(16 * 60_000);
    const again = await runJob(deps, 'poll-sources');
    expect(again.counts).toMatchObject({ ok: 1, new_mentions: 0, updated_mentions: 0 });
    expect(server.hits.at(-1)!.headers['if-none-match']).toBe('"v1"');
    expect(await count('mentions')).toBe(3);

    // 304 is a success.
    server.routes['/feed.xml'] = (_req, res) => res.writeHead(304).end();
    clock.advance(16 * 60_000);
    expect((await runJob(deps, 'poll-sources')).counts).toMatchObject({ not_modified: 1, failed: 0 });
    const s = (await getSource(deps.db, source.id))!;
    expect(s.errorCount).toBe(0);
    expect(s.lastSuccessAt).toBe(clock.now());

    const metrics = deps.metrics.render();
    expect(metrics).toContain('earshot_polls_total{outcome="ok"} 2');
    expect(metrics).toContain('earshot_polls_total{outcome="not_modified"} 1');
    expect(metrics).toContain('earshot_job_runs_total{job="poll-sources",status="ok"} 4');
    expect(metrics).toContain('earshot_mentions_stored_total{kind="new"} 3');

    const runs = await recentJobRuns(deps.db);
    expect(runs).toHaveLength(4);
    expect(runs.every((r) => r.status === 'ok' && r.finishedAt !== null)).toBe(true);
  });

  it('an edited entry updates the stored mention and its analysis', async () => {
    server.routes['/feed.xml'] = serveBody(rss(items.slice(0, 1)));
    await addFeed('Feed', '/feed.xml');
    await runJob(deps, 'poll-sources');
    server.routes['/feed.xml'] = serveBody(rss([{ ...items[0]!, title: 'Resolved', description: 'Update: Lumera apologised and the agent was very helpful.' }]));
    clock.advance(16 * 60_000);
    expect((await runJob(deps, 'poll-sources')).counts).toMatchObject({ new_mentions: 0, updated_mentions: 1 });
    const rows = await deps.db.all<{ text: string; sentiment_label: string }>(sql`SELECT text, sentiment_label FROM mentions JOIN mention_analysis ON mention_id = id`);
    expect(rows).toEqual([{ text: 'Update: Lumera apologised and the agent was very helpful.', sentiment_label: 'positive' }]);
  });

  it('a failing source never stops the others; it backs off and honours Retry-After', async () => {
    server.routes['/good.xml'] = serveBody(rss(items));
    server.routes['/limited.xml'] = (_req, res) => res.writeHead(429, { 'retry-after': '7200' }).end();
    server.routes['/broken.xml'] = serveBody('<html><body>not a feed</body></html>', 'text/html');
    const limited = await addFeed('Limited', '/limited.xml');
    const broken = await addFeed('Broken', '/broken.xml');
    await addFeed('Good', '/good.xml');
    await addFeed('Gone', '/missing.xml');

    const r = await runJob(deps, 'poll-sources');
    expect(r.counts).toMatchObject({ sources: 4, ok: 1, failed: 3, new_mentions: 3 });
    expect(await count('mentions')).toBe(3);

    const l = (await getSource(deps.db, limited.id))!;
    expect(l.errorCount).toBe(1);
    expect(l.lastError).toMatch(/429|too many/i);
    expect(l.nextPollAt).toBeGreaterThanOrEqual(clock.now() + 7_200_000);
    const b = (await getSource(deps.db, broken.id))!;
    expect(b.lastError).toBeTruthy();
    expect(b.nextPollAt).toBeGreaterThanOrEqual(clock.now() + 900_000); // one interval after the first failure

    // Consecutive failures keep doubling the wait.
    clock.set(b.nextPollAt);
    await runJob(deps, 'poll-sources');
    const b2 = (await getSource(deps.db, broken.id))!;
    expect(b2.errorCount).toBe(2);
    expect(b2.nextPollAt - clock.now()).toBeGreaterThanOrEqual(1_800_000); // then two
  });

  it('a crash mid-poll writes nothing: no half-written mention, no analysis without its mention', async () => {
    server.routes['/feed.xml'] = serveBody(rss(items));
    const source = await addFeed('Feed', '/feed.xml');
    const realBatch = deps.db.batch.bind(deps.db);
    let calls = 0;
    // The batch is sent to the database but the connection dies before it commits.
    deps.db.batch = (async () => {
      calls++;
      await deps.db.run(sql`SELECT 1`);
      throw new Error('connection lost');
    }) as typeof deps.db.batch;
    const r = await runJob(deps, 'poll-sources');
    expect(calls).toBe(1);
    expect(r.counts).toMatchObject({ failed: 1 });
    expect(await count('mentions')).toBe(0);
    expect(await count('mention_analysis')).toBe(0);
    expect((await getSource(deps.db, source.id))!.errorCount).toBe(1);

    // A constraint failure inside the real batch rolls back the whole poll too.
    deps.db.batch = realBatch;
    await deps.db.run(
      sql`CREATE TRIGGER fail_third BEFORE INSERT ON mention_analysis WHEN (SELECT count(*) FROM mention_analysis) >= 2 BEGIN SELECT RAISE(ABORT, 'disk full'); END`,
    );
    clock.set((await getSource(deps.db, source.id))!.nextPollAt);
    expect((await runJob(deps, 'poll-sources')).counts).toMatchObject({ failed: 1 });
    expect(await count('mentions')).toBe(0);
    expect(await count('mention_analysis')).toBe(0);

    await deps.db.run(sql`DROP TRIGGER fail_third`);
    clock.set((await getSource(deps.db, source.id))!.nextPollAt);
    expect((await runJob(deps, 'poll-sources')).counts).toMatchObject({ ok: 1, new_mentions: 3 });
    expect(await count('mention_analysis')).toBe(3);
  });

  it('paused sources are not polled', async () => {
    server.routes['/feed.xml'] = serveBody(rss(items));
    await insertSource(deps.db, { name: 'Paused', kind: 'rss', url: server.url('/feed.xml'), isPaused: true });
    expect((await runJob(deps, 'poll-sources')).counts).toMatchObject({ sources: 0 });
    expect(server.hits).toHaveLength(0);
  });
});
