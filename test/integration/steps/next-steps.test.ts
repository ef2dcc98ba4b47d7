import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../db/client.ts';
import { insertSource } from '../../../db/queries/sources.ts';
import { caseActions, cases, caseSteps, stepRules } from '../../../db/schema/index.ts';
import { runJob } from '../../../jobs/run-job.ts';
import { storeMentions } from '../../../src/core/ingest/store-mentions.ts';
import { correctLabels } from '../../../src/actions/mentions/correct.ts';
import { actors } from '../../helpers/actions.ts';
import { seedCase, seedLink, seedMention } from '../../helpers/cases-fixture.ts';
import { makeTestDeps, T0 } from '../../helpers/test-deps.ts';

const DAY = 86_400_000;
const H = 3_600_000;

async function addCase(db: Db, ref: string) {
  const [c] = await db
    .insert(cases)
    .values({ caseRef: ref, creditor: 'Elisa', segment: 'unable', country: 'FI', openedAt: T0 - 90 * DAY, status: 'open', rowHash: ref })
    .returning();
  await db.insert(caseActions).values({ caseId: c!.id, at: T0 - 2 * DAY, channel: 'phone', actionType: 'call', actionKey: `${ref}:1` });
  return c!.id;
}

const stepsOf = async (db: Db, caseId: number) =>
  (await db.select().from(caseSteps).where(eq(caseSteps.caseId, caseId)).orderBy(caseSteps.id)).map((s) => [s.step, s.status, s.reason]);

describe('the next-steps job', () => {
  it('reads a post linked to its case by the real analyser and linker, and proposes the steps it calls for', async () => {
    const { deps, clock } = await makeTestDeps();
    const caseId = await addCase(deps.db, 'EL-40512377');
    const source = (await insertSource(deps.db, { name: 'Forum', kind: 'push' })).id;
    await storeMentions(deps, source, [
      {
        externalKey: 'p1',
        url: null,
        author: null,
        title: null,
        text: 'Lumera called me at 11 pm again about case EL-40512377, three calls since Monday after I asked them in writing to stop. My complaint to the consumer ombudsman goes out tomorrow.',
        publishedAt: T0 - DAY,
        languageHint: 'en',
      },
    ]);
    const report = await runJob(deps, 'next-steps');
    expect(report.status).toBe('ok');
    const found = await stepsOf(deps.db, caseId);
    // What the analyser reads in the post decides the steps; these follow from its labels, whatever its version.
    const [analysis] = await deps.db.all<{ tactics: string; escalation: string }>(sql`SELECT tactics, escalation FROM mention_analysis`);
    const tactics = JSON.parse(analysis!.tactics) as string[];
    const escalation = JSON.parse(analysis!.escalation) as string[];
    expect(escalation).toContain('regulator');
    expect(found.map((s) => s[0])).toContain('review_today');
    if (tactics.includes('contact_time')) expect(found.map((s) => s[0])).toContain('move_contact_window');
    for (const s of found) expect(s[1]).toBe('proposed');
    // Due from now: a review within 8 hours.
    const [review] = await deps.db.select().from(caseSteps).where(eq(caseSteps.step, 'review_today'));
    expect(review!.dueAt).toBe(clock.now() + 8 * H);
    // The reason is in words, never the post's text.
    expect(JSON.stringify(found)).not.toMatch(/11 pm|Monday|EL-40512377/);
  });

  it('proposes each step once per case and mention, across runs and rules; new links only', async () => {
    const { deps } = await makeTestDeps();
    const a = await seedCase(deps.db, { ref: 'LV-40512371', creditor: 'Telia', segment: 'unable', country: 'LV' });
    const b = await seedCase(deps.db, { ref: 'LV-40512372', creditor: 'Telia', segment: 'unable', country: 'LV' });
    const ill = await seedMention(deps.db, { publishedAt: T0, sentiment: 'neutral', vulnerability: ['health'], payerStance: 'willing_unable', channels: ['sms'] });
    const dispute = await seedMention(deps.db, { publishedAt: T0, tactics: ['debt_not_owed', 'threat_legal'] });
    const offTopic = await seedMention(deps.db, { publishedAt: T0, relevant: false, vulnerability: ['health'] });
    await seedLink(deps.db, ill, a);
    await seedLink(deps.db, dispute, a);
    await seedLink(deps.db, dispute, b, 'suggested');
    await seedLink(deps.db, offTopic, b);

    expect((await runJob(deps, 'next-steps')).counts).toMatchObject({ links_read: 4, steps_proposed: 6 });
    expect(await stepsOf(deps.db, a)).toEqual([
      ['pause_and_call', 'proposed', 'The author mentions health problems'],
      ['offer_payment_plan', 'proposed', 'The author wants to pay but cannot (by SMS, the channel they used)'],
      ['send_validation', 'proposed', 'The author says “debt not owed or already paid”'],
      ['check_legal_policy', 'proposed', 'The author reports a legal threat'],
    ]);
    expect((await stepsOf(deps.db, b)).map((s) => s[0])).toEqual(['send_validation', 'check_legal_policy']);

    // Again: nothing new. A rule turned off proposes nothing for the next link.
    expect((await runJob(deps, 'next-steps')).counts).toMatchObject({ links_read: 0, steps_proposed: 0 });
    await deps.db.update(stepRules).set({ enabled: false }).where(eq(stepRules.kind, 'validation'));
    const c = await seedCase(deps.db, { ref: 'LV-40512373', creditor: 'Telia', segment: 'unable', country: 'LV' });
    await seedLink(deps.db, dispute, c);
    expect((await runJob(deps, 'next-steps')).counts).toMatchObject({ links_read: 1, steps_proposed: 1 });
    expect((await stepsOf(deps.db, c)).map((s) => s[0])).toEqual(['check_legal_policy']);

    // The default rules are written once: one per kind, named in words.
    expect((await deps.db.select({ name: stepRules.name }).from(stepRules).orderBy(stepRules.id)).map((r) => r.name)).toEqual([
      'Vulnerable person: pause and call',
      'Willing but unable: offer a plan',
      'Contact at bad times or too often',
      'Debt disputed or unexplained: validate in writing',
      'Regulator, press or legal threat: review today',
    ]);
  });

  it('a case erased takes its steps with it', async () => {
    const { deps } = await makeTestDeps();
    const a = await seedCase(deps.db, { ref: 'LV-40512371', creditor: 'Telia', segment: 'unable', country: 'LV' });
    await seedLink(deps.db, await seedMention(deps.db, { publishedAt: T0, vulnerability: ['life_event'] }), a);
    await runJob(deps, 'next-steps');
    expect(await stepsOf(deps.db, a)).toHaveLength(1);
    await deps.db.delete(cases).where(eq(cases.id, a));
    expect(await deps.db.select().from(caseSteps)).toEqual([]);
  });

  it('proposes again from the labels a person corrects: a vulnerability the analyser missed gets its step, once', async () => {
    const { deps } = await makeTestDeps();
    const { comms } = await actors(deps);
    const caseId = await addCase(deps.db, 'EL-40512378');
    const mention = await seedMention(deps.db, { publishedAt: T0 - DAY, tactics: ['contact_time'] });
    await seedLink(deps.db, mention, caseId);
    await runJob(deps, 'next-steps');
    expect((await stepsOf(deps.db, caseId)).map(([step]) => step)).toEqual(['move_contact_window']);
    await correctLabels(deps, comms, mention, { vulnerability: ['health'] });
    expect((await stepsOf(deps.db, caseId)).map(([step, status]) => [step, status])).toEqual([
      ['move_contact_window', 'proposed'],
      ['pause_and_call', 'proposed'],
    ]);
    // The same correction again proposes nothing twice.
    await correctLabels(deps, comms, mention, { vulnerability: ['health', 'life_event'] });
    expect(await stepsOf(deps.db, caseId)).toHaveLength(2);
  });
});
