// What every action starts with: who is acting, whether their role may, and the input read by the one schema.
// Actions throw AppErrors; the API answers them as JSON, the dashboard as a page or a form's problems.
import type { z } from 'zod';
import type { AuthUser } from '../../db/queries/users.ts';
import { can, type Permission } from '../core/auth/roles.ts';
import { AppError, badRequest, describeZodError } from '../core/errors.ts';

/** The person behind a request: a session's or an API token's user. */
export type Actor = Pick<AuthUser, 'id' | 'role'>;

/** Refuses the actor unless their role has `permission`. */
export function authorize(actor: Actor, permission: Permission): void {
  if (!can(actor.role, permission)) throw new AppError('FORBIDDEN', `The ${actor.role} role may not do this (needs ${permission})`);
}

/** The input as `schema` reads it, or a BAD_REQUEST naming each problem (`field: problem; …`). */
export function readInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw badRequest(describeZodError(parsed.error));
  return parsed.data;
}
