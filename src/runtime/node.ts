import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from '../app.ts';
import { ensureAdminToken } from '../core/auth/accounts.ts';
import type { Config } from '../core/config.ts';
import { acceptDemoStepSoon, DEMO_STEPS_PATH } from '../demo/demo-collection-system.ts';
import { endDemo, ensureDemoWorkspace, hasOwnData } from '../demo/seed-demo.ts';
import { randomSecret } from '../core/crypto.ts';
import { startScheduler } from './cron-node.ts';
import { guardedFetch } from './guarded-fetch.ts';
import { nodeDeps } from './node-deps.ts';
import { analysisPool } from './analysis-pool.ts';
import { readPool } from './read-pool.ts';

/**
 * Starts Earshot on Node: migrate, read and analysis threads, admin token, demo workspace (if on), HTTP server, scheduler.
 * Returns its URL and a `close` that stops everything in order.
 */
export async function startNode(config: Config) {
  const { deps, client } = await nodeDeps(config);
  const { log } = deps;
  if (config.adminToken) await ensureAdminToken(deps, config.adminToken);

  // The demo runs on a workspace that never had data of its own, or when asked for (EARSHOT_DEMO=1).
  const demo = config.demo ?? !(await hasOwnData(deps));
  const app = createApp(() => deps, { demo });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  // Heavy reads and the analysis of incoming mentions on their own threads, so neither holds up the requests behind
  // them. The read threads start once the server answers, the analysis threads at the first batch to analyse; until
  // they are ready, both run in place.
  const pool = readPool(config.databaseUrl, deps.db, log);
  deps.reads = pool.reads;
  const analysis = analysisPool(deps.analyser, log);
  deps.analyseBatch = analysis.analyseBatch;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;

  if (demo) {
    const demoBase = config.publicUrl ?? url;
    // The demo feeds are served by this server, usually on a loopback address: let the scheduler reach them, and
    // nothing else of this server or its host.
    deps.fetch = guardedFetch(config.fetch.allow, { scope: `${demoBase}/demo/feeds/` });
    // Accepted steps go to the demo's stand-in collection system on this server, unless a real one is configured.
    if (!config.stepsWebhook) {
      deps.config = { ...deps.config, stepsWebhook: { url: `${demoBase}${DEMO_STEPS_PATH}`, secret: randomSecret(24) } };
      deps.channelFetch = guardedFetch(config.channelAllow, { setting: 'EARSHOT_CHANNEL_ALLOW', scope: `${demoBase}${DEMO_STEPS_PATH}` });
    }
    const login = await ensureDemoWorkspace(deps, demoBase);
    log.info('demo workspace: feeds about the fictional collector "Lumera" are served by this server and polled by the scheduler every 5 minutes', {
      dashboard: `${url}/login`,
      demo_user: login.email,
      demo_role: login.role,
      demo_password: login.password,
      demo_creditor_user: login.creditorEmail,
      demo_cases: login.cases.cases,
      demo_actions: login.cases.actions,
      demo_cases_seeded: login.cases.seeded,
      demo_cases_ms: login.cases.ms,
      demo_tactics: `Tactics page: group by team or action type, sort by lower bound; before/after for sms at ${new Date(login.cases.changeAt).toISOString().slice(0, 10)}`,
      how_to_configure: 'add real sources with POST /api/sources (see README); the demo, its data and its user end at the next start after that, or start with EARSHOT_DEMO=0',
    });
  } else {
    const removed = await endDemo(deps);
    if (removed) log.info('demo ended: its sources, mentions, alerts and cases were removed and its user disabled', removed);
  }

  const scheduler = startScheduler(deps);
  void scheduler.runNow('poll-sources');
  // The demo's one accepted step, handed to its collection system as soon as its posts have been polled and linked.
  const stopDemoStep = demo ? acceptDemoStepSoon(deps, () => scheduler.runNow('next-steps')) : undefined;
  log.info('earshot listening', { url, database: redactUrl(config.databaseUrl), demo, startup_ms: Math.round(performance.now()) });

  return {
    url,
    deps,
    async close() {
      stopDemoStep?.();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await scheduler.stop();
      await pool.close();
      await analysis.close();
      client.close();
    },
  };
}

/** Database URLs may carry credentials: log the scheme and host only. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return u.protocol === 'file:' ? url : `${u.protocol}//${u.host}`;
  } catch {
    return url.split('?')[0]!;
  }
}
