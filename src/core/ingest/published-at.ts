// The publication dates Earshot believes. A date in the far future would sit first in every list for ever and
// never reach retention's cut-off; one before 1990 is a broken clock or an epoch of zero, not a post.
import { DAY_MS } from '../time/durations.ts';

/** The earliest publication date taken: 1990-01-01. */
export const EARLIEST_PUBLISHED_AT = Date.UTC(1990, 0, 1);
/** How far ahead of now a publication date may be: time zones and clock skew, nothing more. */
export const PUBLISHED_AHEAD_MS = DAY_MS;

/** Why a publication date (epoch ms) cannot be right, in words for the sender; null when it is plausible. */
export function publishedAtProblem(at: number, now: number): string | null {
  return at >= EARLIEST_PUBLISHED_AT && at <= now + PUBLISHED_AHEAD_MS ? null : 'published_at: must be between 1990-01-01 and one day from now';
}
