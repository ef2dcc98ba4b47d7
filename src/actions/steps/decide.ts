// A person's decision on a proposed next step: accept it (as proposed, or with another due time and a note), or
// dismiss it. Once decided it stays decided; every decision is audited (what, not the note's words).
import { z } from '@hono/zod-openapi';
import { decideStep, getStep } from '../../../db/queries/steps.ts';
import type { StepOnCase } from '../../../db/queries/steps.ts';
import { recordAudit } from '../../core/audit.ts';
import type { Deps } from '../../core/deps.ts';
import { AppError, notFound } from '../../core/errors.ts';
import { type Actor, authorize, readInput } from '../actor.ts';
import { caseOrNotFound } from '../cases/find-case.ts';

export const DecideStepInput = z.object({
  decision: z.enum(['accepted', 'dismissed']),
  due_at: z.iso.datetime({ offset: true }).optional(),
  note: z.string().trim().max(500).optional(),
});
export type DecideStepInputType = z.input<typeof DecideStepInput>;

export async function decideCaseStep(deps: Deps, actor: Actor, ref: string, stepId: number, input: DecideStepInputType): Promise<StepOnCase> {
  authorize(actor, 'cases:write');
  const d = readInput(DecideStepInput, input);
  const kase = await caseOrNotFound(deps.db, ref);
  const step = await getStep(deps.db, stepId);
  if (!step || step.caseId !== kase.id) throw notFound('step');
  const dueAt = d.due_at ? Date.parse(d.due_at) : step.dueAt;
  const note = d.note || null;
  const decided = await decideStep(deps.db, step.id, { status: d.decision, dueAt, note, by: actor.id, at: deps.clock.now() });
  if (!decided) throw new AppError('CONFLICT', 'step: it was decided already');
  await recordAudit(deps, actor.id, 'case.step', {
    caseRef: kase.case_ref,
    stepId: step.id,
    step: step.step,
    decision: d.decision,
    dueChanged: dueAt !== step.dueAt,
    noted: note !== null,
  });
  // An accepted step waits for its hand-off (queued with the decision).
  return { ...decided, handOff: decided.status === 'accepted' ? { status: 'pending', sentAt: null, lastError: null } : null };
}
