import { ROLES, type Role } from '../../db/schema/constants.ts';
import { insertUser } from '../../db/queries/users.ts';
import { createApp } from '../../src/app.ts';
import { createApiToken, createUser } from '../../src/core/auth/accounts.ts';
import { makeTestDeps } from './test-deps.ts';

/** The creditor of the harness's creditor user (no case names it until a test imports some). */
export const TEST_CREDITOR = 'Northwind Credit';

/** The real app over an in-memory database, with one user and API token per role. */
export async function setupApi(env: Record<string, string> = {}) {
  const { deps, clock } = await makeTestDeps(env);
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) {
    const u =
      role === 'creditor'
        ? await insertUser(deps.db, { email: `${role}@test.local`, name: role, role, creditor: TEST_CREDITOR, passwordHash: null, now: clock.now() })
        : await createUser(deps, { email: `${role}@test.local`, role });
    tokens[role] = await createApiToken(deps, u.id, 'test');
  }
  const app = createApp(() => deps);
  const call = (method: string, path: string, opts: { role?: Role | null; token?: string; body?: unknown } = {}) => {
    const headers: Record<string, string> = {};
    const token = opts.token ?? (opts.role === null ? undefined : tokens[opts.role ?? 'admin']);
    if (token) headers.authorization = `Bearer ${token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    return app.request(path, {
      method,
      headers,
      body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
    });
  };
  return { app, deps, clock, tokens, call };
}

export type ApiHarness = Awaited<ReturnType<typeof setupApi>>;

/** Asserts the one error shape and returns its code. */
export async function errorCode(res: Response): Promise<string> {
  const body = (await res.json()) as { error?: { code?: string; message?: string; requestId?: string } };
  if (!body.error?.code || typeof body.error.message !== 'string' || !('requestId' in body.error)) {
    throw new Error(`not the error shape: ${JSON.stringify(body)}`);
  }
  return body.error.code;
}
