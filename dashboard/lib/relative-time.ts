import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../src/core/time/durations.ts';

/**
 * `3 hours ago`, `in 12 minutes`, `just now`: coarse, for scanning a table (the exact time goes next to it).
 * Rounded down, so "1 hour ago" never means 50 minutes.
 */
export function relativeTime(ms: number, now: number): string {
  const diff = ms - now;
  const abs = Math.abs(diff);
  if (abs < MINUTE_MS) return diff <= 0 ? 'just now' : 'in under a minute';
  const [n, unit] = abs < HOUR_MS ? [Math.floor(abs / MINUTE_MS), 'minute'] : abs < DAY_MS ? [Math.floor(abs / HOUR_MS), 'hour'] : [Math.floor(abs / DAY_MS), 'day'];
  const amount = `${n} ${unit}${n === 1 ? '' : 's'}`;
  return diff < 0 ? `${amount} ago` : `in ${amount}`;
}
