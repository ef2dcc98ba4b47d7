// What every action test needs: a person of each role to act as (real users: the audit log points at them), the
// audit log as rows to compare, and the error an action refused with.
import { expect } from 'vitest';
import { insertUser } from '../../db/queries/users.ts';
import type { Role } from '../../db/schema/constants.ts';
import type { Actor } from '../../src/actions/actor.ts';
import type { Deps } from '../../src/core/deps.ts';
import { AppError } from '../../src/core/errors.ts';

/** One user per role, named after it (`admin@example.test`…); the creditor user belongs to `creditor`. */
export async function actors(deps: Pick<Deps, 'db' | 'clock'>, creditor = 'Northwind Credit'): Promise<Record<Role, Actor>> {
  const person = (role: Role) =>
    insertUser(deps.db, { email: `${role}@example.test`, name: role, role, creditor: role === 'creditor' ? creditor : null, passwordHash: null, now: deps.clock.now() });
  return {
    admin: await person('admin'),
    comms: await person('comms'),
    credit_manager: await person('credit_manager'),
    viewer: await person('viewer'),
    creditor: await person('creditor'),
  };
}

/** The audit log, oldest first: action, actor, target, details. */
export async function auditTrail(deps: Pick<Deps, 'db'>) {
  return (await deps.db.query.auditLog.findMany()).map((e) => [e.action, e.actorUserId, e.target, e.details]);
}

/** The AppError an action refused with (the test fails if it did not refuse). */
export async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return { code: (err as AppError).code, message: (err as AppError).message };
}
