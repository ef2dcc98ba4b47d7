import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import type { AppEnv } from '../env.ts';

/** Counts requests and their latency by method, matched route pattern (not raw path: bounded labels) and status. */
export const requestMetrics = createMiddleware<AppEnv>(async (c, next) => {
  const started = performance.now();
  await next();
  const labels = { method: c.req.method, route: routePath(c, -1) || 'unmatched', status: String(c.res.status) };
  const metrics = c.get('deps').metrics;
  metrics.inc('earshot_http_requests_total', 'HTTP requests', labels);
  metrics.observe('earshot_http_request_duration_seconds', 'HTTP request latency', { method: labels.method, route: labels.route }, (performance.now() - started) / 1000);
});
