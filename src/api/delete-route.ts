import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Actor } from '../actions/actor.ts';
import type { Permission } from '../core/auth/roles.ts';
import type { Deps } from '../core/deps.ts';
import type { AppEnv } from './env.ts';
import { requirePermission } from './middleware/auth.ts';
import { errors, IdParam } from './schemas.ts';

/**
 * `DELETE <path>/{id}` for a resource whose action removes it by id and answers nothing: 204, or the action's
 * error. Rules, mutes, channels, recipients and sources are all removed this way.
 */
export function deleteById(
  app: OpenAPIHono<AppEnv>,
  route: { path?: string; summary: string; permission: Permission; answer?: string },
  remove: (deps: Deps, actor: Actor, id: number) => Promise<unknown>,
): void {
  app.openapi(
    createRoute({
      method: 'delete',
      path: route.path ?? '/{id}',
      summary: route.summary,
      middleware: [requirePermission(route.permission)] as const,
      request: { params: IdParam },
      responses: { 204: { description: route.answer ?? 'Deleted' }, ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      await remove(c.get('deps'), c.get('user'), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
}
