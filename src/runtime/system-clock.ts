import type { Clock } from '../core/clock.ts';

/** The real clock; only runtime entries construct it, domain code receives it as `deps.clock`. */
export const systemClock: Clock = { now: () => Date.now() };
