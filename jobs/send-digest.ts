import type { Deps } from '../src/core/deps.ts';
import { sendDueDigests } from '../src/core/digest/send-digests.ts';
import type { JobReport } from './types.ts';

/** Queues the weekly digests when their schedule comes round and sends what is due (new or retried). */
export async function sendDigest(deps: Deps): Promise<JobReport> {
  const run = await sendDueDigests(deps);
  return { counts: { ...run } };
}
