// `earshot bench scale`: Earshot at a million — 100,000 cases, 1,000,000 actions and 1,000,000 mentions — each figure
// beside a reference measured in the same run (these machines are noisy: read the ratio) and its target.
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { generateBenchData } from '../../db/queries/analytics.ts';
import { mergeSearchIndex } from '../../db/queries/retention.ts';
import { insertSource } from '../../db/queries/sources.ts';
import { createApp } from '../app.ts';
import { createApiToken, createUser } from '../core/auth/accounts.ts';
import { tacticsAnalytics, topicsAnalytics, trendAnalytics } from '../core/cases/analytics.ts';
import { timeOfDayAnalytics } from '../core/cases/time-of-day.ts';
import { DAY_MS } from '../core/time/durations.ts';
import { benchBulk } from './bench-bulk.ts';
import { benchBundle } from './bench-bundle.ts';
import { benchPoll } from './bench-poll.ts';
import { benchStartup } from './bench-startup.ts';
import { readPool } from '../runtime/read-pool.ts';
import { serveOnLoopback } from './loopback.ts';
import { scratchDeps } from './scratch-deps.ts';

interface Figure {
  now: number;
  reference: number | null;
  target: string;
  met: boolean;
}

const figure = (now: number, reference: number | null, target: number, unit: 'ms' | 'per_s' | 'kb'): Figure => ({
  now,
  reference,
  target: `${unit === 'per_s' ? '≥' : '≤'} ${target}`,
  met: unit === 'per_s' ? now >= target : now <= target,
});

/** Times `run` `n` times after one warm-up; the 95th percentile in ms. */
async function p95(run: () => Promise<unknown>, n = 20): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.min(n - 1, Math.ceil(0.95 * n) - 1)]! * 10) / 10;
}

/** p95 of each request when `clients` loop over it at once for `rounds` requests each. */
async function concurrentP95(get: () => Promise<unknown>, clients: number, rounds = 25): Promise<{ p95: number; perSecond: number }> {
  const times: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = 0; i < rounds; i++) {
        const t = performance.now();
        await get();
        times.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  times.sort((a, b) => a - b);
  return { p95: Math.round(times[Math.ceil(0.95 * times.length) - 1]!), perSecond: Math.round(times.length / seconds) };
}

export async function benchScale(): Promise<Record<string, unknown>> {
  const figures: Record<string, unknown> = {};
  // Ingest and start-up first, each on its own scratch database: afterwards the system is still writing the million
  // rows' gigabytes back to disk, which slows every write and start for minutes and is not what they measure.
  const bulk = await benchBulk(10_000);
  figures.push_mentions_per_s = {
    ...figure(bulk.push_path_per_s, bulk.raw_rows_per_s_json_each, 10_000, 'per_s'),
    first_push_in_fresh_process_per_s: Math.round((1000 / bulk.first_push_of_1000_ms) * 1000),
    analysis_threads_start_ms: bulk.analysis_threads_start_ms,
  };
  const poll = await benchPoll(1000);
  // A new source's first poll in a running server; the same 1,000 items in a fresh process also start the analyser.
  figures.first_poll_items_per_s = {
    ...figure(poll.first_poll_items_per_s, null, 5_000, 'per_s'),
    in_fresh_process_per_s: Math.round((1000 / poll.first_poll_in_fresh_process_ms) * 1000),
  };
  const startup = await benchStartup();
  figures.startup_ms = { ...figure(startup.startup_ms, null, 500, 'ms'), each_ms: startup.startups_ms };
  const bundle = benchBundle();
  figures.worker_gzip_kb = figure(bundle.worker_gzip_kb, null, 3_072, 'kb');
  const s = await scratchDeps();
  try {
    const start = Date.UTC(2026, 0, 1);
    const days = 180;
    const sourceId = (await insertSource(s.deps.db, { name: 'bench', kind: 'push' })).id;
    const t0 = performance.now();
    // Building it, the triggers that keep the Tactics rollups read and write all over a gigabyte: a 256 MB page
    // cache while it is written (12 % faster than SQLite's default 2 MB), then the default for the measurements.
    await s.deps.db.run(sql`PRAGMA cache_size = -262144`);
    await generateBenchData(s.deps.db, { cases: 100_000, actions: 1_000_000, mentions: 1_000_000, linkEvery: 10, start, days, sourceId });
    await s.deps.db.run(sql`PRAGMA cache_size = -2000`);
    figures.generate_ms = Math.round(performance.now() - t0);
    // As the nightly prune job leaves the search index: merged (the mentions of the day since add small segments).
    const t1 = performance.now();
    await mergeSearchIndex(s.deps.db);
    figures.search_index_merge_ms = Math.round(performance.now() - t1);
    // The million rows' gigabyte onto the disk before anything is timed: the system would otherwise write it back
    // during the measurements below, which then measure the disk's queue.
    await s.deps.checkpointWal?.();
    const file = openSync(s.url.slice('file:'.length), 'r+');
    fsyncSync(file);
    closeSync(file);

    // Tactics views over all 180 days (every action), against one pass over every action in an index.
    const period = { from: start, to: start + days * DAY_MS, windowDays: 14, links: 'any' as const };
    const onePass = await p95(() => s.deps.db.all(sql`SELECT count(*) FROM case_actions`), 10);
    const views = {
      tactics_by_action_type: () => tacticsAnalytics(s.deps.db, { ...period, by: 'action_type', sort: 'key' }),
      tactics_by_segment: () => tacticsAnalytics(s.deps.db, { ...period, by: 'segment', sort: 'key' }),
      tactics_by_team_and_action_type: () => tacticsAnalytics(s.deps.db, { ...period, by: 'team+action_type', sort: 'low' }),
      topics_by_action_type: () => topicsAnalytics(s.deps.db, { ...period, by: 'action_type' }),
      trend_by_segment: () => trendAnalytics(s.deps.db, { ...period, by: 'segment', bucketDays: 7 }),
      // One group's hours and weekdays, read from its actions and links rather than from a rollup.
      time_of_day_one_team_and_action_type: () => timeOfDayAnalytics(s.deps.db, { ...period, group: { by: 'team+action_type', key: 'team-2\u001fsms' } }),
      time_of_day_one_segment: () => timeOfDayAnalytics(s.deps.db, { ...period, group: { by: 'segment', key: 'unable' } }),
    };
    for (const [name, run] of Object.entries(views)) figures[`${name}_p95_ms`] = figure(await p95(run, 5), onePass, 200, 'ms');

    // The mention list over HTTP, as a client sees it, against the plain list and a bare node:http server.
    const admin = await createUser(s.deps, { email: 'bench@bench.local', role: 'admin' });
    const token = await createApiToken(s.deps, admin.id, 'bench');
    // Served as `earshot serve` serves: the heavy reads on their own threads.
    const pool = readPool(s.url, s.deps.db, s.deps.log);
    s.deps.reads = pool.reads;
    await pool.ready();
    const server = await serveOnLoopback(createApp(() => s.deps, { demo: false }).fetch);
    const list = (query: string) => async () => {
      const res = await fetch(`${server.base}/api/mentions?limit=50${query}`, { headers: { authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`GET /api/mentions${query}: ${res.status}`);
      return res.text();
    };
    const sample = await list('')();
    const bare = createServer((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(sample));
    await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
    try {
      const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;
      const bareP95 = await p95(async () => (await fetch(bareUrl)).text());
      const plain = await p95(list(''));
      figures.mentions_plain_p95_ms = figure(plain, bareP95, 25, 'ms');
      const queries = { lv_negative: '&language=lv&sentiment=negative', tactic_contact_time: '&tactic=contact_time', q_the: '&q=the', q_debt: '&q=debt' };
      for (const [name, query] of Object.entries(queries)) figures[`mentions_${name}_p95_ms`] = figure(await p95(list(query)), plain, 25, 'ms');
      const plainConcurrent = await concurrentP95(list(''), 8);
      for (const [name, query] of Object.entries(queries)) {
        const c = await concurrentP95(list(query), 8);
        figures[`mentions_${name}_8_clients_p95_ms`] = { ...figure(c.p95, plainConcurrent.p95, 50, 'ms'), requests_per_s: c.perSecond };
      }
      // /api/health while one client keeps searching for the commonest word, against /api/health idle.
      const health = async () => (await fetch(`${server.base}/api/health`)).text();
      const healthP50 = async () => {
        const times: number[] = [];
        for (let i = 0; i < 40; i++) {
          const t = performance.now();
          await health();
          times.push(performance.now() - t);
        }
        times.sort((a, b) => a - b);
        return Math.round(times[20]! * 10) / 10;
      };
      const idle = await healthP50();
      let searching = true;
      const load = (async () => {
        while (searching) await list('&q=the')();
      })();
      const loaded = await healthP50();
      searching = false;
      await load;
      // And while a Tactics view is computed.
      const tacticsUrl = `${server.base}/api/analytics/tactics?by=action_type&from=2026-01-01&to=2026-06-29`;
      let viewing = true;
      const view = (async () => {
        while (viewing) await (await fetch(tacticsUrl, { headers: { authorization: `Bearer ${token}` } })).text();
      })();
      figures.health_while_tactics_p50_ms = figure(await healthP50(), idle, 5, 'ms');
      viewing = false;
      await view;
      figures.health_while_searching_p50_ms = figure(loaded, idle, 5, 'ms');
    } finally {
      bare.close();
      await server.close();
      await pool.close();
    }
  } finally {
    s.close();
  }
  return figures;
}
