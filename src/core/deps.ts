import type { Db } from '../../db/client.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { Mailer } from './mail/mailer.ts';
import type { Metrics } from './metrics.ts';
import type { Analyser } from './nlp/types.ts';

/** Everything domain code may touch, passed in by the runtime entry (Node or Workers). */
export interface Deps {
  db: Db;
  clock: Clock;
  fetch: typeof fetch;
  log: Logger;
  config: Config;
  analyser: Analyser;
  metrics: Metrics;
  mailer: Mailer;
}
