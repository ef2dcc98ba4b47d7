import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { ping } from '../../../db/queries/database.ts';
import type { AppEnv } from '../env.ts';
import { json } from '../schemas.ts';

const app = new OpenAPIHono<AppEnv>();

app.openapi(
  createRoute({
    method: 'get',
    path: '/',
    summary: 'Liveness and database reachability (no authentication)',
    responses: {
      200: json(z.object({ status: z.literal('ok'), database: z.literal('ok'), time: z.string() }), 'Healthy'),
      503: json(z.object({ status: z.literal('unavailable'), database: z.literal('unreachable'), time: z.string() }), 'Database unreachable'),
    },
  }),
  async (c) => {
    const deps = c.get('deps');
    const time = new Date(deps.clock.now()).toISOString();
    try {
      await ping(deps.db);
      return c.json({ status: 'ok' as const, database: 'ok' as const, time }, 200);
    } catch {
      return c.json({ status: 'unavailable' as const, database: 'unreachable' as const, time }, 503);
    }
  },
);

export default app;
