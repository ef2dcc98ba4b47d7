// `earshot bench poll`: polling one N-item feed served on 127.0.0.1, first in full, then unchanged and not modified.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { getSource, insertSource } from '../../db/queries/sources.ts';
import { parseConfig } from '../core/config.ts';
import { silentLogger } from '../core/logger.ts';
import { analysisPool } from '../runtime/analysis-pool.ts';
import { nodeDeps } from '../runtime/node-deps.ts';
import { pollSource } from '../sources/poll-source.ts';

/** Our own sample sentences, varied so the analyser does real work on each item. */
export const SAMPLES = [
  'Lumera called me {n} times this week about case {ref}, even after I asked them to write instead.',
  'The agent at Lumera was kind and agreed a payment plan I can afford. Thank you!',
  'Inkassobolaget Lumera ringer mig varje dag och hotar med Kronofogden.',
  'Lumera soittaa jatkuvasti, vaikka pyysin ottamaan yhteyttä vain kirjeitse.',
  'Piedzinēji no Lumera zvana katru vakaru pēc desmitiem, tas ir nepieņemami.',
  'Коллекторы Lumera звонят моей маме и на работу, угрожают судом.',
  'Windykator z Lumera był bardzo pomocny i rozłożył dług na raty.',
  'Lumera added fees I never agreed to and the amount is wrong; I will complain to the ombudsman.',
];

export function syntheticFeed(items: number, prefix = 'bench'): string {
  const entries = Array.from({ length: items }, (_, i) => {
    const text = SAMPLES[i % SAMPLES.length]!.replace('{n}', String((i % 9) + 2)).replace('{ref}', String(40000000 + i));
    const date = new Date(Date.UTC(2026, 10, 1) + i * 60_000).toUTCString();
    return `<item><guid>${prefix}-${i}</guid><title>Mention ${i}</title><link>https://example.com/${prefix}/${i}</link><pubDate>${date}</pubDate><description>&lt;p&gt;${text} #${i}&lt;/p&gt;</description></item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench</title><link>https://example.com/</link><description>bench</description>${entries.join('')}</channel></rss>`;
}

/**
 * Polls of one N-item feed in a fresh process (the first one also pays for starting the analyser and warming the
 * code), then the first poll of a second feed of N new items, as a running server meets a newly added source.
 */
export async function benchPoll(items: number) {
  const body = syntheticFeed(items);
  const next = syntheticFeed(items, 'next');
  const server = createServer((req, res) => {
    if (req.headers['if-none-match'] === '"v1"') return res.writeHead(304).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"v1"' }).end(req.url === '/next.xml' ? next : body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const dir = mkdtempSync(join(tmpdir(), 'earshot-bench-'));
  const parsed = parseConfig({ DATABASE_URL: `file:${join(dir, 'bench.db')}`, LOG_LEVEL: 'silent', EARSHOT_FETCH_ALLOW: '127.0.0.1' });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const { deps, client } = await nodeDeps(parsed.config);
  deps.log = silentLogger;
  // Analysed as `earshot serve` does.
  const threads = analysisPool(deps.analyser, deps.log);
  deps.analyseBatch = threads.analyseBatch;
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const source = await insertSource(deps.db, { name: 'bench', kind: 'rss', url: `${base}/feed.xml` });
    const time = async (s = source) => {
      const t0 = performance.now();
      const outcome = await pollSource(deps, (await getSource(deps.db, s.id))!);
      return { ms: Math.round(performance.now() - t0), outcome };
    };
    const inFreshProcess = await time();
    await deps.db.run(sql`UPDATE sources SET etag = NULL, last_modified = NULL`);
    const unchanged = await time();
    const notModified = await time();
    // A running server: its analysis threads are up (they start at the first batch, which then ran in place).
    await threads.ready();
    const first = await time(await insertSource(deps.db, { name: 'bench next', kind: 'rss', url: `${base}/next.xml` }));
    return {
      items,
      feed_bytes: body.length,
      first_poll_in_fresh_process_ms: inFreshProcess.ms,
      first_poll_ms: first.ms,
      first_poll_items_per_s: Math.round((items / first.ms) * 1000),
      first_poll: first.outcome,
      repoll_unchanged_ms: unchanged.ms,
      repoll_304_ms: notModified.ms,
    };
  } finally {
    await threads.close();
    client.close();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
