// Posting a webhook: one POST of a JSON body with a timeout, no redirects followed, and the outcome in words with
// whether trying again could help. Alert notifications and next steps handed to the collection system both use
// it, with the same retry schedule.
import { isBlockedAddress } from './ingest/fetch-feed.ts';
import { MINUTE_MS } from './time/durations.ts';

/** Minutes to wait after the 1st, 2nd … failed attempt; after the last, the delivery is given up as failed. */
export const RETRY_MINUTES = [1, 5, 30, 120, 360];
/** How long a run holds a delivery it is sending, so a parallel run does not send it too. */
export const LEASE_MS = 2 * 60_000;
const TIMEOUT_MS = 10_000;

export class SendError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export async function post(fetchFn: typeof fetch, url: string, body: string, headers: Record<string, string>): Promise<void> {
  let res: Response;
  try {
    res = await fetchFn(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    // Trying again will not help: the operator has to allow the address.
    if (isBlockedAddress(err)) throw new SendError('the receiver is on a private or local network address; add it to EARSHOT_CHANNEL_ALLOW to send to it', false);
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    throw new SendError(timedOut ? `no answer within ${TIMEOUT_MS / 1000} s` : `could not connect (${err instanceof Error ? err.message : 'network error'})`, true);
  }
  await res.body?.cancel();
  if (res.ok) return;
  throw new SendError(`the receiver answered HTTP ${res.status}`, res.status === 429 || res.status >= 500 || res.status === 408);
}

/**
 * What a failed attempt leaves on its delivery row: the reason in words, and either the next try (by RETRY_MINUTES)
 * or, when trying again cannot help or the tries are used up, the end. An error that is not a SendError is a fault
 * of ours: retried, and said to be unexpected.
 */
export function failedAttempt(err: unknown, attempts: number, now: number) {
  const lastError = err instanceof SendError ? err.message : 'unexpected error while sending';
  const retry = (!(err instanceof SendError) || err.retryable) && attempts <= RETRY_MINUTES.length;
  const status: 'pending' | 'failed' = retry ? 'pending' : 'failed';
  return { retry, row: { status, attempts, lastError, sentAt: null, nextAttemptAt: retry ? now + RETRY_MINUTES[attempts - 1]! * MINUTE_MS : now } };
}
