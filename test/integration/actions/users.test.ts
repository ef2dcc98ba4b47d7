// The user and token actions on their own, as the API and the dashboard call them: only users:manage may, the one
// schema, the change and its audit entries. The CLI and sign-in use the core account functions as the system; their
// audit rows are checked at the end.
import { beforeEach, describe, expect, it } from 'vitest';
import { findUserById, listTokens } from '../../../db/queries/users.ts';
import type { Actor } from '../../../src/actions/actor.ts';
import { changeAccount } from '../../../src/actions/users/change.ts';
import { createAccount } from '../../../src/actions/users/create.ts';
import { createToken } from '../../../src/actions/users/create-token.ts';
import { revokeToken } from '../../../src/actions/users/revoke-token.ts';
import { createApiToken, ensureAdminToken, login, userForToken } from '../../../src/core/auth/accounts.ts';
import { changeUser, revokeApiToken } from '../../../src/core/auth/manage-users.ts';
import type { Deps } from '../../../src/core/deps.ts';
import { actors, auditTrail as auditTrailOf, refusal } from '../../helpers/actions.ts';
import { makeTestDeps } from '../../helpers/test-deps.ts';

let admin: Actor;
let comms: Actor;

describe('user and token actions', () => {
  let deps: Deps;
  const auditTrail = () => auditTrailOf(deps);
  beforeEach(async () => {
    deps = (await makeTestDeps()).deps;
    ({ admin, comms } = await actors(deps));
  });

  it('refuses every role but admin, before anything is read or written', async () => {
    const forbidden = { code: 'FORBIDDEN', message: 'The comms role may not do this (needs users:manage)' };
    expect(await refusal(changeAccount(deps, comms, comms.id, { role: 'admin' }))).toEqual(forbidden);
    expect(await refusal(createAccount(deps, comms, { email: 'eve@example.test', role: 'admin' }))).toEqual(forbidden);
    expect(await refusal(createToken(deps, comms, comms.id, { name: 'mine' }))).toEqual(forbidden);
    expect(await refusal(revokeToken(deps, comms, 1))).toEqual(forbidden);
    expect((await findUserById(deps.db, comms.id))!.role).toBe('comms');
    expect(await listTokens(deps.db)).toEqual([]);
    expect(await auditTrail()).toEqual([]);
  });

  it('changes a role, disables and enables, one audit entry per change; a change to what is already so records nothing', async () => {
    expect(await changeAccount(deps, admin, comms.id, { role: 'viewer' })).toMatchObject({ role: 'viewer' });
    expect((await changeAccount(deps, admin, comms.id, { disabled: true })).disabledAt).not.toBeNull();
    await changeAccount(deps, admin, comms.id, { disabled: true, role: 'viewer' });
    expect((await changeAccount(deps, admin, comms.id, { disabled: false })).disabledAt).toBeNull();
    expect(await auditTrail()).toEqual([
      ['user.role', admin.id, `user:${comms.id}`, { from: 'comms', to: 'viewer' }],
      ['user.disable', admin.id, `user:${comms.id}`, { sessions_ended: 0 }],
      ['user.enable', admin.id, `user:${comms.id}`, null],
    ]);
  });

  it('holds a change to the schema, and keeps the last active admin', async () => {
    expect(await refusal(changeAccount(deps, admin, comms.id, {}))).toEqual({ code: 'BAD_REQUEST', message: 'body: give role, disabled or both' });
    const bad = await refusal(changeAccount(deps, admin, comms.id, { role: 'boss' } as never));
    expect(bad.code).toBe('BAD_REQUEST');
    expect(bad.message).toMatch(/^role: /);
    expect((await refusal(changeAccount(deps, admin, comms.id, { role: 'viewer', email: 'x@example.test' } as never))).code).toBe('BAD_REQUEST');
    expect(await refusal(changeAccount(deps, admin, admin.id, { disabled: true }))).toEqual({
      code: 'CONFLICT',
      message: 'this is the last active admin; make another user an admin first',
    });
    expect((await refusal(changeAccount(deps, admin, 99_999, { role: 'viewer' }))).code).toBe('NOT_FOUND');
    expect(await auditTrail()).toEqual([]);
  });

  it('creates a user, audited as the admin who did; an address in use is a CONFLICT, a short password a BAD_REQUEST', async () => {
    const u = await createAccount(deps, admin, { email: 'bo@example.test', name: ' Bo ', role: 'credit_manager' });
    expect(u).toMatchObject({ email: 'bo@example.test', name: 'Bo', role: 'credit_manager', passwordHash: null });
    expect((await refusal(createAccount(deps, admin, { email: 'bo@example.test', role: 'viewer' }))).code).toBe('CONFLICT');
    expect(await refusal(createAccount(deps, admin, { email: 'cy@example.test', role: 'viewer', password: 'short' }))).toEqual({
      code: 'BAD_REQUEST',
      message: 'password: at least 10 characters',
    });
    expect(await auditTrail()).toEqual([['user.create', admin.id, `user:${u.id}`, { role: 'credit_manager' }]]);
  });

  it("creates a token that works, audited as the admin's, not as its user's; revoking twice records one revocation", async () => {
    const token = await createToken(deps, admin, comms.id, { name: ' laptop ' });
    expect(token).toMatch(/^esk_/);
    expect(await userForToken(deps, token)).toMatchObject({ id: comms.id });
    const [row] = await listTokens(deps.db, comms.id);
    expect(row).toMatchObject({ name: 'laptop', revokedAt: null });
    expect((await refusal(createToken(deps, admin, 99_999, { name: 'x' }))).code).toBe('NOT_FOUND');
    expect((await refusal(createToken(deps, admin, comms.id, { name: '' }))).code).toBe('BAD_REQUEST');

    expect((await revokeToken(deps, admin, row!.id)).revokedAt).not.toBeNull();
    await revokeToken(deps, admin, row!.id);
    expect(await userForToken(deps, token)).toBeNull();
    expect((await refusal(revokeToken(deps, admin, 99_999))).code).toBe('NOT_FOUND');
    expect(await auditTrail()).toEqual([
      ['token.create', admin.id, `user:${comms.id}`, { name: 'laptop' }],
      ['token.revoke', admin.id, `user:${comms.id}`, { token_id: row!.id, name: 'laptop' }],
    ]);
  });

  it('the CLI and sign-in, as the system, keep their audit rows', async () => {
    // `earshot user token` / `user disable` / `token revoke`: the token's own user creates it; nobody disables or revokes.
    const cli = await createApiToken(deps, comms.id, 'cli');
    await changeUser(deps, comms.id, { disabled: true }, null);
    const [t] = await listTokens(deps.db, comms.id);
    await revokeApiToken(deps, t!.id, null);
    expect(await userForToken(deps, cli)).toBeNull();
    // EARSHOT_ADMIN_TOKEN: set, then changed.
    await ensureAdminToken(deps, 'esk_first-admin-token');
    await ensureAdminToken(deps, 'esk_second-admin-token');
    // A wrong password for a user with none.
    expect(await login(deps, 'admin@example.test', 'not the password')).toBeNull();
    const trail = await auditTrail();
    const adminId = Number(String(trail.find((e) => e[0] === 'user.create')![2]).slice('user:'.length));
    expect(trail).toEqual([
      ['token.create', comms.id, `user:${comms.id}`, { name: 'cli' }],
      ['user.disable', null, `user:${comms.id}`, { sessions_ended: 0 }],
      ['token.revoke', null, `user:${comms.id}`, { token_id: t!.id, name: 'cli' }],
      ['user.create', null, `user:${adminId}`, { role: 'admin' }],
      ['token.create', adminId, `user:${adminId}`, { name: 'EARSHOT_ADMIN_TOKEN' }],
      ['token.revoke', null, `user:${adminId}`, { token_id: expect.any(Number), name: 'EARSHOT_ADMIN_TOKEN', reason: 'EARSHOT_ADMIN_TOKEN changed' }],
      ['token.create', adminId, `user:${adminId}`, { name: 'EARSHOT_ADMIN_TOKEN' }],
      ['login.failed', admin.id, null, null],
    ]);
  });
});
