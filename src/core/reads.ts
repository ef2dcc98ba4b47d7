// The heavy reads people wait for — the mention list, the overview and the complaint analytics — behind one
// interface, so a runtime can answer them away from the thread that serves requests (on Node, a pool of worker
// threads: src/runtime/read-pool.ts). Elsewhere (Workers, the CLI, tests) they run in place, on deps.db.
import type { Db } from '../../db/client.ts';
import { listMentions } from '../../db/queries/mention-list.ts';
import { overviewStats } from '../../db/queries/mentions.ts';
import { changeAnalytics, tacticsAnalytics, topicsAnalytics, trendAnalytics } from './cases/analytics.ts';
import { timeOfDayAnalytics } from './cases/time-of-day.ts';

/** Every read by name; each takes the database first. */
export const READS = { listMentions, overviewStats, tacticsAnalytics, topicsAnalytics, trendAnalytics, changeAnalytics, timeOfDayAnalytics };
export type ReadName = keyof typeof READS;

type WithoutDb<F> = F extends (db: Db, ...args: infer A) => infer R ? (...args: A) => R : never;
/** The reads, their database already given. */
export type Reads = { [K in ReadName]: WithoutDb<(typeof READS)[K]> };

/** The reads on `db`, in this thread. */
export function readsOn(db: Db): Reads {
  return Object.fromEntries(Object.entries(READS).map(([name, read]) => [name, (...args: unknown[]) => (read as (db: Db, ...a: unknown[]) => unknown)(db, ...args)])) as Reads;
}
