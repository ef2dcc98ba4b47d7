import type { Client } from '@libsql/client';
import { systemClock } from './system-clock.ts';
import { parseConfig, type Config } from '../core/config.ts';
import type { Deps } from '../core/deps.ts';
import { jsonLogger } from '../core/logger.ts';
import { mailerFromConfig } from '../core/mail/mailer-from-config.ts';
import { Metrics } from '../core/metrics.ts';
import { analyseInPlace } from '../core/ingest/analyse-mentions.ts';
import { createAnalyser } from '../core/nlp/analyser.ts';
import { migrateDb, openLibsqlDb } from './db-libsql.ts';
import { guardedFetch } from './guarded-fetch.ts';
import { smtpMailer } from './smtp-mailer.ts';
import { NODE_SCRYPT_CONCURRENCY, nodeScrypt } from './node-scrypt.ts';
import { passwordHasher } from '../core/auth/password.ts';
import { readsOn } from '../core/reads.ts';

/** Reads the environment or exits with every problem listed: a bad config never starts half-way. */
export function configFromEnv(env: Record<string, string | undefined> = process.env): Config {
  const parsed = parseConfig(env);
  if (parsed.ok) return parsed.config;
  console.error(`Earshot cannot start: the environment is not valid.\n  ${parsed.errors.join('\n  ')}`);
  process.exit(1);
}

/**
 * The Node wiring of Deps: libSQL (migrated), the system clock, a fetch that refuses private addresses not in
 * EARSHOT_FETCH_ALLOW (and one for notification channels, EARSHOT_CHANNEL_ALLOW), JSON logs, SMTP or HTTP e-mail.
 */
export async function nodeDeps(config: Config = configFromEnv()): Promise<{ deps: Deps; client: Client }> {
  const { db, client, checkpointWal } = await openLibsqlDb(config.databaseUrl, config.databaseAuthToken);
  await migrateDb(db);
  const analyser = createAnalyser();
  const deps: Deps = {
    db,
    reads: readsOn(db),
    checkpointWal,
    clock: systemClock,
    fetch: guardedFetch(config.fetch.allow),
    channelFetch: guardedFetch(config.channelAllow, { setting: 'EARSHOT_CHANNEL_ALLOW' }),
    log: jsonLogger(config.logLevel),
    config,
    analyser,
    analyseBatch: analyseInPlace(analyser),
    metrics: new Metrics(),
    mailer: config.mail.smtpUrl ? smtpMailer(config.mail.smtpUrl) : mailerFromConfig(globalThis.fetch.bind(globalThis), config),
    passwords: passwordHasher(nodeScrypt, { concurrency: NODE_SCRYPT_CONCURRENCY }),
  };
  return { deps, client };
}
