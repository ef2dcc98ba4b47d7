import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, logIn, watch } from '../helpers/browser.ts';
import { earshot, startServer, tempWorkspace } from '../helpers/earshot-process.ts';

const PASSWORD = 'correct horse battery staple';
const SHOT = '/tmp/earshot-mention-correction.png';
// Quiet wording the per-mention rules would not flag; a person knows it is a regulator complaint.
const TEXT = 'Wrote to Lumera twice about the letter. Still no reply. The consumer ombudsman gets my file on Monday.';

describe.skipIf(!hasChromium)('correcting a mention and raising an alert by hand (real server, real Chromium)', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let server: Awaited<ReturnType<typeof startServer>>;
  let context: BrowserContext;
  let id: number;

  beforeAll(async () => {
    ws = tempWorkspace({ EARSHOT_DEMO: '0' });
    for (const [email, role] of [
      ['admin@lumera.example', 'admin'],
      ['comms@lumera.example', 'comms'],
      ['viewer@lumera.example', 'viewer'],
    ]) {
      const created = await earshot(['user', 'create', '--email', email!, '--role', role!, '--password-stdin'], ws.env, `${PASSWORD}\n`);
      expect(created.code, created.stderr).toBe(0);
    }
    expect((await earshot(['run', 'evaluate-alerts'], ws.env)).code).toBe(0);
    const token = (await earshot(['user', 'token', '--email', 'admin@lumera.example'], ws.env)).stdout.trim();
    server = await startServer(ws.env);
    const pushed = await fetch(`${server.url}/api/mentions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ external_id: 'quiet-1', published_at: new Date().toISOString(), text: TEXT, language: 'en' }]),
    });
    expect(pushed.status, await pushed.clone().text()).toBe(201);
    id = ((await pushed.json()) as { ids: number[] }).ids[0]!;
    context = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    await server?.stop();
    ws?.remove();
  });

  it('shows each label with its probability and the phrases behind it', async () => {
    await context.clearCookies();
    const page = await context.newPage();
    const problems = watch(page);
    await logIn(page, server.url, 'comms@lumera.example', PASSWORD, `/mentions/${id}`);
    expect(await page.locator('.sureness').count()).toBeGreaterThanOrEqual(2); // relevance and sentiment at least
    for (const t of await page.locator('.sureness').allTextContents()) expect(t).toMatch(/\d+%/);
    const reasons = await page.textContent('[data-testid=reasons]');
    expect(reasons).toMatch(/sentiment: (negative|neutral|positive)/);
    expect(await page.locator('[data-testid=reasons] q').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=corrected]').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('communications staff correct the labels; the correction shows, counts for alerts, and can be removed', async () => {
    await context.clearCookies();
    const page = await context.newPage();
    const problems = watch(page);
    await logIn(page, server.url, 'comms@lumera.example', PASSWORD, `/mentions/${id}`);
    const correct = async (sentiment: string, escalation: boolean, reachability: boolean) => {
      await page.click('[data-testid=correct] summary');
      await page.check('input[name=relevant][value=true]');
      await page.selectOption('select[name=sentiment]', sentiment);
      await page.setChecked('input[name=escalation][value=regulator]', escalation);
      await page.setChecked('input[name=tactics][value=reachability]', reachability);
      await page.click('[data-testid=correct] button[type=submit]:has-text("Save correction")');
      await page.waitForURL(new RegExp(`/mentions/${id}\\?done=(corrected|unchanged)$`));
    };
    // First to a reading no rule alerts on (whatever the analyser said), then to a regulator complaint.
    await correct('positive', false, false);
    await correct('negative', true, true);
    expect(page.url()).toBe(`${server.url}/mentions/${id}?done=corrected`);
    expect(await page.textContent('[data-testid=flash]')).toContain('Correction saved');
    expect(await page.textContent('[data-testid=corrected]')).toContain('Corrected by a person');
    const labels = await page.textContent('table.labels');
    expect(labels).toContain('regulator');
    expect(labels).toContain('Hard to reach'); // the tactic in the words the digest uses
    await page.screenshot({ path: SHOT, fullPage: true });

    // Negative with a regulator escalation: the escalation rule raised an alert at once.
    await page.goto(`${server.url}/alerts`);
    expect(await page.textContent('[data-testid=alert-list]')).toContain('Threat to go to a regulator, lawyer or the press');

    await page.goto(`${server.url}/mentions/${id}`);
    await page.click('[data-testid=correct] summary');
    await page.click('button:has-text("Remove the correction")');
    await page.waitForURL(`${server.url}/mentions/${id}?done=reset`);
    expect(await page.locator('[data-testid=corrected]').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('raises an alert by hand, with the reason escaped, and viewers can do neither', async () => {
    await context.clearCookies();
    const page = await context.newPage();
    const problems = watch(page);
    await logIn(page, server.url, 'comms@lumera.example', PASSWORD, `/mentions/${id}`);
    await page.selectOption('[data-testid=raise] select[name=severity]', 'critical');
    await page.fill('[data-testid=raise] input[name=reason]', 'A reporter called <script>alert(1)</script> about this');
    await page.click('[data-testid=raise] button[type=submit]');
    await page.waitForURL(/\/alerts\/\d+$/);
    expect(await page.textContent('[data-testid=alert-title]')).toBe('Raised by hand from a mention');
    expect(await page.textContent('[data-testid=reasons]')).toContain('A reporter called <script>alert(1)</script> about this');
    expect(await page.locator('[data-testid=reasons] script').count()).toBe(0);
    expect(await page.locator('[data-testid=severity]').first().textContent()).toBe('critical');
    expect(problems).toEqual([]);

    await context.clearCookies();
    await logIn(page, server.url, 'viewer@lumera.example', PASSWORD, `/mentions/${id}`);
    expect(await page.locator('[data-testid=correct]').count()).toBe(0);
    expect(await page.locator('[data-testid=raise]').count()).toBe(0);
    await page.close();
  });
});
