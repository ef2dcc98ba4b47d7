import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { listAccounts, listTokens, type AccountRow, type TokenRow } from '../../../db/queries/users.ts';
import { ROLES } from '../../../db/schema/constants.ts';
import { changeAccount } from '../../actions/users/change.ts';
import { revokeToken } from '../../actions/users/revoke-token.ts';
import { UserChangeSchema } from '../../actions/users/schemas.ts';
import type { AppEnv } from '../env.ts';
import { validationHook } from '../errors.ts';
import { bearerAuth, requirePermission } from '../middleware/auth.ts';
import { listWithLegacyKey, wholeList } from '../list-envelope.ts';
import { errors, IdParam, json } from '../schemas.ts';

// Accounts and API tokens, for admins (`users:manage`): roles, disabling, revoking. Tokens are never shown again.

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());
const Time = z.string().openapi({ format: 'date-time' });

const UserSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    creditor: z.string().nullable().openapi({ description: 'A creditor account: the creditor whose figures it sees' }),
    disabled_at: Time.nullable().openapi({ description: 'Set: the user can neither log in nor use a token' }),
    created_at: Time,
    last_used_at: Time.nullable().openapi({ description: 'The latest login or API call (API calls to the minute)' }),
  })
  .openapi('User');

const TokenSchema = z
  .object({
    id: z.number().int(),
    user_id: z.number().int(),
    user_email: z.string(),
    name: z.string(),
    created_at: Time,
    last_used_at: Time.nullable().openapi({ description: 'To the minute' }),
    revoked_at: Time.nullable(),
  })
  .openapi('ApiToken');

const userJson = (u: AccountRow): z.infer<typeof UserSchema> => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  creditor: u.creditor,
  disabled_at: iso(u.disabledAt),
  created_at: iso(u.createdAt)!,
  last_used_at: iso(u.lastUsedAt),
});

const tokenJson = (t: TokenRow): z.infer<typeof TokenSchema> => ({
  id: t.id,
  user_id: t.userId,
  user_email: t.userEmail,
  name: t.name,
  created_at: iso(t.createdAt)!,
  last_used_at: iso(t.lastUsedAt),
  revoked_at: iso(t.revokedAt),
});

export const users = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
users.use('*', bearerAuth);

users.openapi(
  createRoute({
    method: 'get',
    path: '/',
    summary: 'Every user, disabled ones too, with when each was last used',
    middleware: [requirePermission('users:manage')] as const,
    responses: { 200: json(listWithLegacyKey(UserSchema, 'users'), 'Users, by e-mail'), ...errors(401, 403) },
  }),
  async (c) => c.json(wholeList((await listAccounts(c.get('deps').db)).map(userJson), 'users'), 200),
);

users.openapi(
  createRoute({
    method: 'patch',
    path: '/{id}',
    summary: "Change a user's role, or disable (their sessions end, their tokens stop) or enable them. Audited.",
    middleware: [requirePermission('users:manage')] as const,
    request: { params: IdParam, body: { content: { 'application/json': { schema: UserChangeSchema } }, required: true } },
    responses: { 200: json(UserSchema, 'The user after the change'), ...errors(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const deps = c.get('deps');
    const { id } = c.req.valid('param');
    await changeAccount(deps, c.get('user'), id, c.req.valid('json'));
    const [user] = await listAccounts(deps.db, id);
    return c.json(userJson(user!), 200);
  },
);

export const tokens = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
tokens.use('*', bearerAuth);

tokens.openapi(
  createRoute({
    method: 'get',
    path: '/',
    summary: 'API tokens (never the tokens themselves): whose, name, created, last used, revoked',
    middleware: [requirePermission('users:manage')] as const,
    request: { query: z.object({ user_id: z.coerce.number().int().positive().optional().openapi({ description: "Only this user's tokens" }) }) },
    responses: { 200: json(listWithLegacyKey(TokenSchema, 'tokens'), 'Tokens'), ...errors(400, 401, 403) },
  }),
  async (c) => c.json(wholeList((await listTokens(c.get('deps').db, c.req.valid('query').user_id)).map(tokenJson), 'tokens'), 200),
);

tokens.openapi(
  createRoute({
    method: 'delete',
    path: '/{id}',
    summary: 'Revoke a token: it is refused from the next request on. Audited.',
    middleware: [requirePermission('users:manage')] as const,
    request: { params: IdParam },
    responses: { 200: json(TokenSchema, 'The token, revoked'), ...errors(400, 401, 403, 404) },
  }),
  async (c) => c.json(tokenJson(await revokeToken(c.get('deps'), c.get('user'), c.req.valid('param').id)), 200),
);
