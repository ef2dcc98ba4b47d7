// `earshot bench`: runs the sections bench-command.ts asks for, one module each (bench-*.ts), and prints the figures.
import { existsSync } from 'node:fs';
import { benchAlerts } from './bench-alerts.ts';
import { benchAnalyser } from './bench-analyser.ts';
import { benchAnalytics } from './bench-analytics.ts';
import { benchBulk } from './bench-bulk.ts';
import { benchBundle } from './bench-bundle.ts';
import { benchDigest } from './bench-digest.ts';
import { benchImport } from './bench-import.ts';
import { benchLogins } from './bench-logins.ts';
import { benchPoll } from './bench-poll.ts';
import { benchScale } from './bench-scale.ts';
import { benchSources } from './bench-sources.ts';
import { benchStartup } from './bench-startup.ts';

export { syntheticFeed } from './bench-poll.ts';

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
  if (which === 'all' || which === 'bulk') result.bulk = await benchBulk(10_000);
  if (which === 'all' || which === 'sources') result.sources = await benchSources(10, 50);
  if (which === 'analytics') result.analytics = await benchAnalytics(Number(values.scale));
  if (which === 'all' || which === 'alerts') result.alerts = benchAlerts(Number(values.years));
  if (which === 'all' || which === 'logins') result.logins = await benchLogins();
  if (which === 'digest') result.digest = await benchDigest();
  if (which === 'scale') result.scale = await benchScale();
  if (which === 'import') result.import = await benchImport(Math.max(1, Math.round(Number(values.rows) / 10)), Number(values.rows));
  if (values.json) return console.log(JSON.stringify(result));
  for (const [section, figures] of Object.entries(result)) {
    console.log(`${section}:`);
    for (const [k, v] of Object.entries(figures as object)) console.log(`  ${k.padEnd(44)} ${typeof v === 'object' ? JSON.stringify(v) : v}`);
  }
}
