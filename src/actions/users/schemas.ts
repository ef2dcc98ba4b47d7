// Accounts and API tokens as admins change them: the API's request bodies and the dashboard's Users page are both
// held to these.
import { z } from '@hono/zod-openapi';
import { ROLES } from '../../../db/schema/constants.ts';

/** A change to a user. */
export const UserChangeSchema = z
  .object({
    role: z.enum(ROLES).optional(),
    disabled: z.boolean().optional().openapi({ description: 'true ends their sessions and stops their tokens at once' }),
  })
  .strict()
  .refine((b) => b.role !== undefined || b.disabled !== undefined, 'give role, disabled or both')
  .openapi('UserChange');
export type UserChangeInput = z.input<typeof UserChangeSchema>;

/** A new user; without a password they sign in with API tokens only. */
export const NewUser = z
  .object({
    email: z.email().max(200),
    name: z.string().trim().min(1).max(120).optional(),
    role: z.enum(ROLES),
    creditor: z.string().trim().min(1).max(200).optional().openapi({ description: 'for a creditor account: the creditor, as cases name it' }),
    password: z.string().min(10, 'at least 10 characters').max(1_000).nullable().optional(),
  })
  .strict();
export type NewUserInput = z.input<typeof NewUser>;

/** A new API token: what it is for. */
export const NewToken = z.object({ name: z.string().trim().min(1).max(100) }).strict();
export type NewTokenInput = z.input<typeof NewToken>;
