import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportSendsOf } from '../../../db/queries/creditor-reports.ts';
import { setUserDisabled } from '../../../db/queries/users.ts';
import { createUser } from '../../../src/core/auth/accounts.ts';
import { sendDueCreditorReports } from '../../../src/core/creditors/send-reports.ts';
import { smtpMailer } from '../../../src/runtime/smtp-mailer.ts';
import { oct, seedAction, seedCase, seedLink, seedMention } from '../../helpers/cases-fixture.ts';
import { recipientsOf, startSmtpServer } from '../../helpers/smtp-server.ts';
import { makeTestDeps } from '../../helpers/test-deps.ts';

// A real SMTP server on 127.0.0.1.
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(() => smtp.close());

const FIRST_OF_NOVEMBER = Date.parse('2026-11-01T06:00:00Z');

describe('the monthly creditor report', () => {
  it("e-mails last month's report once to each active creditor user, only their creditor's figures", async () => {
    const { deps, clock } = await makeTestDeps({ EARSHOT_PUBLIC_URL: 'https://earshot.example' });
    clock.set(FIRST_OF_NOVEMBER);
    deps.mailer = smtpMailer(smtp.url);
    for (const [creditor, ref] of [
      ['Northwind', 'NW-40512371'],
      ['Southgate', 'SG-40512372'],
    ] as const) {
      const c = await seedCase(deps.db, { ref, creditor, segment: 'unable', country: 'LV' });
      await seedAction(deps.db, c, oct(2), 'sms', 'sms');
      for (let i = 0; i < (creditor === 'Northwind' ? 6 : 8); i++) await seedLink(deps.db, await seedMention(deps.db, { publishedAt: oct(4) }), c);
    }
    await createUser(deps, { email: 'portal@northwind.example', role: 'creditor', creditor: 'Northwind' });
    await createUser(deps, { email: 'portal@southgate.example', role: 'creditor', creditor: 'Southgate' });
    const gone = await createUser(deps, { email: 'old@southgate.example', role: 'creditor', creditor: 'Southgate' });
    await setUserDisabled(deps.db, gone.id, FIRST_OF_NOVEMBER - 1);
    await createUser(deps, { email: 'cm@lumera.example', role: 'credit_manager' });

    const before = smtp.inbox.length;
    expect(await sendDueCreditorReports(deps)).toEqual({ queued: 2, sent: 2, retrying: 0, failed: 0 });
    const mails = smtp.inbox.slice(before);
    expect(mails.flatMap(recipientsOf).sort()).toEqual(['portal@northwind.example', 'portal@southgate.example']);
    const north = mails.find((m) => recipientsOf(m)[0] === 'portal@northwind.example')!;
    expect(north.subject).toBe('Northwind: customer experience in collection, October 2026');
    expect(north.text).toContain('Public complaints: October 2026 6 · September 2026 < 5');
    expect(String(north.html)).toContain('https://earshot.example');
    for (const secret of ['Southgate', 'NW-4051', 'Lumera keeps texting']) expect(`${north.text}${north.html}`).not.toContain(secret);
    expect(north.headers.get('x-earshot-idempotency-key')).toMatch(/^creditor-report:2026-10:\d+$/);

    // Later runs that month send nothing again; after the first days nothing is queued.
    clock.set(FIRST_OF_NOVEMBER + 3_600_000);
    expect(await sendDueCreditorReports(deps)).toEqual({ queued: 2, sent: 0, retrying: 0, failed: 0 });
    clock.set(Date.parse('2026-11-05T06:00:00Z'));
    expect(await sendDueCreditorReports(deps)).toEqual({ queued: 0, sent: 0, retrying: 0, failed: 0 });
    expect(smtp.inbox.length).toBe(before + 2);
    expect((await reportSendsOf(deps.db, '2026-10')).map((s) => [s.status, s.attempts])).toEqual([
      ['sent', 1],
      ['sent', 1],
    ]);
  });

  it('retries a temporary refusal and records it', async () => {
    const { deps, clock } = await makeTestDeps();
    clock.set(FIRST_OF_NOVEMBER);
    deps.mailer = smtpMailer(smtp.url);
    await seedCase(deps.db, { ref: 'NW-40512371', creditor: 'Northwind', segment: 'unable', country: 'LV' });
    await createUser(deps, { email: 'portal@northwind.example', role: 'creditor', creditor: 'Northwind' });
    smtp.failNext(1);
    expect(await sendDueCreditorReports(deps)).toMatchObject({ sent: 0, retrying: 1 });
    const [waiting] = await reportSendsOf(deps.db, '2026-10');
    expect([waiting!.status, waiting!.attempts, waiting!.nextAttemptAt - FIRST_OF_NOVEMBER]).toEqual(['pending', 1, 5 * 60_000]);
    expect(waiting!.lastError).toBeTruthy();
    clock.set(FIRST_OF_NOVEMBER + 5 * 60_000);
    expect(await sendDueCreditorReports(deps)).toMatchObject({ sent: 1, retrying: 0 });
  });
});
