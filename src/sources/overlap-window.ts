// Reading a newest-first search that indexes late. A search API (Bluesky, Reddit, Algolia for Hacker News) indexes
// an item a little after it is made, so an item can turn up older than one a poll has already read. Each poll
// therefore reads again a window of `overlap` below the newest item seen, and the ids it read there are remembered,
// so the overlap is not delivered twice.
//
// What is the same for every such adapter lives here: which items are new, how far back to read, and what to
// remember. How an unfinished poll carries on (a time gap, a listing walk) is the adapter's, as is the time unit
// (milliseconds or seconds: `overlap` and the item times just have to agree).
import { z } from 'zod';

/** The part of an adapter's cursor that this module keeps, to spread into the adapter's cursor schema. */
export const overlapStateShape = {
  /** The newest item time read so far. */
  newest: z.number(),
  /** Id → time of the items a later poll may meet again: those within the overlap of `newest`, and a few more. */
  recent: z.record(z.string(), z.number()),
};
export type OverlapState = z.infer<z.ZodObject<typeof overlapStateShape>>;

/** A bound on the remembered ids, whatever the volume of the search. */
export const MAX_RECENT = 1_000;

/** One poll's pass over the window. */
export class OverlapWindow {
  /** Id → time of every item this poll met, new or not. */
  readonly read = new Map<string, number>();
  /** Ids not to deliver again: remembered from earlier polls, or met earlier in this one. */
  private readonly seen: Set<string>;

  constructor(
    private readonly previous: OverlapState | null,
    private readonly overlap: number,
  ) {
    this.seen = new Set(Object.keys(previous?.recent ?? {}));
  }

  /**
   * Where the window starts: `overlap` below the newest item seen. Null on the first poll, which has seen nothing
   * and reads only the newest pages (no history beyond the page cap).
   */
  get from(): number | null {
    return this.previous ? this.previous.newest - this.overlap : null;
  }

  /** Notes an item this poll met; true when it is new (neither remembered nor met before in this poll). */
  meet(id: string, time: number): boolean {
    this.read.set(id, time);
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    return true;
  }

  /** The time of the oldest item this poll met; null when it met none. */
  oldest(): number | null {
    return this.read.size > 0 ? Math.min(...this.read.values()) : null;
  }

  /**
   * The state for the next poll; null while there is none (a first poll that met nothing). `newest` only moves up.
   * `recent` keeps the items within `overlap` of it, and those `alsoKeep` asks for (such as the edges of a window
   * the poll could not finish), the newest MAX_RECENT of them at most.
   */
  next(alsoKeep?: (time: number) => boolean): OverlapState | null {
    const times = [...this.read.values()];
    if (!this.previous && times.length === 0) return null;
    const newest = Math.max(this.previous?.newest ?? -Infinity, ...times);
    const keep = (t: number) => t >= newest - this.overlap || (alsoKeep?.(t) ?? false);
    const recent = Object.entries({ ...this.previous?.recent, ...Object.fromEntries(this.read) })
      .filter(([, t]) => keep(t))
      .sort((a, b) => b[1] - a[1])
      .slice(0, MAX_RECENT);
    return { newest, recent: Object.fromEntries(recent) };
  }
}
