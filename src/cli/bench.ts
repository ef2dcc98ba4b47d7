import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { generateBenchData } from '../../db/queries/analytics.ts';
import { getSource, insertSource } from '../../db/queries/sources.ts';
import { changeAnalytics, tacticsAnalytics, topicsAnalytics, trendAnalytics } from '../core/cases/analytics.ts';
import { parseConfig } from '../core/config.ts';
import { pollSource } from '../core/ingest/poll-source.ts';
import { apiSourceId, pushMentions } from '../core/ingest/push-mentions.ts';
import type { Deps } from '../core/deps.ts';
import { mentions } from '../../db/schema/index.ts';
import { silentLogger } from '../core/logger.ts';
import { createAnalyser } from '../core/nlp/analyser.ts';
import { pollSources } from '../../jobs/poll-sources.ts';
import { burstDetection, falseAlertsPerYear } from '../core/alerts/simulate.ts';
import { benchDigest } from './bench-digest.ts';
import { importActionsFile, importCasesFile } from './import-cases-file.ts';
import { nodeDeps } from '../runtime/node-deps.ts';
import { scratchDeps } from './scratch-deps.ts';
import { postLoginForm, serveOnLoopback } from './loopback.ts';
import { NODE_SCRYPT_CONCURRENCY, nodeScrypt } from '../runtime/node-scrypt.ts';
import { createApp } from '../api/app.ts';
import { createUser } from '../core/auth/accounts.ts';
import { jsScrypt, passwordHasher, type Passwords } from '../core/auth/password.ts';
import { DAY_MS } from '../core/time/durations.ts';

/** Our own sample sentences, varied so the analyser does real work on each item. */
const SAMPLES = [
  'Lumera called me {n} times this week about case {ref}, even after I asked them to write instead.',
  'The agent at Lumera was kind and agreed a payment plan I can afford. Thank you!',
  'Inkassobolaget Lumera ringer mig varje dag och hotar med Kronofogden.',
  'Lumera soittaa jatkuvasti, vaikka pyysin ottamaan yhteyttä vain kirjeitse.',
  'Piedzinēji no Lumera zvana katru vakaru pēc desmitiem, tas ir nepieņemami.',
  'Коллекторы Lumera звонят моей маме и на работу, угрожают судом.',
  'Windykator z Lumera był bardzo pomocny i rozłożył dług na raty.',
  'Lumera added fees I never agreed to and the amount is wrong; I will complain to the ombudsman.',
];

export function syntheticFeed(items: number): string {
  const entries = Array.from({ length: items }, (_, i) => {
    const text = SAMPLES[i % SAMPLES.length]!.replace('{n}', String((i % 9) + 2)).replace('{ref}', String(40000000 + i));
    const date = new Date(Date.UTC(2026, 10, 1) + i * 60_000).toUTCString();
    return `<item><guid>bench-${i}</guid><title>Mention ${i}</title><link>https://example.com/m/${i}</link><pubDate>${date}</pubDate><description>&lt;p&gt;${text} #${i}&lt;/p&gt;</description></item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench</title><link>https://example.com/</link><description>bench</description>${entries.join('')}</channel></rss>`;
}

async function benchPoll(items: number) {
  const body = syntheticFeed(items);
  const server = createServer((req, res) => {
    if (req.headers['if-none-match'] === '"v1"') return res.writeHead(304).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"v1"' }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const dir = mkdtempSync(join(tmpdir(), 'earshot-bench-'));
  const parsed = parseConfig({ DATABASE_URL: `file:${join(dir, 'bench.db')}`, LOG_LEVEL: 'silent', EARSHOT_FETCH_ALLOW: '127.0.0.1' });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const { deps, client } = await nodeDeps(parsed.config);
  deps.log = silentLogger;
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`;
    const source = await insertSource(deps.db, { name: 'bench', kind: 'rss', url });
    const time = async () => {
      const t0 = performance.now();
      const outcome = await pollSource(deps, (await getSource(deps.db, source.id))!);
      return { ms: Math.round(performance.now() - t0), outcome };
    };
    const first = await time();
    await deps.db.run(sql`UPDATE sources SET etag = NULL, last_modified = NULL`);
    const unchanged = await time();
    const notModified = await time();
    return {
      items,
      feed_bytes: body.length,
      first_poll_ms: first.ms,
      first_poll_items_per_s: Math.round((items / first.ms) * 1000),
      first_poll: first.outcome,
      repoll_unchanged_ms: unchanged.ms,
      repoll_304_ms: notModified.ms,
    };
  } finally {
    client.close();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * One scheduler cycle over many sources: `hosts` local servers (distinct host:port, as distinct sites are),
 * each serving `perHost` feeds of 20 items. Reports the first cycle (everything new), a second one (all 304),
 * requests per host per second (the politeness the per-host queue gives) and peak memory.
 */
async function benchSources(hosts: number, perHost: number) {
  const requests = new Map<string, number>();
  const servers = await Promise.all(
    Array.from({ length: hosts }, async (_, h) => {
      const feeds = Array.from({ length: perHost }, (_, f) => syntheticFeed(20).replaceAll('bench-', `h${h}-f${f}-`).replaceAll('/m/', `/h${h}/f${f}/`));
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

/** A fresh file database with migrations, for one measurement. */
const bulkItems = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    external_id: `bulk-${i}`,
    text: `Lumera called me ${(i % 9) + 2} times this week about my debt, case ${40000000 + i}. Item ${i}.`,
    published_at: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(),
  }));

/**
 * Bulk writes on libSQL: the whole push path (normalise, analyse, store) for 5,000 mentions in pushes of 1,000
 * (the same workload the Workers suite runs on D1), and raw row inserts two ways — one JSON parameter per 200 rows
 * through json_each (our path) against drizzle multi-row VALUES kept under D1's 100-parameter limit (9 rows).
 */
async function benchBulk(n: number) {
  const push = await scratchDeps();
  const items = bulkItems(n);
  const t0 = performance.now();
  const sourceId = await apiSourceId(push.deps);
  for (let i = 0; i < n; i += 1000) await pushMentions(push.deps, sourceId, items.slice(i, i + 1000));
  const pushMs = performance.now() - t0;
  push.close();

  const rows = (now: number, sourceId: number) =>
    items.map((m, i) => ({ sourceId, externalKey: m.external_id, text: m.text, publishedAt: now + i, firstSeenAt: now, updatedAt: now, contentHash: String(i), url: null, author: null, title: null, languageHint: null }));
  const raw = async (write: (deps: Deps, sourceId: number) => Promise<void>) => {
    const s = await scratchDeps();
    const id = (await insertSource(s.deps.db, { name: 'bulk', kind: 'push' })).id;
    const start = performance.now();
    await write(s.deps, id);
    const ms = performance.now() - start;
    s.close();
    return Math.round((n / ms) * 1000);
  };
  const viaJson = await raw((deps, id) =>
    deps.db.batch(
      chunk(rows(0, id), 200).map((part) =>
        deps.db.run(sql`INSERT INTO mentions (source_id, external_key, text, published_at, first_seen_at, updated_at, content_hash)
          SELECT ${id}, json_extract(value, '$.externalKey'), json_extract(value, '$.text'), json_extract(value, '$.publishedAt'),
                 json_extract(value, '$.firstSeenAt'), json_extract(value, '$.updatedAt'), json_extract(value, '$.contentHash')
          FROM json_each(${JSON.stringify(part)})`),
      ) as never,
    ).then(() => undefined),
  );
  const viaValues = await raw((deps, id) =>
    deps.db.batch(chunk(rows(0, id), 9).map((part) => deps.db.insert(mentions).values(part)) as never).then(() => undefined),
  );
  return {
    mentions: n,
    push_path_ms: Math.round(pushMs),
    push_path_per_s: Math.round((n / pushMs) * 1000),
    raw_rows_per_s_json_each: viaJson,
    raw_rows_per_s_values_9_rows: viaValues,
  };
}

const chunk = <T>(xs: T[], size: number) => Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, i * size + size));

/** Texts for the analyser bench: real ones from a data directory when there is one, else our own samples. */
function benchTexts(dataDir: string | undefined): { short: string[]; long: string[]; source: string } {
  const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { text: string }).text) : []);
  const tweets = dataDir ? read(join(dataDir, 'sentiment/en-airline-tweets.dev.jsonl')).slice(0, 2000) : [];
  const long = dataDir ? read(join(dataDir, 'cfpb/cfpb-unlabelled.dev.jsonl')).filter((t) => t.length >= 1000).slice(0, 300).map((t) => t.slice(0, 1000)) : [];
  if (tweets.length && long.length) return { short: tweets, long, source: dataDir! };
  const short = Array.from({ length: 2000 }, (_, i) => SAMPLES[i % SAMPLES.length]!.replace('{n}', String(i % 9)).replace('{ref}', String(40000000 + i)));
  const longs = Array.from({ length: 300 }, (_, i) => Array.from({ length: 12 }, (_, j) => short[(i + j) % short.length]).join(' ').slice(0, 1000));
  return { short, long: longs, source: 'built-in samples' };
}

/**
 * Texts per second of `fn` over `texts`, on this one thread, after a warm-up pass: the best of three 1-second
 * rounds, since other processes on a shared machine only ever slow a round down.
 */
function rate(texts: string[], fn: (t: string) => unknown): number {
  for (const t of texts.slice(0, 200)) fn(t);
  let best = 0;
  for (let round = 0; round < 3; round++) {
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < 1000) for (const t of texts) (fn(t), n++);
    best = Math.max(best, Math.round((n / (performance.now() - start)) * 1000));
  }
  return best;
}

/** Analyser throughput beside the `sentiment` (AFINN) and `vader-sentiment` packages on the same texts. */
async function benchAnalyser(dataDir: string | undefined) {
  const load = await analyserLoadMs();
  const { short, long, source } = benchTexts(dataDir);
  const analyser = createAnalyser();
  const afinn = new (await import('sentiment')).default();
  const vader = (await import('vader-sentiment')).default.SentimentIntensityAnalyzer;
  const row = (texts: string[]) => ({
    earshot_full_analysis: rate(texts, (t) => analyser.analyse({ text: t })),
    sentiment_package: rate(texts, (t) => afinn.analyze(t)),
    vader_sentiment: rate(texts, (t) => vader.polarity_scores(t)),
  });
  const avg = (xs: string[]) => Math.round(xs.reduce((a, t) => a + t.length, 0) / xs.length);
  return {
    texts_from: source,
    [`tweet_length_texts_per_s (avg ${avg(short)} chars)`]: row(short),
    [`1000_char_texts_per_s (avg ${avg(long)} chars)`]: row(long),
    analyser_load_ms: load.load,
    first_analysis_in_each_of_10_languages_ms: load.firstInEveryLanguage,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

/** One short mention per language: the first analysis in each compiles that language's cues and lexicon. */
const FIRST_TEXTS = [
  'The collector keeps calling me about a debt I already paid.',
  'Inkassobolaget ringer varje dag om en skuld jag redan betalat.',
  'Perintätoimisto soittaa joka päivä velasta, jonka olen jo maksanut.',
  'Inkassoselskapet ringer hver dag om en gjeld jeg allerede har betalt.',
  'Inkassobureauet ringer hver dag om en gæld, jeg allerede har betalt.',
  'Parādu piedzinējs zvana katru dienu par parādu, ko jau samaksāju.',
  'Skolų išieškotojai skambina kasdien dėl skolos, kurią jau sumokėjau.',
  'Inkasso helistab iga päev võla pärast, mille olen juba tasunud.',
  'Коллекторы звонят каждый день из-за долга, который я уже оплатил.',
  'Windykator dzwoni codziennie w sprawie długu, który już spłaciłem.',
];

/**
 * Import the analyser and decode its model in a fresh process (second run, so tsx's transpile cache is warm), then
 * the first analysis in each of the ten languages (each compiles that language's cues on first use).
 */
async function analyserLoadMs(): Promise<{ load: number; firstInEveryLanguage: number }> {
  const module = resolve(import.meta.dirname ?? '.', '../core/nlp/analyser.ts');
  const script =
    `const t=performance.now();const m=await import(${JSON.stringify(module)});const a=m.createAnalyser();const l=performance.now()-t;` +
    `const u=performance.now();for(const text of ${JSON.stringify(FIRST_TEXTS)})a.analyse({text});console.log(l, performance.now()-u)`;
  const once = () =>
    new Promise<{ load: number; firstInEveryLanguage: number }>((done, fail) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: resolve(import.meta.dirname ?? '.', '../..'), stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.on('close', (code) => {
        const [load, first] = out.trim().split(/\s+/).map(Number);
        return code === 0 ? done({ load: Math.round(load!), firstInEveryLanguage: Math.round(first!) }) : fail(new Error('analyser load failed'));
      });
    });
  await once();
  return once();
}

/** Peak resident set of a process (Linux /proc), in MB. */
function residentMb(pid: number): number | null {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmHWM:\s+(\d+)/.exec(status)?.[1];
  return kb ? Math.round(Number(kb) / 1024) : null;
}

/**
 * The Worker as Cloudflare would receive it (wrangler's dry-run bundle, model included): raw and gzip sizes
 * against the free plan's 3 MB gzip limit.
 */
function benchBundle() {
  const dir = mkdtempSync(join(tmpdir(), 'earshot-bundle-'));
  try {
    const root = resolve(import.meta.dirname ?? '.', '../..');
    const run = spawnSync(process.execPath, [join(root, 'node_modules/wrangler/bin/wrangler.js'), 'deploy', '--dry-run', '--outdir', dir], {
      cwd: root,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`wrangler dry-run failed: ${run.stderr.slice(-500)}`);
    const code = readFileSync(join(dir, 'worker.js'));
    const model = readFileSync(join(root, 'src/core/nlp/model/analyser-model.ts'));
    const kb = (n: number) => Math.round(n / 1024);
    return { worker_kb: kb(code.length), worker_gzip_kb: kb(gzipSync(code, { level: 9 }).length), model_module_gzip_kb: kb(gzipSync(model, { level: 9 }).length), limit_gzip_kb: 3072 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `/api/health` latency while 16 logins run at once (each a full scrypt check), with node:crypto on the thread
 * pool (as served) and with the pure-JS scrypt Workers use, in one run; the logins are correct, so no lock.
 */
async function benchLogins(parallel = 16) {
  const measure = async (passwords: Passwords) => {
    const s = await scratchDeps();
    s.deps.passwords = passwords;
    const users = await Promise.all(Array.from({ length: parallel }, (_, i) => createUser(s.deps, { email: `u${i}@bench.local`, role: 'viewer', password: 'bench password 123' })));
    const server = await serveOnLoopback(createApp(() => s.deps, { demo: false }).fetch);
    try {
      const times: number[] = [];
      let done = false;
      const probe = (async () => {
        while (!done) {
          const t = performance.now();
          await (await fetch(`${server.base}/api/health`)).arrayBuffer();
          times.push(performance.now() - t);
        }
      })();
      const t0 = performance.now();
      const statuses = await Promise.all(users.map(async (u) => (await postLoginForm(server.base, u.email, 'bench password 123')).status));
      if (statuses.some((st) => st !== 303)) throw new Error(`a login failed: ${statuses.join(', ')}`);
      const loginsMs = performance.now() - t0;
      done = true;
      await probe;
      times.sort((a, b) => a - b);
      const q = (p: number) => Math.round(times[Math.min(times.length - 1, Math.floor(p * times.length))]! * 10) / 10;
      return { health_p50_ms: q(0.5), health_p95_ms: q(0.95), health_max_ms: q(1), health_requests: times.length, all_logins_ms: Math.round(loginsMs) };
    } finally {
      await server.close();
      s.close();
    }
  };
  return { [`node_crypto_${parallel}_parallel_logins`]: await measure(passwordHasher(nodeScrypt, { concurrency: NODE_SCRYPT_CONCURRENCY })), [`pure_js_${parallel}_parallel_logins`]: await measure(passwordHasher(jsScrypt)) };
}

/** Time from spawning `earshot serve` to the first healthy answer, on a fresh database. */
async function benchStartup() {
  const dir = mkdtempSync(join(tmpdir(), 'earshot-bench-'));
  const bin = resolve(import.meta.dirname ?? '.', '../../bin/earshot.js');
  const port = 18_000 + Math.floor(Math.random() * 2000);
  const t0 = performance.now();
  const child = spawn(process.execPath, [bin, 'serve'], {
    env: { ...process.env, PORT: String(port), DATABASE_URL: `file:${join(dir, 'e.db')}`, EARSHOT_DEMO: '0', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      if (performance.now() - t0 > 30_000) throw new Error('server did not start within 30 s');
      try {
        const r = await fetch(`http://127.0.0.1:${port}/api/health`);
        if (r.ok) break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const startupMs = Math.round(performance.now() - t0);
    // Peak resident memory of the serving process (the analyser's model is decoded at start).
    return { startup_ms: startupMs, server_rss_mb: residentMb(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Analytics query time over synthetic data: `scale` 1 = 100,000 cases, 1,000,000 actions and 1,000,000 mentions
 * (one in 10 linked) over 180 days; p50/p95 over repeated queries of each view, on a libSQL file database. The
 * views span all 180 days (every action: the worst case) except those over the last 30.
 */
async function benchAnalytics(scale: number, repeats = 10) {
  if (!(scale > 0 && scale <= 10)) throw new Error('--scale: a number in (0, 10]');
  const s = await scratchDeps();
  try {
    const sizes = { cases: Math.round(100_000 * scale), actions: Math.round(1_000_000 * scale), mentions: Math.round(1_000_000 * scale) };
    const start = Date.UTC(2026, 0, 1);
    const days = 180;
    const sourceId = (await insertSource(s.deps.db, { name: 'bench', kind: 'push' })).id;
    const t0 = performance.now();
    await generateBenchData(s.deps.db, { ...sizes, linkEvery: 10, start, days, sourceId });
    const generateMs = performance.now() - t0;
    const period = { from: start, to: start + days * DAY_MS };
    const views: Record<string, () => Promise<unknown>> = {
      tactics_by_action_type: () => tacticsAnalytics(s.deps.db, { ...period, by: 'action_type', windowDays: 14, links: 'any', sort: 'key' }),
      tactics_by_segment: () => tacticsAnalytics(s.deps.db, { ...period, by: 'segment', windowDays: 14, links: 'any', sort: 'key' }),
      tactics_by_action_type_last_30_days: () =>
        tacticsAnalytics(s.deps.db, { from: period.to - 30 * DAY_MS, to: period.to, by: 'action_type', windowDays: 14, links: 'any', sort: 'key' }),
      topics_by_channel: () => topicsAnalytics(s.deps.db, { ...period, by: 'channel', windowDays: 14, links: 'any' }),
      change_sms: () => changeAnalytics(s.deps.db, { actionType: 'sms', at: start + 90 * DAY_MS, spanDays: 28, windowDays: 14, links: 'any' }),
      // Weekly buckets over the whole period (26 of them, as the dashboard draws 180 days), and one case attribute.
      trend_by_action_type: () => trendAnalytics(s.deps.db, { ...period, by: 'action_type', windowDays: 14, links: 'any', bucketDays: 7 }),
      trend_by_segment: () => trendAnalytics(s.deps.db, { ...period, by: 'segment', windowDays: 14, links: 'any', bucketDays: 7 }),
      trend_by_action_type_last_30_days: () =>
        trendAnalytics(s.deps.db, { from: period.to - 30 * DAY_MS, to: period.to, by: 'action_type', windowDays: 14, links: 'any', bucketDays: 7 }),
    };
    const result: Record<string, unknown> = { ...sizes, links: Math.floor(sizes.mentions / 10), generate_ms: Math.round(generateMs) };
    for (const [name, run] of Object.entries(views)) {
      await run(); // warm the page cache
      const times: number[] = [];
      for (let i = 0; i < repeats; i++) {
        const t = performance.now();
        await run();
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      const q = (p: number) => Math.round(times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)]!);
      result[`${name}_ms`] = { p50: q(0.5), p95: q(0.95) };
    }
    return result;
  } finally {
    s.close();
  }
}

/**
 * Calibration of the volume detector: false alerts per simulated year of steady traffic at 1, 5 and 50 mentions a
 * day (weekday and time-of-day rhythm), and how 3×, 5× and 10× bursts of 6 hours are found (share found, share
 * found within 2 hours, median and 90th-percentile delay in hours from the burst's start). Deterministic.
 */
function benchAlerts(years: number) {
  const result: Record<string, unknown> = { simulated_years: years };
  for (const perDay of [1, 5, 50]) {
    result[`false_alerts_per_year_at_${perDay}_a_day`] = falseAlertsPerYear(perDay, years, 1000 + perDay);
    for (const factor of [3, 5, 10]) {
      const b = burstDetection(perDay, factor, 6, Math.max(1, Math.round(years / 3)), 2000 + perDay * 10 + factor);
      result[`burst_${factor}x_6h_at_${perDay}_a_day`] = {
        bursts: b.bursts, found: round2(b.detected), found_within_2h: round2(b.within2h), median_delay_h: b.medianDelay, p90_delay_h: b.p90Delay,
      };
    }
  }
  return result;
}
const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * `earshot import cases` and `import actions` through the real file readers and store: `cases` cases and `actions`
 * actions written as CSV to a temporary folder, imported into a fresh libSQL file, then the actions file again
 * (all unchanged). Rows per second, and the process's peak RSS.
 */
async function benchImport(cases: number, actions: number) {
  const s = await scratchDeps();
  const dir = mkdtempSync(join(tmpdir(), 'earshot-bench-import-'));
  try {
    const write = async (name: string, header: string, n: number, row: (i: number) => string) => {
      const path = join(dir, name);
      const out = createWriteStream(path);
      out.write(`${header}\n`);
      for (let i = 0; i < n; i++) if (!out.write(`${row(i)}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
      await new Promise<void>((r) => out.end(() => r()));
      return path;
    };
    const segments = ['known_info', 'no_info', 'willing_able', 'unable', 'unwilling'];
    const types = [['reminder', 'letter'], ['call', 'phone'], ['sms', 'sms'], ['email', 'email'], ['payment_plan_offer', 'letter'], ['legal_notice', 'letter']];
    const casesCsv = await write('cases.csv', 'case_ref,creditor,segment,country,opened_at,status,team', cases, (i) =>
      `LV-${40000000 + i},Creditor ${i % 7},${segments[i % 5]},LV,2026-01-01,open,team-${i % 8}`);
    const actionsCsv = await write('actions.csv', 'case_ref,at,channel,action_type,agent', actions, (i) => {
      const [type, channel] = types[i % types.length]!;
      return `LV-${40000000 + ((i * 7919) % cases)},${new Date(Date.UTC(2026, 0, 1) + (i % 15_552_000) * 1000).toISOString()},${channel},${type},agent-${i % 40}`;
    });
    const timed = async (f: () => Promise<{ read: number }>) => {
      const t = performance.now();
      const r = await f();
      const seconds = (performance.now() - t) / 1000;
      return { rows: r.read, seconds: Math.round(seconds * 10) / 10, rows_per_s: Math.round(r.read / seconds) };
    };
    const casesRun = await timed(() => importCasesFile(s.deps, { path: casesCsv }));
    const actionsRun = await timed(() => importActionsFile(s.deps, { path: actionsCsv }));
    const again = await timed(() => importActionsFile(s.deps, { path: actionsCsv }));
    return { cases: casesRun, actions: actionsRun, actions_again_unchanged: again, peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    s.close();
  }
}

export interface BenchOptions {
  items: string;
  json: boolean;
  data: string;
  scale: string;
  years: string;
  rows: string;
}

/** Runs one section of `earshot bench` (see bench-command.ts), or `all` of those that run by default. */
export async function runBench(which: string, values: BenchOptions) {
  const result: Record<string, unknown> = {};
  if (which === 'all' || which === 'analyser') result.analyser = await benchAnalyser(existsSync(values.data!) ? values.data : undefined);
  if (which === 'all' || which === 'poll') result.poll = await benchPoll(Number(values.items));
  if (which === 'all' || which === 'startup') result.startup = await benchStartup();
  if (which === 'all' || which === 'bundle') result.bundle = benchBundle();
  if (which === 'all' || which === 'bulk') result.bulk = await benchBulk(5000);
  if (which === 'all' || which === 'sources') result.sources = await benchSources(10, 50);
  if (which === 'analytics') result.analytics = await benchAnalytics(Number(values.scale));
  if (which === 'all' || which === 'alerts') result.alerts = benchAlerts(Number(values.years));
  if (which === 'all' || which === 'logins') result.logins = await benchLogins();
  if (which === 'digest') result.digest = await benchDigest();
  if (which === 'import') result.import = await benchImport(Math.max(1, Math.round(Number(values.rows) / 10)), Number(values.rows));
  if (values.json) return console.log(JSON.stringify(result));
  for (const [section, figures] of Object.entries(result)) {
    console.log(`${section}:`);
    for (const [k, v] of Object.entries(figures as object)) console.log(`  ${k.padEnd(44)} ${typeof v === 'object' ? JSON.stringify(v) : v}`);
  }
}
