import type { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './env.ts';
import { errorResponse } from './errors.ts';
import alertMutes from './routes/alert-mutes.ts';
import alertRules from './routes/alert-rules.ts';
import alerts from './routes/alerts.ts';
import analytics from './routes/analytics.ts';
import caseLinks from './routes/case-links.ts';
import cases from './routes/cases.ts';
import creditor from './routes/creditor.ts';
import creditors from './routes/creditors.ts';
import digest from './routes/digest.ts';
import health from './routes/health.ts';
import ingest from './routes/ingest.ts';
import mentions from './routes/mentions.ts';
import notificationChannels from './routes/notification-channels.ts';
import sources from './routes/sources.ts';
import steps from './routes/steps.ts';
import { tokens, users } from './routes/users.ts';

const MAX_BODY_BYTES = 5 * 1024 * 1024;

/**
 * The JSON API under /api, with its OpenAPI document at /api/openapi.json. Registered on the app itself (not a
 * sub-app) so the document's paths carry their /api prefix.
 */
export function mountApi(app: OpenAPIHono<AppEnv>): void {
  // API answers carry personal and case data: no browser or proxy may keep a copy.
  app.use('/api/*', async (c, next) => {
    await next();
    c.header('cache-control', 'no-store');
  });
  app.use(
    '/api/*',
    bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => errorResponse(c, 'PAYLOAD_TOO_LARGE', `Request bodies are limited to ${MAX_BODY_BYTES / 1024 / 1024} MiB`) }),
  );

  app.route('/api/health', health);
  app.route('/api/mentions', mentions);
  app.route('/api/ingest', ingest);
  app.route('/api/cases', cases);
  app.route('/api/cases', caseLinks);
  app.route('/api/creditors', creditors);
  app.route('/api/creditor', creditor);
  app.route('/api/analytics', analytics);
  app.route('/api/alerts', alerts);
  app.route('/api/alert-rules', alertRules);
  app.route('/api/alert-mutes', alertMutes);
  app.route('/api/notification-channels', notificationChannels);
  app.route('/api/digest', digest);
  app.route('/api/sources', sources);
  app.route('/api/steps', steps);
  app.route('/api/users', users);
  app.route('/api/tokens', tokens);
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Earshot API', version: '0.1.0', description: 'Mentions of your brand, analysed; the sources they come from.' },
    security: [{ bearer: [] }],
  });
}
