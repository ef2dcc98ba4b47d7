/**
 * Hourly counts of one alert key (brand × market × source kind, or one tactic label in a market), held as prefix
 * sums so any window's total — and any weekday's share of a baseline — costs O(1). Hour 0 is `startHour`
 * (hours since the Unix epoch, UTC).
 */
const WEEK_HOURS = 168;

export class HourlySeries {
  /** cum[i] = sum of counts[0..i). */
  private readonly cum: Float64Array;
  /** weekday sums: byDay[d][i] = sum of counts[j] for j < i with weekday(j) = d. */
  private readonly byDay: Float64Array[];

  constructor(
    readonly startHour: number,
    readonly counts: ArrayLike<number>,
  ) {
    const n = counts.length;
    this.cum = new Float64Array(n + 1);
    this.byDay = Array.from({ length: 7 }, () => new Float64Array(n + 1));
    for (let i = 0; i < n; i++) {
      this.cum[i + 1] = this.cum[i]! + counts[i]!;
      const d = this.weekday(i);
      for (let k = 0; k < 7; k++) this.byDay[k]![i + 1] = this.byDay[k]![i]! + (k === d ? counts[i]! : 0);
    }
  }

  get length(): number {
    return this.counts.length;
  }

  /** Weekday of hour i, 0 = Monday (UTC). The epoch began on a Thursday. */
  weekday(i: number): number {
    return Math.floor(((this.startHour + i) % WEEK_HOURS) / 24 + 3) % 7;
  }

  /** Sum of counts in hours [from, to), clamped to the series. */
  sum(from: number, to: number): number {
    const a = Math.max(0, Math.min(this.length, from));
    const b = Math.max(a, Math.min(this.length, to));
    return this.cum[b]! - this.cum[a]!;
  }

  /** Sum of counts in hours [from, to) that fall on weekday d. */
  sumOnDay(d: number, from: number, to: number): number {
    const a = Math.max(0, Math.min(this.length, from));
    const b = Math.max(a, Math.min(this.length, to));
    return this.byDay[d]![b]! - this.byDay[d]![a]!;
  }

  /** Number of hours in [from, to) that fall on weekday d. */
  hoursOnDay(d: number, from: number, to: number): number {
    let n = 0;
    // Whole weeks first, then the rest hour by hour (at most 167).
    const weeks = Math.floor((to - from) / WEEK_HOURS);
    n += weeks * 24;
    for (let i = from + weeks * WEEK_HOURS; i < to; i++) if (this.weekday(i) === d) n++;
    return n;
  }
}
