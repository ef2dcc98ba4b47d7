import type { Context } from 'hono';
import type { AppEnv } from './env.ts';

/**
 * The address a request came from, for throttling: behind a trusted proxy (EARSHOT_TRUST_PROXY=1) the first
 * X-Forwarded-For entry; else the socket's peer on Node (what @hono/node-server passes as `env.incoming`), or
 * Cloudflare's `cf-connecting-ip` on Workers (set by Cloudflare, never by the client). Null when none is known.
 */
export function clientAddress(c: Context<AppEnv>): string | null {
  if (c.get('deps').config.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  if (incoming) return incoming.socket?.remoteAddress ?? null;
  return c.req.header('cf-connecting-ip') ?? null;
}
