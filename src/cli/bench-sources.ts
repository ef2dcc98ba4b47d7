// `earshot bench sources`: one scheduler cycle over many feeds on many local hosts, and the politeness per host.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { insertSource } from '../../db/queries/sources.ts';
import { pollSources } from '../../jobs/poll-sources.ts';
import { parseConfig } from '../core/config.ts';
import { silentLogger } from '../core/logger.ts';
import { nodeDeps } from '../runtime/node-deps.ts';
import { syntheticFeed } from './bench-poll.ts';

/**
 * One scheduler cycle over many sources: `hosts` local servers (distinct host:port, as distinct sites are),
 * each serving `perHost` feeds of 20 items. Reports the first cycle (everything new), a second one (all 304),
 * requests per host per second (the politeness the per-host queue gives) and peak memory.
 */
export async function benchSources(hosts: number, perHost: number) {
  const requests = new Map<string, number>();
  const servers = await Promise.all(
    Array.from({ length: hosts }, async (_, h) => {
      const feeds = Array.from({ length: perHost }, (_, f) => syntheticFeed(20, `h${h}-f${f}`));
      const server = createServer((req, res) => {
        const key = `host${h}`;
        requests.set(key, (requests.get(key) ?? 0) + 1);
        if (req.headers['if-none-match'] === '"v1"') return res.writeHead(304).end();
        const f = Number(/\/feed\/(\d+)/.exec(req.url ?? '')?.[1]);
        res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"v1"' }).end(feeds[f] ?? '');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return server;
    }),
  );
  const dir = mkdtempSync(join(tmpdir(), 'earshot-bench-'));
  const parsed = parseConfig({ DATABASE_URL: `file:${join(dir, 'bench.db')}`, LOG_LEVEL: 'silent', EARSHOT_FETCH_ALLOW: '127.0.0.1', EARSHOT_POLL_BATCH: String(hosts * perHost) });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const { deps, client } = await nodeDeps(parsed.config);
  deps.log = silentLogger;
  try {
    for (const [h, server] of servers.entries()) {
      const port = (server.address() as AddressInfo).port;
      for (let f = 0; f < perHost; f++) {
        await insertSource(deps.db, { name: `h${h}-f${f}`, kind: 'rss', url: `http://127.0.0.1:${port}/feed/${f}`, nextPollAt: 0 });
      }
    }
    const cycle = async () => {
      requests.clear();
      await deps.db.run(sql`UPDATE sources SET next_poll_at = 0`);
      const t0 = performance.now();
      const report = await pollSources(deps);
      const ms = performance.now() - t0;
      const perHostPerS = Math.max(...requests.values()) / (ms / 1000);
      return { ms: Math.round(ms), report: report.counts, max_requests_per_host_per_s: Math.round(perHostPerS * 10) / 10 };
    };
    const first = await cycle();
    const second = await cycle();
    return {
      sources: hosts * perHost,
      hosts,
      first_cycle_ms: first.ms,
      first_cycle: first.report,
      first_cycle_max_requests_per_host_per_s: first.max_requests_per_host_per_s,
      second_cycle_all_304_ms: second.ms,
      second_cycle_max_requests_per_host_per_s: second.max_requests_per_host_per_s,
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    client.close();
    for (const s of servers) s.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
