import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import type { Db } from '../../db/client.ts';
import * as schema from '../../db/schema/index.ts';
import { fixedClock } from '../../src/core/clock.ts';
import { parseConfig } from '../../src/core/config.ts';
import type { Deps } from '../../src/core/deps.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { mailerFromConfig } from '../../src/core/mail/mailer-from-config.ts';
import { Metrics } from '../../src/core/metrics.ts';
import { analyseInPlace } from '../../src/core/ingest/analyse-mentions.ts';
import { createAnalyser } from '../../src/core/nlp/analyser.ts';
import { migrateDb } from '../../src/runtime/db-libsql.ts';
import { guardedFetch } from '../../src/runtime/guarded-fetch.ts';
import { NODE_SCRYPT_CONCURRENCY, nodeScrypt } from '../../src/runtime/node-scrypt.ts';
import { passwordHasher } from '../../src/core/auth/password.ts';
import { readsOn } from '../../src/core/reads.ts';

export const T0 = Date.UTC(2026, 10, 20, 12, 0, 0);

/** A fresh in-memory database with the committed migrations applied. */
export async function testDb(): Promise<Db> {
  const client = createClient({ url: ':memory:' });
  await client.execute('PRAGMA foreign_keys = ON');
  const db = drizzle(client, { schema }) as unknown as Db;
  await migrateDb(db);
  return db;
}

let sharedAnalyser: ReturnType<typeof createAnalyser> | undefined;

/**
 * Real parts throughout: libSQL + migrations, the real analyser, the real guarded fetch (fixture servers live on
 * 127.0.0.1, which is allowed the way an operator would allow it); a clock the test controls.
 */
export async function makeTestDeps(env: Record<string, string> = {}) {
  // No spacing between requests to 127.0.0.1 by default (fixture servers are ours); host-pacer.test.ts tests it.
  const parsed = parseConfig({
    LOG_LEVEL: 'silent',
    EARSHOT_FETCH_TIMEOUT_MS: '2000',
    EARSHOT_FETCH_ALLOW: '127.0.0.1',
    EARSHOT_CHANNEL_ALLOW: '127.0.0.1',
    EARSHOT_HOST_GAP_MS: '0',
    ...env,
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const clock = fixedClock(T0);
  const db = await testDb();
  const deps: Deps = {
    db,
    reads: readsOn(db),
    clock,
    fetch: guardedFetch(parsed.config.fetch.allow),
    channelFetch: guardedFetch(parsed.config.channelAllow, { setting: 'EARSHOT_CHANNEL_ALLOW' }),
    log: silentLogger,
    config: parsed.config,
    analyser: (sharedAnalyser ??= createAnalyser()),
    analyseBatch: analyseInPlace(sharedAnalyser),
    metrics: new Metrics(),
    mailer: mailerFromConfig(globalThis.fetch.bind(globalThis), parsed.config),
    passwords: passwordHasher(nodeScrypt, { concurrency: NODE_SCRYPT_CONCURRENCY }),
  };
  return { deps, clock };
}
