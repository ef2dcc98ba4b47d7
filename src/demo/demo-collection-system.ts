// The demo's stand-in for a collection system: Earshot hands accepted next steps to it over the same signed webhook
// a real one would get, and it checks the signature like a careful receiver. One step is accepted for the demo, so
// a visitor finds it on its case as "Sent to the collection system".
import { and, asc, eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { findUserByEmail } from '../../db/queries/users.ts';
import { cases, caseSteps } from '../../db/schema/index.ts';
import { decideStep } from '../../db/queries/steps.ts';
import { recordAudit } from '../core/audit.ts';
import type { Deps } from '../core/deps.ts';
import { SIGNATURE_HEADER, verifySignature } from '../core/signature.ts';
import { DEMO_CREDITOR, DEMO_EMAIL } from './seed-demo.ts';

export const DEMO_STEPS_PATH = '/demo/collection-system/steps';

/** Receives a handed-off step: 202 when its signature checks out against the configured secret, 401 otherwise. */
export async function receiveDemoStep(c: Context): Promise<Response> {
  const deps = c.get('deps') as Deps;
  const secret = deps.config.stepsWebhook?.secret;
  const body = await c.req.text();
  const why = secret ? await verifySignature(secret, c.req.header(SIGNATURE_HEADER), body, deps.clock.now()) : 'no secret';
  if (why) return c.json({ error: why }, 401);
  return c.json({ received: c.req.header('earshot-delivery') ?? null }, 202);
}

/**
 * Accepts the first proposed "move the contact window" step on a demo creditor's case as the demo user (the same
 * write and audit event as the case page's), once: true when a step is accepted by now (this time or before).
 */
async function acceptDemoStep(deps: Deps): Promise<boolean> {
  const demoCase = and(eq(cases.creditor, DEMO_CREDITOR), eq(caseSteps.step, 'move_contact_window'));
  const [done] = await deps.db
    .select({ id: caseSteps.id })
    .from(caseSteps)
    .innerJoin(cases, eq(cases.id, caseSteps.caseId))
    .where(and(demoCase, eq(caseSteps.status, 'accepted')))
    .limit(1);
  if (done) return true;
  const [step] = await deps.db
    .select({ id: caseSteps.id, ref: cases.caseRef, dueAt: caseSteps.dueAt })
    .from(caseSteps)
    .innerJoin(cases, eq(cases.id, caseSteps.caseId))
    .where(and(demoCase, eq(caseSteps.status, 'proposed')))
    .orderBy(asc(caseSteps.id))
    .limit(1);
  const demoUser = await findUserByEmail(deps.db, DEMO_EMAIL);
  if (!step || !demoUser || demoUser.role !== 'admin') return false;
  const note = 'Accepted for the demo: SMS reminders moved to daytime on this case';
  if (!(await decideStep(deps.db, step.id, { status: 'accepted', dueAt: step.dueAt, note, by: demoUser.id, at: deps.clock.now() }))) return false;
  await recordAudit(deps, demoUser.id, 'case.step', { caseRef: step.ref, stepId: step.id, step: 'move_contact_window', decision: 'accepted', dueChanged: false, noted: true });
  return true;
}

/**
 * Every 5 s, for at most 10 minutes: run the next-steps job (`proposeSteps`), accept the demo's step once there is
 * one, and run the job again so it is handed over at once rather than at the next minute. Returns a stop.
 */
export function acceptDemoStepSoon(deps: Deps, proposeSteps: () => Promise<unknown>): () => void {
  let busy = false;
  let tries = 0;
  const timer = setInterval(() => {
    if (busy) return;
    if (++tries > 120) return clearInterval(timer);
    busy = true;
    const once = async () => {
      await proposeSteps();
      if (!(await acceptDemoStep(deps))) return;
      clearInterval(timer);
      await proposeSteps();
    };
    once()
      .catch((err: unknown) => deps.log.warn('demo step not accepted', { error: err instanceof Error ? err.message : String(err) }))
      .finally(() => {
        busy = false;
      });
  }, 5_000);
  return () => clearInterval(timer);
}
