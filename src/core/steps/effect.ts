// "Did it help?": for each kind of step, the complaints on the cases it was carried out on in the days after, against
// the cases it was proposed on and not carried out (the comparable cases: the same rule saw the same kind of
// complaint). Exact intervals and the same honesty about small counts as the Tactics page.
import type { Db } from '../../../db/client.ts';
import { type StepArmRow, stepArms } from '../../../db/queries/step-effect.ts';
import { STEP_CODES, type StepCode } from '../../../db/schema/constants.ts';
import { SMALL_COMPLAINTS } from '../cases/analytics.ts';
import { type Interval, rateInterval, rateRatioInterval } from '../cases/rates.ts';
import { DAY_MS } from '../time/durations.ts';

/** Complaints are followed this many days after a step was accepted (or proposed, for the cases without it). */
export const FOLLOW_UP_DAYS = 30;

export interface StepArm {
  /** Cases whose follow-up has ended. */
  cases: number;
  complaints: number;
  /** Complaints per 1,000 cases in the follow-up, with its exact (Garwood) interval. */
  rate_per_1000_cases: Interval;
  /** Cases still inside their follow-up: counted once it ends. */
  waiting: number;
}

/** What the comparison shows: clearly fewer or more complaints with the step, no clear difference, or too few to tell. */
export type StepVerdict = 'fewer' | 'more' | 'unclear' | 'too_few';

export interface StepEffect {
  step: StepCode;
  applied: StepArm;
  without: StepArm;
  /** The rate with the step ÷ the rate without it, with the exact conditional interval. */
  rate_ratio: Interval;
  verdict: StepVerdict;
}

const arm = (r: StepArmRow | undefined): StepArm => {
  const cases = Number(r?.cases ?? 0);
  const complaints = Number(r?.complaints ?? 0);
  return { cases, complaints, rate_per_1000_cases: rateInterval(complaints, cases), waiting: Number(r?.waiting ?? 0) };
};

/**
 * One effect per step that any case in the period got or was proposed, in STEP_CODES order. Too few to tell when
 * either side has no finished case, or both together have fewer than SMALL_COMPLAINTS complaints.
 */
export function buildStepEffects(rows: StepArmRow[]): StepEffect[] {
  return STEP_CODES.flatMap((step) => {
    const mine = rows.filter((r) => r.step === step);
    if (!mine.length) return [];
    const applied = arm(mine.find((r) => Number(r.applied) === 1));
    const without = arm(mine.find((r) => Number(r.applied) === 0));
    const ratio = rateRatioInterval(applied.complaints, applied.cases, without.complaints, without.cases);
    const tooFew = !applied.cases || !without.cases || applied.complaints + without.complaints < SMALL_COMPLAINTS;
    const verdict: StepVerdict = tooFew ? 'too_few' : ratio.high !== null && ratio.high < 1 ? 'fewer' : ratio.low !== null && ratio.low > 1 ? 'more' : 'unclear';
    return [{ step, applied, without, rate_ratio: ratio, verdict }];
  });
}

/** The effect of each step whose moment (accepted, or proposed for the cases without it) falls in the period. */
export async function stepEffects(db: Db, q: { from: number; to: number; now: number; creditor?: string }): Promise<StepEffect[]> {
  return buildStepEffects(await stepArms(db, { ...q, followMs: FOLLOW_UP_DAYS * DAY_MS }));
}
