import { createMiddleware } from 'hono/factory';
import { badRequest } from '../../core/errors.ts';
import type { AppEnv } from '../env.ts';

// Fatal: bytes that are not UTF-8 are refused, never read as U+FFFD (two different bodies would then read alike).
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A request body's bytes as text; 400 when they are not UTF-8. */
export function decodeUtf8Body(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw badRequest('the body is not valid UTF-8');
  }
}

/** Refuses a body that is not UTF-8 before a validator reads it (Hono keeps the bytes for the validator). */
export const utf8Body = createMiddleware<AppEnv>(async (c, next) => {
  decodeUtf8Body(new Uint8Array(await c.req.arrayBuffer()));
  await next();
});
