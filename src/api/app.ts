import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { createDashboard, DIGEST_PREVIEW_PATH } from '../../dashboard/app.tsx';
import type { Deps } from '../core/deps.ts';
import { timingSafeEqual } from '../core/crypto.ts';
import { renderDemoFeed } from '../demo/demo-feeds.ts';
import type { AppEnv } from './env.ts';
import { errorResponse, handleError } from './errors.ts';
import { requestMetrics } from './middleware/request-metrics.ts';
import alertMutes from './routes/alert-mutes.ts';
import alertRules from './routes/alert-rules.ts';
import alerts from './routes/alerts.ts';
import analytics from './routes/analytics.ts';
import caseLinks from './routes/case-links.ts';
import cases from './routes/cases.ts';
import creditors from './routes/creditors.ts';
import digest from './routes/digest.ts';
import health from './routes/health.ts';
import ingest from './routes/ingest.ts';
import mentions from './routes/mentions.ts';
import notificationChannels from './routes/notification-channels.ts';
import sources from './routes/sources.ts';
import { tokens, users } from './routes/users.ts';

export interface AppOptions {
  /** Serve the demo workspace's feeds at /demo/feeds/:slug; unset: as `EARSHOT_DEMO` says (the Worker's case). */
  demo?: boolean;
}

const MAX_BODY_BYTES = 5 * 1024 * 1024;

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
  // The digest preview is the e-mail as sent: e-mail HTML needs inline styles; still no scripts, framed only by us.
  const emailPreviewHeaders = secureHeaders({
    contentSecurityPolicy: { defaultSrc: ["'none'"], styleSrc: ["'unsafe-inline'"], imgSrc: ['data:'], frameAncestors: ["'self'"], baseUri: ["'none'"], formAction: ["'none'"] },
    xFrameOptions: 'SAMEORIGIN',
    referrerPolicy: 'same-origin',
    crossOriginResourcePolicy: 'same-origin',
  });
  app.use('*', (c, next) => (c.req.path === DIGEST_PREVIEW_PATH ? emailPreviewHeaders(c, next) : pageHeaders(c, next)));
  // API answers carry personal and case data: no browser or proxy may keep a copy.
  app.use('/api/*', async (c, next) => {
    await next();
    c.header('cache-control', 'no-store');
  });
  app.use('/api/*', bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => errorResponse(c, 'PAYLOAD_TOO_LARGE', `Request bodies are limited to ${MAX_BODY_BYTES / 1024 / 1024} MiB`) }));

  app.route('/api/health', health);
  app.route('/api/mentions', mentions);
  app.route('/api/ingest', ingest);
  app.route('/api/cases', cases);
  app.route('/api/cases', caseLinks);
  app.route('/api/creditors', creditors);
  app.route('/api/analytics', analytics);
  app.route('/api/alerts', alerts);
  app.route('/api/alert-rules', alertRules);
  app.route('/api/alert-mutes', alertMutes);
  app.route('/api/notification-channels', notificationChannels);
  app.route('/api/digest', digest);
  app.route('/api/sources', sources);
  app.route('/api/users', users);
  app.route('/api/tokens', tokens);
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Earshot API', version: '0.1.0', description: 'Mentions of your brand, analysed; the sources they come from.' },
    security: [{ bearer: [] }],
  });

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

  app.route('/', createDashboard());
  return app;
}

export type App = ReturnType<typeof createApp>;
