import type { Deps } from '../src/core/deps.ts';
import { handOffAcceptedSteps } from '../src/core/steps/hand-off.ts';
import { proposeNextSteps } from '../src/core/steps/propose.ts';
import type { JobReport } from './types.ts';

/**
 * Reads each new mention–case link through the step rules and stores the steps they propose on the case, then hands
 * the accepted steps that are due to the collection system.
 */
export async function nextStepsJob(deps: Deps): Promise<JobReport> {
  const proposed = await proposeNextSteps(deps);
  const handedOff = await handOffAcceptedSteps(deps);
  return { counts: { ...proposed, ...handedOff } };
}
