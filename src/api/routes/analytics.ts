import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env.ts';
import { validationHook } from '../errors.ts';
import { bearerAuth } from '../middleware/auth.ts';

const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
app.use('*', bearerAuth);

export default app;
