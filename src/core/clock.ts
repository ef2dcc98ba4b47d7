/** Milliseconds since the epoch, UTC. Domain code asks this clock, never the system time directly. */
export interface Clock {
  now(): number;
}

/** A clock that only moves when told to; for tests and replays. */
export function fixedClock(start: number): Clock & { set(ms: number): void; advance(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    set: (ms) => void (t = ms),
    advance: (ms) => void (t += ms),
  };
}
