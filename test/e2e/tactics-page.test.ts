import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, logIn, watch } from '../helpers/browser.ts';
import { earshot, startServer, tempWorkspace } from '../helpers/earshot-process.ts';

const PASSWORD = 'correct horse battery staple';
const SHOT = '/tmp/earshot-tactics.png';
const PERIOD = 'from=2026-01-01&to=2026-01-31';

describe.skipIf(!hasChromium)('tactics page end to end (real server, real Chromium)', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let server: Awaited<ReturnType<typeof startServer>>;
  let context: BrowserContext;

  const logInAs = (page: Page, email: string, next: string) => logIn(page, server.url, email, PASSWORD, next);

  beforeAll(async () => {
    ws = tempWorkspace({ EARSHOT_DEMO: '0', EARSHOT_SECRET_KEY: 'e2e-tactics-key-0123456789-0123456789-abcd' });
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
    const refs = ['LV-40512371', 'LV-40512372', 'LV-40512373', 'LV-40512374'];
    const cases = file(
      'cases.csv',
      [
        'case_ref,creditor,segment,country,opened_at,status,team',
        ...refs.map((r, i) => `${r},${i % 2 ? 'Elisa' : 'Telia'},unable,LV,2026-01-02,open,${i < 2 ? 'Riga' : 'Tallinn'}`),
      ].join('\n'),
    );
    const actions = file(
      'actions.csv',
      [
        'case_ref,at,channel,action_type,agent',
        ...refs.flatMap((r, i) => [`${r},2026-01-0${3 + i}T09:00:00Z,sms,reminder,agent7`, `${r},2026-01-1${i}T10:30:00Z,phone,call,agent2`]),
        `${refs[0]},2026-01-20T10:00:00Z,letter,legal_notice,agent3`,
      ].join('\n'),
    );
    for (const args of [
      ['import', 'cases', cases],
      ['import', 'actions', actions],
    ]) {
      const r = await earshot(args, ws.env);
      expect(r.code, r.stderr).toBe(0);
    }
    const token = await earshot(['user', 'token', '--email', 'admin@lumera.example'], ws.env);
    expect(token.code, token.stderr).toBe(0);
    server = await startServer(ws.env);
    // The analyser finds a reference by its digits and suggests the link.
    const texts = [
      [refs[0], '2026-01-12T08:00:00Z', 'Lumera called me ten times a day about my case 40512371, it is harassment. Terrible service.'],
      [refs[1], '2026-01-13T08:00:00Z', 'Lumera keeps calling about case 40512372 every day, this is harassment. Awful.'],
      [refs[2], '2026-01-14T08:00:00Z', 'Lumera threatened court over case 40512373. Terrible, scary letters.'],
    ];
    const pushed = await fetch(`${server.url}/api/mentions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token.stdout.trim()}`, 'content-type': 'application/json' },
      body: JSON.stringify(texts.map(([, at, text], i) => ({ external_id: `tactics-${i}`, author: 'someone', published_at: at, text }))),
    });
    expect(pushed.status, await pushed.clone().text()).toBe(201);
    context = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    await server?.stop();
    ws?.remove();
  });

  it('a credit manager reads the rates, the trend, the heat map and a before/after change, with no console or CSP problem', async () => {
    await context.clearCookies();
    const page = await context.newPage();
    await page.setViewportSize({ width: 1200, height: 900 });
    const problems = watch(page);
    await logInAs(page, 'credit@lumera.example', `/tactics?${PERIOD}`);
    expect(await page.getAttribute('nav a[href="/tactics"]', 'aria-current')).toBe('page');
    const rows = page.locator('[data-testid=tactic-row]');
    const keys = await rows.evaluateAll((els) => els.map((e) => e.querySelector('th')!.firstChild!.textContent));
    // By default the groups most surely above the rest come first: by the lower bound per 1,000 cases.
    expect(keys).toEqual(['Call', 'Reminder', 'Legal notice']);
    expect(await page.locator('[data-testid=tactic-row] svg.chart-ratio').count()).toBe(3);
    expect(await page.textContent('[data-testid=tactics-table]')).toMatch(/\d \([\d.]+–[\d .]+\)/);
    expect(await page.textContent('main')).toContain('few complaints — wide interval');
    expect(await page.locator('[data-testid=heatmap] td.heat').count()).toBeGreaterThan(0);

    // The trend: one small multiple per action type (most actions first), weekly from 1 January, the numbers in a table.
    const multiples = page.locator('[data-testid=trend-multiple]');
    expect(await multiples.evaluateAll((els) => els.map((e) => e.querySelector('h3')!.firstChild!.textContent))).toEqual(['Call', 'Reminder', 'Legal notice']);
    expect(await page.locator('[data-testid=trend-multiple] svg[role=img] > title').count()).toBe(3);
    const box = await page.locator('[data-testid=trend-chart]').first().boundingBox();
    expect(box!.width).toBeGreaterThan(200);
    expect(box!.height).toBe(150);
    // Calls: four in the week of 8–14 January, followed by three of the complaints: 750 per 1,000, Garwood [0.618672, 8.767273] × 250.
    expect(await page.locator('[data-testid=trend-multiple]').first().locator('circle.point').count()).toBe(0); // 3 complaints: a ring, not a dot
    expect(await page.locator('[data-testid=trend-multiple]').first().locator('circle.few').count()).toBe(1);
    expect(await page.isVisible('[data-testid=trend-table]')).toBe(false);
    const trendRows = await page.locator('[data-testid=trend-row]').evaluateAll((els) => els.map((e) => [...e.children].map((c) => c.firstChild!.textContent)));
    expect(trendRows).toHaveLength(15); // 3 groups × 5 buckets (the last one 29–31 January)
    expect(trendRows).toContainEqual(['Call', '2026-01-08', '2026-01-14', '4', '3', '750 (155–2 192)']);
    expect(trendRows).toContainEqual(['Reminder', '2026-01-01', '2026-01-07', '4', '3', '750 (155–2 192)']);
    expect(trendRows).toContainEqual(['Legal notice', '2026-01-15', '2026-01-21', '1', '0', '0.0 (0.0–3 689)']);
    expect(trendRows).toContainEqual(['Call', '2026-01-29', '2026-01-31', '0', '0', '—']);
    await page.click('[data-testid=trend] summary');
    expect(await page.isVisible('[data-testid=trend-table]')).toBe(true);

    // Group by team with the form (no script: a plain GET).
    await page.selectOption('#by', 'team');
    await page.click('form[aria-label="What to compare"] button[type=submit]');
    await page.waitForURL(/by=team/);
    expect(await rows.evaluateAll((els) => els.map((e) => e.querySelector('th')!.firstChild!.textContent))).toEqual(['Riga', 'Tallinn']);
    expect(await multiples.evaluateAll((els) => els.map((e) => e.querySelector('h3')!.firstChild!.textContent))).toEqual(['Riga', 'Tallinn']);

    // Before and after: Riga's actions before and from 5 January (any group of the grouping shown).
    await page.selectOption('#key', 'Riga');
    await page.fill('#at', '2026-01-05');
    await page.fill('#span_days', '10');
    await page.click('form[aria-label="Before and after"] button[type=submit]');
    await page.waitForURL(/key=Riga/);
    expect(page.url()).toContain('by=team');
    const change = await page.textContent('[data-testid=change-result]');
    expect(change).toMatch(/after: [\d .]+ per 1,000 actions \(/);
    expect(change).toContain('Ratio after ÷ before:');
    // Asked for, the before/after comes first on the page, its verdict in words.
    expect(await page.textContent('[data-testid=change-top] [data-testid=change-verdict]')).toMatch(
      /^Complaints per 1,000 actions of Riga .* from 5 Jan 2026 — (a clear change|no clear change)/,
    );
    expect(await page.locator('[data-testid=change-points]').count()).toBe(1);
    await page.screenshot({ path: SHOT, fullPage: true });
    expect(await page.textContent('main')).not.toMatch(/LV-4051237|harassment/);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('a comms user has no Tactics link and is refused the page', async () => {
    await context.clearCookies();
    const page = await context.newPage();
    const problems = watch(page);
    await logInAs(page, 'comms@lumera.example', '/');
    expect(await page.locator('nav a[href="/tactics"]').count()).toBe(0);
    const refused = await page.goto(`${server.url}/tactics?${PERIOD}`);
    expect(refused?.status()).toBe(403);
    expect(await page.textContent('main')).toContain('Your role cannot see complaint rates by tactic.');
    expect(problems.splice(0)).toEqual([expect.stringMatching(/status of 403/)]);
    await page.close();
  }, 60_000);
});
