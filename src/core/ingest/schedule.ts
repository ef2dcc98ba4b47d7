/** When to poll a source next: its interval after success; exponential back-off after failures. */
import { DAY_MS } from '../time/durations.ts';

const MAX_BACKOFF = DAY_MS;

export function nextPollAfterSuccess(now: number, intervalSeconds: number): number {
  return now + intervalSeconds * 1000;
}

/**
 * Back-off doubles with each consecutive failure (1, 2, 4 … intervals, at most a day), with up to 10 % jitter
 * so many failing sources do not retry in step. A server's Retry-After is honoured when it asks for longer.
 */
export function nextPollAfterFailure(now: number, intervalSeconds: number, errorCount: number, retryAfterMs: number | undefined, random: () => number = Math.random): number {
  const base = Math.min(MAX_BACKOFF, intervalSeconds * 1000 * 2 ** Math.min(errorCount, 10));
  const jittered = Math.round(base * (1 + 0.1 * random()));
  return now + Math.max(jittered, retryAfterMs ?? 0);
}
