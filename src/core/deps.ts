import type { Db } from '../../db/client.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { Mailer } from './mail/mailer.ts';
import type { Metrics } from './metrics.ts';
import type { AnalyseBatch } from './ingest/analyse-mentions.ts';
import type { Analyser } from './nlp/types.ts';
import type { Passwords } from './auth/password.ts';
import type { Reads } from './reads.ts';

/** Everything domain code may touch, passed in by the runtime entry (Node or Workers). */
export interface Deps {
  db: Db;
  /** The heavy reads (lists, overview, analytics): on Node off the serving thread, elsewhere on `db`. */
  reads: Reads;
  clock: Clock;
  /** Outbound requests of sources (EARSHOT_FETCH_ALLOW on Node). */
  fetch: typeof fetch;
  /** Outbound requests of notification channels: webhooks and Slack (EARSHOT_CHANNEL_ALLOW on Node). */
  channelFetch: typeof fetch;
  log: Logger;
  config: Config;
  analyser: Analyser;
  /** The analysis of mentions being stored: on the Node server on threads of their own, elsewhere in place. */
  analyseBatch: AnalyseBatch;
  metrics: Metrics;
  mailer: Mailer;
  passwords: Passwords;
  /**
   * Folds the write-ahead log into the database file and empties it, so erased rows leave no copy behind (Node with
   * a database file); absent where the platform keeps the storage (D1, remote libSQL).
   */
  checkpointWal?: () => Promise<void>;
}
