import type { D1Database } from '@cloudflare/workers-types/index.ts';
import type { ExecutionContext } from 'hono';
import { drizzle } from 'drizzle-orm/d1';
import { JOBS, type JobName } from '../../jobs/registry.ts';
import { runJob } from '../../jobs/run-job.ts';
import type { Db } from '../../db/client.ts';
import * as schema from '../../db/schema/index.ts';
import { createApp } from '../api/app.ts';
import { systemClock } from './system-clock.ts';
import { parseConfig } from '../core/config.ts';
import type { Deps } from '../core/deps.ts';
import { jsonLogger } from '../core/logger.ts';
import { Metrics } from '../core/metrics.ts';
import { createAnalyser } from '../core/nlp/analyser.ts';

/** Cloudflare Workers entry: D1 as the database, cron triggers as the scheduler. Same app, same jobs. */
interface Env {
  DB: D1Database;
  [key: string]: unknown;
}

const analyser = createAnalyser();
const metrics = new Metrics();

function workerDeps(env: Env): Deps | { errors: string[] } {
  const parsed = parseConfig(env);
  if (!parsed.ok) return { errors: parsed.errors };
  return {
    db: drizzle(env.DB, { schema }) as unknown as Db,
    clock: systemClock,
    fetch: (input, init) => fetch(input, init),
    log: jsonLogger(parsed.config.logLevel),
    config: parsed.config,
    analyser,
    metrics,
  };
}

const app = createApp((env) => workerDeps(env as Env) as Deps);

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext) {
    const deps = workerDeps(env);
    if ('errors' in deps) {
      console.error(JSON.stringify({ level: 'error', msg: 'bad environment', errors: deps.errors }));
      return Response.json({ error: { code: 'BAD_ENVIRONMENT', message: 'The Worker is misconfigured', requestId: null } }, { status: 500 });
    }
    return app.fetch(request, env, ctx);
  },
  async scheduled(controller: { cron: string }, env: Env, ctx: ExecutionContext) {
    const deps = workerDeps(env);
    if ('errors' in deps) throw new Error(`bad environment: ${deps.errors.join('; ')}`);
    const due = (Object.keys(JOBS) as JobName[]).filter((name) => JOBS[name].cron === controller.cron);
    ctx.waitUntil(Promise.all(due.map((name) => runJob(deps, name))));
  },
};
