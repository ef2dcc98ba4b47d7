import { requirePermission } from '../../src/api/middleware/auth.ts';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { listAccounts, listTokens } from '../../db/queries/users.ts';
import type { Role } from '../../db/schema/constants.ts';
import { changeAccount } from '../../src/actions/users/change.ts';
import { revokeToken } from '../../src/actions/users/revoke-token.ts';
import { AppError } from '../../src/core/errors.ts';
import { renderPage } from '../lib/render.ts';
import { requireCsrfToken, requireSession } from '../lib/session.ts';
import { UsersPage } from '../pages/users.tsx';
import { type Ctx, originCheck, formLimit, field, notFoundPage, mentionIdParam } from '../lib/route-kit.tsx';
import type { AppEnv } from '../../src/api/env.ts';

/** Users and API tokens (admins only; the same actions as /api/users and /api/tokens). */
export function userRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();

  const requireUsersManage = requirePermission('users:manage', 'Only admins can manage users and API tokens.');
  const USERS_DONE: Record<string, string> = {
    role: 'Role saved.',
    disable: 'Disabled: their sessions have ended and their API tokens no longer work.',
    enable: 'Enabled: they can log in and use their tokens again.',
    revoke: 'Token revoked: it no longer works.',
  };

  const renderUsers = async (c: Ctx, opts: { flash?: string | null; problem?: string | null; status?: ContentfulStatusCode } = {}) => {
    const deps = c.get('deps');
    const [accounts, tokens] = await Promise.all([listAccounts(deps.db), listTokens(deps.db)]);
    return renderPage(
      c,
      <UsersPage
        user={c.get('user')}
        csrfToken={c.get('csrfToken')}
        now={deps.clock.now()}
        accounts={accounts}
        tokens={tokens}
        flash={opts.flash ?? null}
        problem={opts.problem ?? null}
      />,
      opts.status ?? 200,
    );
  };

  r.get('/users', requireSession, requireUsersManage, (c) => {
    const done = c.req.query('done');
    return renderUsers(c, { flash: done ? (USERS_DONE[done] ?? null) : null });
  });

  /** Runs a change from the Users page; a refused one (the last admin, a bad value) is shown there with its reason. */
  const usersChange = (done: keyof typeof USERS_DONE, change: (c: Ctx, id: number) => Promise<unknown>) => async (c: Ctx) => {
    const id = mentionIdParam(c, 'id');
    if (id === null) return notFoundPage(c, 'There is no such user or token.');
    try {
      await change(c, id);
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND') return notFoundPage(c, 'There is no such user or token.');
      if (err instanceof AppError) return renderUsers(c, { problem: err.message, status: err.status as ContentfulStatusCode });
      throw err;
    }
    return c.redirect(`/users?done=${done}`, 303);
  };
  const manageUsers = [originCheck, formLimit, requireSession, requireCsrfToken, requireUsersManage] as const;

  r.post(
    '/users/:id/role',
    ...manageUsers,
    usersChange('role', async (c, id) => {
      const body = await c.req.parseBody();
      await changeAccount(c.get('deps'), c.get('user'), id, { role: field(body, 'role') as Role });
    }),
  );
  for (const [action, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    r.post(
      `/users/:id/${action}`,
      ...manageUsers,
      usersChange(action, (c, id) => changeAccount(c.get('deps'), c.get('user'), id, { disabled })),
    );
  }
  r.post(
    '/tokens/:id/revoke',
    ...manageUsers,
    usersChange('revoke', (c, id) => revokeToken(c.get('deps'), c.get('user'), id)),
  );

  return r;
}
