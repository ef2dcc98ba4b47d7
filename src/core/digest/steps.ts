// The digest's "Did the next steps help?": each kind of step of the last half year against the cases it was proposed
// on and not taken (src/core/steps/effect.ts), for the roles that read analytics.
import type { Db } from '../../../db/client.ts';
import { FOLLOW_UP_DAYS, type StepEffect, stepEffects } from '../steps/effect.ts';
import { DAY_MS } from '../time/durations.ts';

/** Steps accepted or proposed this many days before the week's end are weighed. */
export const STEP_LOOKBACK_DAYS = 180;

export interface StepsSection {
  followDays: number;
  sinceDays: number;
  /** Steps with at least one case whose follow-up has ended. */
  effects: StepEffect[];
}

export async function stepsSection(db: Db, weekEnd: number, now: number): Promise<StepsSection | undefined> {
  const effects = (await stepEffects(db, { from: weekEnd - STEP_LOOKBACK_DAYS * DAY_MS, to: weekEnd, now: Math.min(now, weekEnd) })).filter(
    (e) => e.applied.cases + e.without.cases > 0,
  );
  return effects.length ? { followDays: FOLLOW_UP_DAYS, sinceDays: STEP_LOOKBACK_DAYS, effects } : undefined;
}
