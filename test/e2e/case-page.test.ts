import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema/index.ts';
import { openLibsqlDb } from '../../src/runtime/db-libsql.ts';
import { hasChromium, launchChromium, logIn, watch } from '../helpers/browser.ts';
import { earshot, startServer, tempWorkspace } from '../helpers/earshot-process.ts';
import { webhookReceiver } from '../helpers/webhook-receiver.ts';

const STEPS_SECRET = 'e2e-steps-webhook-secret-0123456789-abcdef';

const PASSWORD = 'correct horse battery staple';
const REF = 'LV-40512377';
const SHOT = '/tmp/earshot-case-page.png';

describe.skipIf(!hasChromium)('case page end to end (real server, real Chromium)', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  const collection = webhookReceiver(STEPS_SECRET);
  let server: Awaited<ReturnType<typeof startServer>>;
  let context: BrowserContext;
  let mentionId: number;

  const logInAs = (page: Page, email: string, next: string) => logIn(page, server.url, email, PASSWORD, next);

  async function logOut(page: Page) {
    await page.click('form[action="/logout"] button');
    await page.waitForURL(/\/login/);
  }

  async function caseViews() {
    const { db, client } = await openLibsqlDb(String(ws.env.DATABASE_URL));
    try {
      return (await db.select().from(auditLog)).filter((e) => e.action === 'case.view');
    } finally {
      client.close();
    }
  }

  beforeAll(async () => {
    // The collection system's webhook receiver, on this machine: it checks every signature.
    const receiverUrl = await collection.start();
    ws = tempWorkspace({
      EARSHOT_DEMO: '0',
      EARSHOT_SECRET_KEY: 'e2e-case-key-0123456789-0123456789-abcdef',
      EARSHOT_STEPS_WEBHOOK_URL: receiverUrl,
      EARSHOT_STEPS_WEBHOOK_SECRET: STEPS_SECRET,
      EARSHOT_CHANNEL_ALLOW: '127.0.0.1',
    });
    for (const [email, role] of [
      ['admin@lumera.example', 'admin'],
      ['credit@lumera.example', 'credit_manager'],
      ['comms@lumera.example', 'comms'],
    ]) {
      const created = await earshot(['user', 'create', '--email', email!, '--role', role!, '--password-stdin'], ws.env, `${PASSWORD}\n`);
      expect(created.code, created.stderr).toBe(0);
    }
    const file = (name: string, content: string) => {
      const path = join(ws.dir, name);
      writeFileSync(path, content);
      return path;
    };
    const cases = file(
      'cases.csv',
      [
        'case_ref,creditor,segment,country,opened_at,status,debtor_emails',
        `${REF},Telia,unable,LV,2026-01-05,open,ilze@example.test`,
        'LT-20000001,Bite,willing_able,LT,2026-01-03,paying,',
      ].join('\n'),
    );
    const actions = file(
      'actions.csv',
      ['case_ref,at,channel,action_type,agent', `${REF},2026-01-10T09:00:00Z,sms,reminder,agent7`, `${REF},2026-01-14T10:30:00Z,phone,call,agent2`].join('\n'),
    );
    for (const args of [
      ['import', 'cases', cases],
      ['import', 'actions', actions],
    ]) {
      const r = await earshot(args, ws.env);
      expect(r.code, r.stderr).toBe(0);
    }
    // Telia's own login, to its figures only (a creditor account names a creditor that cases name).
    const portal = await earshot(['user', 'create', '--email', 'portal@telia.example', '--role', 'creditor', '--creditor', 'Telia', '--password-stdin'], ws.env, `${PASSWORD}\n`);
    expect(portal.code, portal.stderr).toBe(0);
    const token = await earshot(['user', 'token', '--email', 'admin@lumera.example'], ws.env);
    expect(token.code, token.stderr).toBe(0);
    server = await startServer(ws.env);
    const pushed = await fetch(`${server.url}/api/mentions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token.stdout.trim()}`, 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          external_id: 'case-page-1',
          author: 'someone',
          published_at: '2026-01-12T08:00:00Z',
          // The analyser finds the reference by its digits ("LV-40512377" written with its prefix is not found today).
          text: 'Lumera called me ten times a day about my case 40512377, it is harassment. Terrible service.',
        },
      ]),
    });
    expect(pushed.status, await pushed.clone().text()).toBe(201);
    mentionId = ((await pushed.json()) as { ids: number[] }).ids[0]!;
    // The scheduled job that reads new links through the step rules, run now.
    const proposed = await earshot(['run', 'next-steps'], ws.env);
    expect(proposed.code, proposed.stderr).toBe(0);
    context = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await collection.stop();
    await context?.close();
    await server?.stop();
    ws?.remove();
  });

  it('a credit manager finds the case, sees the timeline, confirms the suggested link and removes it', async () => {
    await context.clearCookies();
    const page = await context.newPage();
    const problems = watch(page);
    await logInAs(page, 'credit@lumera.example', '/cases');
    expect(await page.getAttribute('nav a[href="/cases"]', 'aria-current')).toBe('page');
    await page.fill('#ref', `  ${REF} `);
    await page.click('form[action="/cases"] button[type=submit]');
    await page.waitForURL(`${server.url}/cases/${REF}`);
    expect(await page.textContent('h1')).toContain(REF);
    expect(await page.textContent('[data-testid=identifier-counts]')).toContain('1 e-mail');
    expect(await page.textContent('main')).not.toContain('ilze');

    // The timeline: the two actions with the mention between them, in time order.
    const items = page.locator('[data-testid=timeline-item]');
    expect(await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).toEqual(['action', 'mention', 'action']);
    expect(await items.nth(0).textContent()).toContain('Reminder by SMS');
    expect(await items.nth(2).textContent()).toContain('Call by phone');
    const mention = page.locator(`[data-testid=timeline-item][data-mention="${mentionId}"]`);
    expect(await mention.locator('.badge.sentiment').textContent()).toMatch(/^negative/);
    expect(await mention.locator('[data-testid=excerpt]').textContent()).toContain('Lumera called me ten times a day');
    expect(await mention.locator('[data-testid=link-status]').textContent()).toBe('suggested');
    expect(await mention.locator('[data-testid=link-method]').textContent()).toBe('case reference in the text');
    expect(await mention.locator('[data-testid=link-confidence]').textContent()).toBe('90% confidence');
    await page.screenshot({ path: SHOT, fullPage: true });

    await mention.locator('button:has-text("Confirm link")').click();
    await page.waitForURL(/\?done=confirmed&mention=\d+$/);
    expect(await page.textContent('[data-testid=flash]')).toBe(`Confirmed the link to mention ${mentionId}.`);
    expect(await mention.locator('[data-testid=link-status]').textContent()).toBe('confirmed');
    expect(await mention.locator('button:has-text("Confirm link")').count()).toBe(0);

    // A next step proposed from the complaint: accepted with a note and a due time of its own, decided once, audited.
    const step = page.locator('[data-testid=next-step]').first();
    const what = await step.locator('strong').textContent();
    expect(what).toMatch(/contact|call/i);
    await step.locator('input[name=note]').fill('Agreed with the team lead');
    await step.locator('input[name=due_hours]').fill('4');
    await step.locator('button[value=accepted]').click();
    await page.waitForURL(/\?done=accepted$/);
    expect(await page.textContent('[data-testid=flash]')).toBe('Step accepted: it goes to the collection system.');
    const decided = page.locator('[data-testid=next-step]', { hasText: what! });
    expect(await decided.locator('[data-testid=step-decision]').textContent()).toMatch(/^Accepted \d+ \w+ \d{4}, \d\d:\d\d Riga time \(UTC\+\d\) — Agreed with the team lead$/);
    expect(await decided.locator('button').count()).toBe(0);
    expect(await decided.locator('[data-testid=step-hand-off]').textContent()).toBe('Waiting to be sent to the collection system');
    // The scheduled job hands it over, signed; the case page says when.
    const handed = await earshot(['run', 'next-steps'], ws.env);
    expect(handed.code, handed.stderr).toBe(0);
    expect(collection.refused).toEqual([]);
    expect(collection.accepted.map((a) => (a.body as { case_ref: string; type: string }).case_ref)).toEqual([REF]);
    expect(JSON.stringify(collection.accepted)).not.toMatch(/team lead|harassment/);
    const sent = collection.accepted[0]!.body as { due_at: string; accepted_at: string };
    expect(Math.abs(Date.parse(sent.due_at) - Date.parse(sent.accepted_at) - 4 * 3_600_000)).toBeLessThan(5_000);
    await page.reload();
    expect(await decided.locator('[data-testid=step-hand-off]').textContent()).toMatch(/^Sent to the collection system \d+ \w+ \d{4}, \d\d:\d\d Riga time/);

    // The mention page shows the case, with a link back.
    await page.goto(`${server.url}/mentions/${mentionId}`);
    const linked = page.locator('[data-testid=linked-case]');
    expect(await linked.textContent()).toContain('confirmed');
    expect(await linked.textContent()).toContain('90% confidence');
    await linked.locator(`a[href="/cases/${REF}"]`).click();
    await page.waitForURL(`${server.url}/cases/${REF}`);

    await mention.locator('button:has-text("Remove link")').click();
    await page.waitForURL(/\?done=removed&mention=\d+$/);
    expect(await page.textContent('[data-testid=flash]')).toBe(`Removed the link to mention ${mentionId}.`);
    expect(await page.locator('[data-testid=timeline-item][data-kind=mention]').count()).toBe(0);
    expect(await page.locator('[data-testid=timeline-item]').count()).toBe(2);

    // An unknown case is a 404 page (the one console line it causes is the 404 itself).
    const missing = await page.goto(`${server.url}/cases/LV-00000000`);
    expect(missing?.status()).toBe(404);
    expect(problems.splice(0)).toEqual([expect.stringMatching(/status of 404/)]);

    // Every view was audited like the API's: search redirect, after confirm, after the step, its reload, from the mention page, after remove.
    const views = await caseViews();
    expect(views).toHaveLength(6);
    expect(new Set(views.map((v) => v.target))).toEqual(new Set([`case:${REF}`]));

    expect(problems).toEqual([]);
    await logOut(page);
    await page.close();
  }, 60_000);

  it('a comms user cannot open the case and sees only that the mention is linked', async () => {
    // Link it again (through the API, as a credit manager would) so there is something to hide.
    const token = await earshot(['user', 'token', '--email', 'credit@lumera.example'], ws.env);
    const relinked = await fetch(`${server.url}/api/cases/${REF}/links`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token.stdout.trim()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ mention_id: mentionId }),
    });
    expect(relinked.status).toBe(201);
    const viewsBefore = (await caseViews()).length;

    await context.clearCookies();
    const page = await context.newPage();
    const problems = watch(page);
    await logInAs(page, 'comms@lumera.example', `/mentions/${mentionId}`);
    expect(await page.locator('nav a[href="/cases"]').count()).toBe(0);
    const block = page.locator('[data-testid=linked-cases]');
    expect(await block.textContent()).toContain('Linked to a collection case');
    expect(await page.textContent('main')).not.toContain(`/cases/${REF}`);
    expect(await block.locator('a').count()).toBe(0);
    expect(await block.textContent()).not.toContain(REF);

    const refused = await page.goto(`${server.url}/cases/${REF}`);
    expect(refused?.status()).toBe(403);
    expect(await page.textContent('main')).toContain('Your role cannot see collection cases.');
    expect(await page.textContent('main')).not.toContain('Telia');
    expect((await context.request.get(`${server.url}/cases`)).status()).toBe(403);
    // Nor can it change a link with its own valid form token.
    await page.goto(`${server.url}/mentions/${mentionId}`);
    const csrf = (await page.getAttribute('form[action="/logout"] input[name=_csrf]', 'value'))!;
    const post = await context.request.post(`${server.url}/cases/${REF}/links/${mentionId}/remove`, { form: { _csrf: csrf }, headers: { origin: server.url } });
    expect(post.status()).toBe(403);
    expect(problems.splice(0)).toEqual([expect.stringMatching(/status of 403/)]);
    expect((await caseViews()).length).toBe(viewsBefore);

    await logOut(page);
    await page.close();
  }, 60_000);

  it('a credit manager lists cases, narrows them down and opens one by its reference written another way; the list fits a phone', async () => {
    await context.clearCookies();
    const page = await context.newPage();
    const problems = watch(page);
    await logInAs(page, 'credit@lumera.example', '/cases');
    const refs = () => page.locator('[data-testid=case-list] tbody tr td:first-child').allTextContents();
    expect(await refs()).toEqual([REF, 'LT-20000001']);
    const row = page.locator('[data-testid=case-list] tbody tr').first();
    expect(await row.locator('td').allTextContents()).toEqual([REF, 'Telia', '—', 'open', '2026-01-05', '2', '2026-01-14', '1']);

    await page.check('#with_complaints');
    await page.click('form[action="/cases"] button[type=submit]');
    await page.waitForURL(/with_complaints=true/);
    expect(await refs()).toEqual([REF]);
    await page.uncheck('#with_complaints');
    await page.selectOption('#status', 'paying');
    await page.click('form[action="/cases"] button[type=submit]');
    await page.waitForURL(/status=paying/);
    expect(await refs()).toEqual(['LT-20000001']);

    await page.goto(`${server.url}/cases`);
    await page.fill('#ref', '4051 2377');
    await page.click('form[action="/cases"] button[type=submit]');
    await page.waitForURL(`${server.url}/cases/${REF}`);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/cases`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("a credit manager sets a creditor's reference format on the Cases page; a bad mask is refused with the reason", async () => {
    await context.clearCookies();
    const page = await context.newPage();
    const problems = watch(page);
    await logInAs(page, 'credit@lumera.example', '/cases');
    const telia = page.locator('[data-testid=creditor]').filter({ hasText: 'Telia' });
    expect(await telia.textContent()).toContain('1 case');
    await telia.locator('input[name=format]').fill('LV-########');
    await telia.locator('button').click();
    await page.waitForURL(/done=format/);
    expect(await page.textContent('[data-testid=flash]')).toMatch(/^Saved the reference format of Telia: \d+ mentions read again, \d+ links added, \d+ removed\.$/);
    expect(await telia.locator('input[name=format]').inputValue()).toBe('LV-########');
    await telia.locator('input[name=format]').fill('##');
    await telia.locator('button').click();
    expect(await page.textContent('[data-testid=problems]')).toMatch(/^Telia: .*4/);
    expect(problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
  });

  it("a creditor logs in to its own figures and report, and reaches neither another creditor's nor any case or mention", async () => {
    await context.clearCookies();
    const page = await context.newPage();
    const problems = watch(page);
    await logInAs(page, 'portal@telia.example', '/creditor');
    await page.goto(`${server.url}/`);
    expect(page.url()).toBe(`${server.url}/creditor`);
    expect(await page.textContent('h1')).toBe('Telia: customer experience in collection');
    expect(await page.locator('nav.nav a:not(.brand)').allTextContents()).toEqual(['Figures']);
    await page.fill('#from', '2026-01-01');
    await page.fill('#to', '2026-01-31');
    await page.click('form[action="/creditor"] button[type=submit]');
    await page.waitForURL(/from=2026-01-01/);
    const stats = await page.textContent('[data-testid=creditor-stats]');
    // One case, two actions, one complaint: under five, so no rate.
    expect(stats).toContain('< 5 complaints · 1 cases contacted');
    expect(stats).toContain('2 collection actions');
    const main = (await page.textContent('main'))!;
    for (const secret of [REF, '40512377', 'Bite', 'harassment', 'someone']) expect(main).not.toContain(secret);

    // The monthly report opens as the e-mail's page; another creditor's figures, a case and a mention are refused.
    const report = await page.goto(`${server.url}/creditor/report?month=2026-01`);
    expect(report!.status()).toBe(200);
    expect(await page.textContent('h1')).toBe('Telia · January 2026');
    // Ready to save as PDF: Chromium prints it on A4.
    const pdf = await page.pdf({ preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    for (const path of ['/creditor?creditor=Bite', '/creditor/report?creditor=Bite&month=2026-01', `/cases/${REF}`, `/mentions/${mentionId}`, '/tactics', '/steps']) {
      const res = await page.goto(`${server.url}${path}`);
      expect(res!.status(), path).toBe(403);
      expect(await page.textContent('main')).not.toContain('harassment');
    }
    expect(problems.filter((p) => !/status of 403/.test(p))).toEqual([]);
    await page.close();
  });

  it('a credit manager changes a next-step rule on the Steps page and sees the waiting steps', async () => {
    await context.clearCookies();
    const page = await context.newPage();
    const problems = watch(page);
    await logInAs(page, 'credit@lumera.example', '/steps');
    expect(await page.textContent('[data-testid=undecided-count]')).toMatch(/^\d+ proposed steps? waits? for a decision/);
    const rule = page.locator('[data-testid=step-rule][data-kind=contact_pattern]');
    await rule.locator('summary').click();
    await rule.locator('input[name=withinHours]').fill('12');
    await rule.locator('form.rule-form button[type=submit]').click();
    await page.waitForURL(/done=rule/);
    expect(await page.textContent('[data-testid=flash]')).toBe('The rule is saved.');
    expect(await rule.locator('.sub').first().textContent()).toContain('Due within (hours): 12');
    expect(problems).toEqual([]);
    await page.close();
  });
});
