import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { caseSteps, stepDeliveries } from '../../../db/schema/index.ts';
import { createUser } from '../../../src/core/auth/accounts.ts';
import { runJob } from '../../../jobs/run-job.ts';
import { decideCaseStep } from '../../../src/actions/steps/decide.ts';
import { RETRY_MINUTES } from '../../../src/core/webhook-post.ts';
import { seedCase, seedLink, seedMention } from '../../helpers/cases-fixture.ts';
import { makeTestDeps, T0 } from '../../helpers/test-deps.ts';
import { webhookReceiver } from '../../helpers/webhook-receiver.ts';

const SECRET = 'steps-webhook-signing-secret-0123456789';

async function setup(env: Record<string, string>) {
  const { deps, clock } = await makeTestDeps({ EARSHOT_CHANNEL_ALLOW: '127.0.0.1', ...env });
  const kase = await seedCase(deps.db, { ref: 'LV-40512371', creditor: 'Telia', segment: 'unable', country: 'LV' });
  const mention = await seedMention(deps.db, { publishedAt: T0, vulnerability: ['health'], tactics: ['debt_not_owed'] });
  await seedLink(deps.db, mention, kase);
  await runJob(deps, 'next-steps');
  const manager = await createUser(deps, { email: 'credit@lumera.example', role: 'credit_manager' });
  const steps = await deps.db.select().from(caseSteps).orderBy(caseSteps.id);
  return { deps, clock, manager, steps };
}

describe('handing accepted steps to the collection system', () => {
  it('sends each accepted step once, signed, with the case reference, step, reason code and due time — never the note or the text', async () => {
    // The receiver checks signatures against the test's clock (the one Earshot signs with).
    let now = () => T0;
    const hook = webhookReceiver(SECRET, { failFirst: 1, now: () => now() });
    const url = await hook.start();
    try {
      const { deps, clock, manager, steps } = await setup({ EARSHOT_STEPS_WEBHOOK_URL: url, EARSHOT_STEPS_WEBHOOK_SECRET: SECRET });
      now = () => clock.now();
      expect(steps.map((s) => s.step)).toEqual(['pause_and_call', 'send_validation']);
      await decideCaseStep(deps, manager, 'LV-40512371', steps[0]!.id, { decision: 'accepted', note: 'Spoke to the debtor’s daughter' });
      await decideCaseStep(deps, manager, 'LV-40512371', steps[1]!.id, { decision: 'dismissed' });

      // The receiver is down once: retried after the first back-off, then delivered; later runs send nothing again.
      expect((await runJob(deps, 'next-steps')).counts).toMatchObject({ steps_sent: 0, steps_retrying: 1 });
      clock.advance(RETRY_MINUTES[0]! * 60_000);
      expect((await runJob(deps, 'next-steps')).counts).toMatchObject({ steps_sent: 1, steps_retrying: 0 });
      clock.advance(60 * 60_000);
      expect((await runJob(deps, 'next-steps')).counts).toMatchObject({ steps_sent: 0 });
      expect(hook.refused).toEqual([]);
      expect(hook.accepted).toEqual([
        {
          delivery: `step-${steps[0]!.id}`,
          body: {
            type: 'step.accepted',
            step_id: steps[0]!.id,
            case_ref: 'LV-40512371',
            step: 'pause_and_call',
            reason_code: 'vulnerability_care',
            due_at: new Date(steps[0]!.dueAt).toISOString(),
            accepted_at: new Date(T0).toISOString(),
          },
        },
      ]);
      expect(JSON.stringify(hook.accepted)).not.toMatch(/daughter|Telia bill|health/);
      const [row] = await deps.db.select().from(stepDeliveries).where(eq(stepDeliveries.stepId, steps[0]!.id));
      expect([row!.status, row!.attempts, row!.lastError]).toEqual(['sent', 2, null]);
    } finally {
      await hook.stop();
    }
  });

  it('keeps accepted steps waiting while no receiver is configured', async () => {
    const { deps, manager, steps } = await setup({});
    await decideCaseStep(deps, manager, 'LV-40512371', steps[0]!.id, { decision: 'accepted' });
    expect((await runJob(deps, 'next-steps')).counts).toMatchObject({ steps_sent: 0, steps_retrying: 0, steps_failed: 0 });
    expect((await deps.db.select().from(stepDeliveries)).map((d) => [d.stepId, d.status])).toEqual([[steps[0]!.id, 'pending']]);
  });

  it('gives up, recorded, when the receiver refuses for good', async () => {
    const hook = webhookReceiver(SECRET, { always: 400 });
    const url = await hook.start();
    try {
      const { deps, manager, steps } = await setup({ EARSHOT_STEPS_WEBHOOK_URL: url, EARSHOT_STEPS_WEBHOOK_SECRET: SECRET });
      await decideCaseStep(deps, manager, 'LV-40512371', steps[0]!.id, { decision: 'accepted' });
      expect((await runJob(deps, 'next-steps')).counts).toMatchObject({ steps_failed: 1 });
      const [row] = await deps.db.select().from(stepDeliveries);
      expect([row!.status, row!.lastError]).toEqual(['failed', 'the receiver answered HTTP 400']);
    } finally {
      await hook.stop();
    }
  });
});
