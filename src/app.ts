// The whole HTTP surface, in one place: the JSON API, the dashboard, /metrics and the demo feeds, behind the
// middleware they share (request ids, deps, metrics, security headers). Runtime entries serve it; nothing imports upward.
import { OpenAPIHono } from '@hono/zod-openapi';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { CREDITOR_REPORT_PATH, createDashboard, DIGEST_PREVIEW_PATH } from '../dashboard/app.tsx';
import { mountApi } from './api/api.ts';
import type { AppEnv } from './api/env.ts';
import { errorResponse, handleError } from './api/errors.ts';
import { requestMetrics } from './api/middleware/request-metrics.ts';
import type { Deps } from './core/deps.ts';
import { timingSafeEqual } from './core/crypto.ts';
import { DEMO_STEPS_PATH, receiveDemoStep } from './demo/demo-collection-system.ts';
import { renderDemoFeed } from './demo/demo-feeds.ts';

export interface AppOptions {
  /** Serve the demo workspace's feeds at /demo/feeds/:slug; unset: as `EARSHOT_DEMO` says (the Worker's case). */
  demo?: boolean;
}

/**
 * The whole HTTP surface: JSON API under /api, the dashboard at /, /metrics and (in demo mode) the demo feeds.
 * `getDeps` is called per request so the Worker can build deps from its bindings; Node passes one set.
 */
export function createApp(getDeps: (env: unknown) => Deps, options: AppOptions = {}) {
  const app = new OpenAPIHono<AppEnv>();
  app.onError(handleError);
  app.notFound((c) => errorResponse(c, 'NOT_FOUND', `Nothing at ${c.req.method} ${c.req.path}`));

  app.use('*', requestId());
  app.use('*', async (c, next) => {
    c.set('deps', getDeps(c.env));
    await next();
  });
  app.use('*', requestMetrics);
  const pageHeaders = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      formAction: ["'self'"],
      // Only the digest preview, which is one of our own pages.
      frameSrc: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
    },
    referrerPolicy: 'same-origin',
    crossOriginResourcePolicy: 'same-origin',
  });
  // The digest preview and the creditor report are e-mails as sent: e-mail HTML needs inline styles (and a refusal there
  // is a dashboard page, with its stylesheet); still no scripts, framed only by us.
  const emailPreviewHeaders = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      styleSrc: ["'unsafe-inline'", "'self'"],
      imgSrc: ['data:'],
      frameAncestors: ["'self'"],
      baseUri: ["'none'"],
      formAction: ["'none'"],
    },
    xFrameOptions: 'SAMEORIGIN',
    referrerPolicy: 'same-origin',
    crossOriginResourcePolicy: 'same-origin',
  });
  const emailPaths = new Set([DIGEST_PREVIEW_PATH, CREDITOR_REPORT_PATH]);
  app.use('*', (c, next) => (emailPaths.has(c.req.path) ? emailPreviewHeaders(c, next) : pageHeaders(c, next)));
  mountApi(app);

  app.get('/metrics', (c) => {
    const deps = c.get('deps');
    const expected = deps.config.metricsToken;
    if (!expected) return errorResponse(c, 'NOT_FOUND', 'Metrics are off; set EARSHOT_METRICS_TOKEN to turn them on');
    const given = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
    const enc = new TextEncoder();
    if (!timingSafeEqual(enc.encode(given), enc.encode(expected))) {
      return errorResponse(c, 'UNAUTHORIZED', 'Send the metrics token as "Authorization: Bearer <token>"');
    }
    return c.text(deps.metrics.render(), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
  });

  app.get('/demo/feeds/:slug', (c) => {
    const deps = c.get('deps');
    const feed = (options.demo ?? deps.config.demo) ? renderDemoFeed(c.req.param('slug'), { now: deps.clock.now(), baseUrl: new URL(c.req.url).origin }) : null;
    if (!feed) return errorResponse(c, 'NOT_FOUND', 'No such demo feed');
    return c.body(feed.body, 200, { 'content-type': feed.contentType });
  });

  app.post(DEMO_STEPS_PATH, (c) => ((options.demo ?? c.get('deps').config.demo) ? receiveDemoStep(c) : errorResponse(c, 'NOT_FOUND', 'No demo collection system')));

  app.route('/', createDashboard());
  return app;
}

export type App = ReturnType<typeof createApp>;
