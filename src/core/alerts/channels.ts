// Notification channels: each kind's settings, and checking them before they are stored (secrets sealed).
import { z } from 'zod';
import { ROLES, type ChannelKind } from '../../../db/schema/constants.ts';
import type { Deps } from '../deps.ts';
import { badRequest } from '../errors.ts';
import { MASK, openSecrets, sealSecrets, secretBoxFor } from '../secrets.ts';

/** Channel settings per kind. Webhook URLs and secrets are credentials: sealed at rest, masked when shown. */
export const CHANNEL_CONFIG = {
  email: z
    .object({
      to: z.array(z.email()).max(50).default([]),
      /** Everyone with one of these roles gets it too. */
      roles: z.array(z.enum(ROLES)).default([]),
    })
    .strict()
    .refine((c) => c.to.length + c.roles.length > 0, 'give at least one address in "to" or one role in "roles"'),
  webhook: z
    .object({
      url: z.url({ protocol: /^https?$/ }),
      /** Signs each request (HMAC-SHA256 over "<t>.<body>", header earshot-signature). */
      secret: z.string().min(32, 'must be at least 32 characters'),
    })
    .strict(),
  slack: z.object({ url: z.url({ protocol: /^https?$/ }) }).strict(),
} as const;
export const CHANNEL_SECRETS = { email: [], webhook: ['url', 'secret'], slack: ['url'] } as const satisfies Record<keyof typeof CHANNEL_CONFIG, readonly string[]>;

/** Validates a kind's settings and seals its secrets; a secret sent as MASK (or left out) keeps its stored value. */
export async function validateAndSealChannelConfig(deps: Pick<Deps, 'config'>, kind: ChannelKind, config: Record<string, unknown>, stored: Record<string, unknown> = {}) {
  const box = await secretBoxFor(deps.config.secretKey);
  const secrets = CHANNEL_SECRETS[kind];
  const current = await openSecrets(stored, secrets, box).catch(() => {
    throw badRequest('the stored secrets cannot be read: set EARSHOT_SECRET_KEY, or send every secret again');
  });
  const merged = { ...config };
  for (const f of secrets) if (merged[f] === MASK || merged[f] === undefined) merged[f] = current[f];
  const r = CHANNEL_CONFIG[kind].safeParse(merged);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw badRequest(`config${i.path.length ? `.${i.path.join('.')}` : ''}: ${i.message}`);
  }
  return sealSecrets(r.data as Record<string, unknown>, secrets, box);
}
