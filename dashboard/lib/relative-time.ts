const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * `3 hours ago`, `in 12 minutes`, `just now`: coarse, for scanning a table (the exact time goes next to it).
 * Rounded down, so "1 hour ago" never means 50 minutes.
 */
export function relativeTime(ms: number, now: number): string {
  const diff = ms - now;
  const abs = Math.abs(diff);
  if (abs < MINUTE) return diff <= 0 ? 'just now' : 'in under a minute';
  const [n, unit] = abs < HOUR ? [Math.floor(abs / MINUTE), 'minute'] : abs < DAY ? [Math.floor(abs / HOUR), 'hour'] : [Math.floor(abs / DAY), 'day'];
  const amount = `${n} ${unit}${n === 1 ? '' : 's'}`;
  return diff < 0 ? `${amount} ago` : `in ${amount}`;
}
