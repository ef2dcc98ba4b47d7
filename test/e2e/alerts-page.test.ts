import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, logIn, watch } from '../helpers/browser.ts';
import { earshot, startServer, tempWorkspace } from '../helpers/earshot-process.ts';

const PASSWORD = 'correct horse battery staple';
const REF = 'LV-40512377';
const OTHER_REF = 'LV-40512388';
const SHOT = '/tmp/earshot-alerts.png';

describe.skipIf(!hasChromium)('alert inbox end to end (real server, real Chromium)', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let server: Awaited<ReturnType<typeof startServer>>;
  let context: BrowserContext;
  let token: string;

  beforeAll(async () => {
    ws = tempWorkspace({ EARSHOT_DEMO: '0' });
    for (const [email, role] of [
      ['admin@lumera.example', 'admin'],
      ['comms@lumera.example', 'comms'],
      ['credit@lumera.example', 'credit_manager'],
    ]) {
      const created = await earshot(['user', 'create', '--email', email!, '--role', role!, '--password-stdin'], ws.env, `${PASSWORD}\n`);
      expect(created.code, created.stderr).toBe(0);
    }
    const cases = join(ws.dir, 'cases.csv');
    writeFileSync(
      cases,
      ['case_ref,creditor,segment,country,opened_at,status', `${REF},Telia,unable,LV,2026-01-05,open`, `${OTHER_REF},Telia,unable,LV,2026-01-06,open`].join('\n'),
    );
    expect((await earshot(['import', 'cases', cases], ws.env)).code).toBe(0);
    // The first evaluation marks where alerting starts; what arrives after it is judged.
    expect((await earshot(['run', 'evaluate-alerts'], ws.env)).code).toBe(0);
    token = (await earshot(['user', 'token', '--email', 'admin@lumera.example'], ws.env)).stdout.trim();
    server = await startServer(ws.env);
    const pushed = await fetch(`${server.url}/api/mentions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          external_id: 'threat-1',
          published_at: new Date().toISOString(),
          text: 'Lumera debt collection about case 40512377 <b>calls every day</b>. I am reporting them to the financial regulator.',
        },
      ]),
    });
    expect(pushed.status, await pushed.clone().text()).toBe(201);
    const run = await earshot(['run', 'evaluate-alerts'], ws.env);
    expect(run.code, run.stderr).toBe(0);
    context = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    await server?.stop();
    ws?.remove();
  });

  it('communications staff see the alert first on the overview, acknowledge, take and resolve it from the inbox', async () => {
    await context.clearCookies();
    const page = await context.newPage();
    const problems = watch(page);
    await logIn(page, server.url, 'comms@lumera.example', PASSWORD, '/');
    const first = page.locator('[data-testid=overview-alert]').first();
    expect(await first.textContent()).toContain('Threat to go to a regulator, lawyer or the press');
    expect(await first.locator('[data-testid=severity]').textContent()).toBe('high');

    await page.click('nav a[href="/alerts"]');
    await page.waitForURL(`${server.url}/alerts`);
    const items = page.locator('[data-testid=alert-item]');
    expect(await items.count()).toBe(2);
    // Most severe first: the regulator threat (high), then the open case (medium).
    expect(await items.locator('[data-testid=severity]').allTextContents()).toEqual(['high', 'medium']);
    const threatId = (await items.first().getAttribute('data-alert'))!;
    // Located by id: once acknowledged it sorts below the open one.
    const threat = page.locator(`[data-testid=alert-item][data-alert="${threatId}"]`);
    expect(await threat.textContent()).toContain('Negative, and the author mentions going to a regulator or ombudsman');
    expect(await threat.textContent()).not.toContain(REF);
    await page.screenshot({ path: SHOT, fullPage: true });

    await threat.locator('[data-testid=alert-acknowledge]').click();
    await page.waitForURL(/\/alerts\?done=acknowledge$/);
    expect(await page.textContent('[data-testid=flash]')).toBe('Acknowledged.');
    expect(await threat.getAttribute('data-status')).toBe('acknowledged');
    expect(await items.locator('[data-testid=severity]').allTextContents()).toEqual(['medium', 'high']); // open first

    await threat.locator('[data-testid=alert-assign]').click();
    await page.waitForURL(/done=assign$/);
    expect(await threat.textContent()).toContain('assigned to');

    // The alert's own page: why, the mention with its analysis (its HTML shown as text), and its history.
    await threat.locator('a.alert-title').click();
    await page.waitForURL(/\/alerts\/\d+$/);
    expect(await page.locator('[data-testid=alert-mention]').textContent()).toContain('negative');
    expect(await page.locator('[data-testid=alert-mention] b').count()).toBe(0);
    expect(await page.locator('[data-testid=history] li').allTextContents()).toEqual([
      expect.stringMatching(/Opened$/),
      expect.stringMatching(/Acknowledged by /),
      expect.stringMatching(/Assigned to .* by /),
    ]);
    expect(await page.locator('[data-testid=alert-case]').count()).toBe(0); // comms may not see the case
    await page.fill('#note', 'Customer called back; complaint logged.');
    await page.click('form.note-form button');
    await page.waitForURL(/done=note$/);
    expect(await page.locator('.note').textContent()).toBe('Customer called back; complaint logged.');

    // Hand it to the credit manager with a note: assigned and noted in one step.
    await page.selectOption('#assignee', { label: 'credit@lumera.example (credit manager)' });
    await page.fill('#handover-note', 'On a case: please call them today.');
    await page.click('[data-testid=hand-over] button');
    await page.waitForURL(/done=assign$/);
    expect(await page.locator('[data-testid=history] li').last().textContent()).toMatch(/Note/);
    expect(await page.textContent('main')).toContain('On a case: please call them today.');

    await page.locator('[data-testid=alert-resolve]').first().click();
    await page.waitForURL(/done=resolve$/);
    expect(await page.locator('.page-head [data-testid=status]').textContent()).toBe('resolved');

    await page.goto(`${server.url}/alerts`);
    expect(await items.count()).toBe(1); // the resolved one has left the active inbox
    await page.goto(`${server.url}/alerts?status=resolved`);
    expect(await items.count()).toBe(1);
    expect(problems).toEqual([]);
  });

  it('a credit manager sees the case timeline on an alert about a case', async () => {
    await context.clearCookies();
    const page = await context.newPage();
    const problems = watch(page);
    await logIn(page, server.url, 'credit@lumera.example', PASSWORD, '/alerts');
    await page.locator('[data-testid=alert-item] a.alert-title').first().click();
    await page.waitForURL(/\/alerts\/\d+$/);
    expect(await page.locator('[data-testid=alert-case] h2').textContent()).toContain(REF);
    expect(await page.locator('[data-testid=alert-case] [data-testid=timeline-item]').count()).toBe(1);
    expect(problems).toEqual([]);
  });

  it('communications staff change a rule, mute a market and add an e-mail channel; a refused setting says why', async () => {
    await context.clearCookies();
    const page = await context.newPage();
    const problems = watch(page);
    await logIn(page, server.url, 'comms@lumera.example', PASSWORD, '/alerts');
    await page.click('a[href="/alerts/settings"]');
    await page.waitForURL(`${server.url}/alerts/settings`);
    const rating = page.locator('[data-testid=rule][data-kind=low_rating]');
    await rating.locator('[data-testid=rule-toggle]').click();
    await page.waitForURL(/done=rule$/);
    expect(await rating.locator('.badge').textContent()).toBe('off');

    await rating.locator('summary').click();
    await rating.locator('input[name=maxStars]').fill('1');
    await rating.locator('button:has-text("Save settings")').click();
    await page.waitForURL(/done=rule$/);
    expect(await rating.locator('.sub').textContent()).toBe('Highest star rating that raises an alert: 1');

    // Too high for the rule: refused with the reason, nothing saved.
    await rating.locator('summary').click();
    await rating.locator('input[name=maxStars]').fill('5');
    await rating.locator('button:has-text("Save settings")').click();
    expect(await page.textContent('[data-testid=problems]')).toMatch(/^params\.maxStars: /);
    await page.goto(`${server.url}/alerts/settings`);
    expect(await rating.locator('.sub').textContent()).toBe('Highest star rating that raises an alert: 1');

    await page.selectOption('#mute-market', 'lv');
    await page.selectOption('#mute-hours', '24');
    await page.fill('#mute-reason', 'Known <b>campaign</b>');
    await page.click('form[action="/alerts/settings/mutes"] button');
    await page.waitForURL(/done=mute$/);
    expect(await page.textContent('[data-testid=mute]')).toContain('Every rule · Latvian · every source kind');
    expect(await page.locator('[data-testid=mute] b').count()).toBe(0);

    await page.fill('#ch-name', 'Comms duty');
    await page.fill('#ch-to', 'duty@lumera.example');
    await page.check('input[name=roles][value=comms]');
    await page.click('form[action="/alerts/settings/channels"] button');
    await page.waitForURL(/done=channel$/);
    expect(await page.textContent('[data-testid=channel]')).toContain('duty@lumera.example, everyone with the communications role');
    // No mail server is set on this server: the page says so, and a test through the channel says why it failed.
    expect(await page.textContent('[data-testid=config-warning]')).toContain('No mail server is set');
    await page.click('[data-testid=channel-test]');
    expect(await page.textContent('[data-testid=problems]')).toMatch(/^The test through “Comms duty” failed: .+\.$/);
    expect(problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
  });

  it('communications staff find the most urgent alert, see why, and hand it to a credit manager in 3 actions from the overview', async () => {
    // A new threat on another case, and nothing else open above it.
    const pushed = await fetch(`${server.url}/api/mentions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify([
        { external_id: 'threat-2', published_at: new Date().toISOString(), text: 'Lumera keeps calling about case 40512388 even at night. I am going to the press with this.' },
      ]),
    });
    expect(pushed.status).toBe(201);
    expect((await earshot(['run', 'evaluate-alerts'], ws.env)).code).toBe(0);
    await context.clearCookies();
    const page = await context.newPage();
    const problems = watch(page);
    await logIn(page, server.url, 'comms@lumera.example', PASSWORD, '/');
    let actions = 0;
    const act = async (step: () => Promise<unknown>) => {
      actions++;
      await step();
    };

    await act(() => page.click('nav a[href="/alerts"]'));
    await page.waitForURL(`${server.url}/alerts`);
    const top = page.locator('[data-testid=alert-item]').first();
    // The riskiest first, and the card says why: the escalation, what the mention says, where and when.
    expect(await top.locator('[data-testid=severity]').textContent()).toBe('high');
    expect(await top.textContent()).toContain('going to the press');
    expect(await top.locator('[data-testid=alert-source]').textContent()).toMatch(/^API \(push\) · published just now/);

    await act(() => top.locator('a.alert-title').click());
    await page.waitForURL(/\/alerts\/\d+$/);
    expect(await page.locator('[data-testid=alert-mention]').textContent()).toContain('press');
    // On a case: the credit managers come first in the hand-over list.
    expect(await page.locator('#assignee option:checked').textContent()).toBe('credit@lumera.example (credit manager)');

    await act(() => page.click('[data-testid=hand-over] button'));
    await page.waitForURL(/done=assign$/);
    expect(await page.locator('[data-testid=history] li').last().textContent()).toMatch(/Assigned to credit@lumera\.example/);
    expect(actions).toBeLessThanOrEqual(4);
    expect(problems).toEqual([]);
  });
});
