import { z } from '@hono/zod-openapi';
import { isoBoundMs } from '../../core/cases/analytics.ts';
import type { Deps } from '../../core/deps.ts';
import { badRequest } from '../../core/errors.ts';
import { FOLLOW_UP_DAYS, type StepEffect, stepEffects } from '../../core/steps/effect.ts';
import { DAY_MS } from '../../core/time/durations.ts';
import { type Actor, authorize, readInput } from '../actor.ts';
import { IsoTime } from '../cases/schemas.ts';

/** "Did it help?" looks back this far unless told: half a year of steps, most with their follow-up ended. */
export const DEFAULT_EFFECT_DAYS = 180;

export const StepEffectsQuery = z
  .object({
    from: IsoTime.optional().openapi({ description: `Steps accepted (or proposed) on or after this day; default ${DEFAULT_EFFECT_DAYS} days before \`to\`` }),
    to: IsoTime.optional().openapi({ description: `…on or before this day; default today. Only steps whose ${FOLLOW_UP_DAYS} days have passed are counted` }),
  })
  .strict();
export type StepEffectsInput = z.input<typeof StepEffectsQuery>;

/** For each kind of step, complaints after it against comparable cases without it. Aggregates only: not audited. */
export async function readStepEffects(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, input: StepEffectsInput): Promise<{ from: number; to: number; effects: StepEffect[] }> {
  authorize(actor, 'analytics:read');
  const q = readInput(StepEffectsQuery, input);
  const now = deps.clock.now();
  const to = q.to ? isoBoundMs(q.to, true) : now;
  const from = q.from ? isoBoundMs(q.from, false) : to - DEFAULT_EFFECT_DAYS * DAY_MS;
  if (from > to) throw badRequest('from: must not be after to');
  return { from, to, effects: await stepEffects(deps.db, { from, to, now }) };
}
