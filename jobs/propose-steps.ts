import type { Deps } from '../src/core/deps.ts';
import { proposeNextSteps } from '../src/core/steps/propose.ts';
import type { JobReport } from './types.ts';

/** Reads each new mention–case link through the step rules and stores the steps they propose on the case. */
export async function proposeStepsJob(deps: Deps): Promise<JobReport> {
  return { counts: await proposeNextSteps(deps) };
}
