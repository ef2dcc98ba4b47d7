import { createMiddleware } from 'hono/factory';
import { userForToken } from '../../core/auth/accounts.ts';
import { AppError } from '../../core/errors.ts';
import { can, creditorMayReach, type Permission } from '../../core/auth/roles.ts';
import type { AppEnv } from '../env.ts';
import { errorResponse } from '../errors.ts';

/** `Authorization: Bearer <token>` → the token's user, or 401. */
export const bearerAuth = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) return errorResponse(c, 'UNAUTHORIZED', 'Send an API token as "Authorization: Bearer <token>"');
  const user = await userForToken(c.get('deps'), match[1]!);
  if (!user) return errorResponse(c, 'UNAUTHORIZED', 'The API token is not valid');
  if (user.role === 'creditor' && !creditorMayReach(c.req.path))
    return errorResponse(c, 'FORBIDDEN', 'A creditor account reaches only /api/creditor/figures and /api/creditor/report');
  c.set('user', user);
  await next();
});

/**
 * 403 unless the signed-in user's role grants `permission`: one guard for the API and the dashboard. It throws, so
 * each answers in its own form (JSON, or a page that says `message` in words).
 */
export const requirePermission = (permission: Permission, message?: string) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const { role } = c.get('user');
    if (!can(role, permission)) throw new AppError('FORBIDDEN', message ?? `The ${role} role may not do this (needs ${permission})`);
    await next();
  });
