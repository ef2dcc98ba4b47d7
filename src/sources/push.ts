// `push` sources receive mentions instead of polling for them: through the API with a bearer token, or as a
// signed webhook (POST /api/ingest/:id) from a system that has the source's signing secret.
import { z } from 'zod';

export const pushConfig = z
  .object({
    /** Shared with the sender; each request is signed with HMAC-SHA256 (src/core/signature.ts). */
    signing_secret: z.string().min(32, 'must be at least 32 characters').optional(),
  })
  .strict();

export const PUSH_SECRETS = ['signing_secret'] as const;
