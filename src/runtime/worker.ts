import type { D1Database } from '@cloudflare/workers-types/index.ts';
import type { ExecutionContext } from 'hono';
import { JOBS, type JobName } from '../../jobs/registry.ts';
import { runJob } from '../../jobs/run-job.ts';
import { createApp } from '../app.ts';
import { ensureAdminToken } from '../core/auth/accounts.ts';
import { jsScrypt, passwordHasher } from '../core/auth/password.ts';
import { parseConfig } from '../core/config.ts';
import type { Deps } from '../core/deps.ts';
import { jsonLogger } from '../core/logger.ts';
import { mailerFromConfig } from '../core/mail/mailer-from-config.ts';
import { Metrics } from '../core/metrics.ts';
import { analyseInPlace } from '../core/ingest/analyse-mentions.ts';
import { createAnalyser } from '../core/nlp/analyser.ts';
import { endDemo, ensureDemoWorkspace } from '../demo/seed-demo.ts';
import { d1Db } from './db-d1.ts';
import { systemClock } from './system-clock.ts';
import { readsOn } from '../core/reads.ts';

/** Cloudflare Workers entry: D1 as the database, cron triggers as the scheduler. Same app, same jobs. */
export interface Env {
  DB: D1Database;
  [key: string]: unknown;
}

// Per isolate: the analyser's compiled lexicons, the metrics, and the deps built from each env object.
const analyser = createAnalyser();
const metrics = new Metrics();
const depsByEnv = new WeakMap<object, Deps>();
let prepared: Promise<void> | undefined;

/** Validates the bindings and builds Deps once per env; a bad environment is reported, never half-used. */
function workerDeps(env: Env): Deps | { errors: string[] } {
  const cached = depsByEnv.get(env);
  if (cached) return cached;
  const parsed = parseConfig(env);
  if (!parsed.ok) return { errors: parsed.errors };
  if (!env.DB) return { errors: ['DB: the D1 binding is missing'] };
  const db = d1Db(env.DB);
  const deps: Deps = {
    db,
    reads: readsOn(db),
    clock: systemClock,
    fetch: (input, init) => fetch(input, init),
    channelFetch: (input, init) => fetch(input, init),
    log: jsonLogger(parsed.config.logLevel),
    config: parsed.config,
    analyser,
    analyseBatch: analyseInPlace(analyser),
    metrics,
    mailer: mailerFromConfig((input, init) => fetch(input, init), parsed.config),
    passwords: passwordHasher(jsScrypt),
  };
  depsByEnv.set(env, deps);
  return deps;
}

/**
 * What Node does at start, done once per isolate here: make EARSHOT_ADMIN_TOKEN a working admin token and, with
 * EARSHOT_DEMO=1, create the demo sources pointing at this Worker's own /demo/feeds (their URL needs the origin);
 * without it, end a demo that ran before.
 */
function prepare(deps: Deps, origin: string): Promise<void> {
  prepared ??= (async () => {
    if (deps.config.adminToken) await ensureAdminToken(deps, deps.config.adminToken);
    if (deps.config.demo) {
      const login = await ensureDemoWorkspace(deps, deps.config.publicUrl ?? origin);
      deps.log.info('demo workspace', {
        dashboard: `${origin}/login`,
        demo_user: login.email,
        demo_password: login.password,
        demo_cases_seeded: login.cases.seeded,
        demo_cases_ms: login.cases.ms,
      });
    } else {
      const removed = await endDemo(deps);
      if (removed) deps.log.info('demo ended: its sources, mentions, alerts and cases were removed and its user disabled', removed);
    }
  })().catch((err) => {
    prepared = undefined; // try again on the next request
    throw err;
  });
  return prepared;
}

const app = createApp((env) => depsByEnv.get(env as object)!);

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const deps = workerDeps(env);
    if ('errors' in deps) {
      console.error(JSON.stringify({ level: 'error', msg: 'bad environment', errors: deps.errors }));
      return Response.json({ error: { code: 'BAD_ENVIRONMENT', message: `The Worker is misconfigured: ${deps.errors.join('; ')}`, requestId: null } }, { status: 500 });
    }
    await prepare(deps, new URL(request.url).origin);
    return app.fetch(request, env, ctx);
  },

  async scheduled(controller: { cron: string }, env: Env, ctx: ExecutionContext): Promise<void> {
    const deps = workerDeps(env);
    if ('errors' in deps) throw new Error(`bad environment: ${deps.errors.join('; ')}`);
    const due = (Object.keys(JOBS) as JobName[]).filter((name) => JOBS[name].cron === controller.cron);
    // Jobs on one schedule run one after another, in the registry's order (alerts are judged on what was just polled).
    ctx.waitUntil(
      (async () => {
        for (const name of due) await runJob(deps, name);
      })(),
    );
  },
};
