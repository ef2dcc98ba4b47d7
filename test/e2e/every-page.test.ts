import { mkdirSync } from 'node:fs';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, logIn, watch } from '../helpers/browser.ts';
import { earshot, startServer, tempWorkspace } from '../helpers/earshot-process.ts';

// Every page of the demo workspace, as its admin sees it, on a desktop and on a phone: none scrolls sideways, none
// logs an error, and each is photographed for a person to look at.

const SHOTS = '/tmp/earshot-pages';
const CREDIT_PASSWORD = 'correct horse battery staple';
const SIZES = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
];

describe.skipIf(!hasChromium)('every page on a desktop and a phone (demo workspace, real Chromium)', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let server: Awaited<ReturnType<typeof startServer>>;
  let context: BrowserContext;
  let password: string;
  const pages: [name: string, path: string][] = [
    ['overview', '/'],
    ['alerts', '/alerts'],
    ['alert-settings', '/alerts/settings'],
    ['mentions', '/mentions'],
    ['mentions-filtered', '/mentions?sentiment=negative&language=lv'],
    ['sources', '/sources'],
    ['new-source', '/sources/new'],
    ['cases', '/cases'],
    ['tactics', '/tactics'],
    ['tactics-by-team', '/tactics?by=team&sort=low'],
    ['tactics-one-group', `/tactics?by=team&split_by=action_type&key=${encodeURIComponent('Riga B · sms')}`],
    ['steps', '/steps'],
    ['creditor', '/creditor'],
    ['creditor-report', `/creditor/report?creditor=${encodeURIComponent('Saulvo Mobile')}`],
    ['digest', '/digest'],
    ['users', '/users'],
  ];

  beforeAll(async () => {
    ws = tempWorkspace();
    delete ws.env.EARSHOT_DEMO;
    delete ws.env.EARSHOT_ADMIN_TOKEN;
    server = await startServer(ws.env);
    password = String(server.logs.find((l) => String(l.msg).startsWith('demo workspace'))!.demo_password);
    const token = (await earshot(['user', 'token', '--email', 'demo@earshot.local'], ws.env)).stdout.trim();
    const get = async (path: string) => (await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json();
    // Until the demo feeds are polled; then one page each of a mention, an alert and a case.
    let mentions: { id: number }[] = [];
    for (let i = 0; i < 100 && mentions.length < 50; i++) {
      mentions = ((await get('/api/mentions?limit=50')) as { items: { id: number }[] }).items;
      if (mentions.length < 50) await new Promise((r) => setTimeout(r, 300));
    }
    pages.push(['mention', `/mentions/${mentions[0]!.id}`]);
    const alerts = ((await get('/api/alerts')) as { items: { id: number }[] }).items;
    if (alerts[0]) pages.push(['alert', `/alerts/${alerts[0].id}`]);
    const sources = ((await get('/api/sources')) as { items: { id: number }[] }).items;
    pages.push(['source', `/sources/${sources[0]!.id}`], ['edit-source', `/sources/${sources[0]!.id}/edit`]);
    const cases = ((await get('/api/cases?with_complaints=true&limit=1')) as { items: { case_ref: string }[] }).items;
    pages.push(['case', `/cases/${encodeURIComponent(cases[0]!.case_ref)}`]);
    // A credit manager of the collector, beside the demo's admin.
    const made = await earshot(['user', 'create', '--email', 'credit@lumera.example', '--role', 'credit_manager', '--password-stdin'], ws.env, `${CREDIT_PASSWORD}\n`);
    expect(made.code, made.stderr).toBe(0);
    mkdirSync(SHOTS, { recursive: true });
    context = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    await server?.stop();
    ws?.remove();
  });

  it('no page scrolls sideways or logs an error, at 1440 and at 390 pixels; on a phone every control is large enough to touch', async () => {
    const page = await context.newPage();
    const problems = watch(page);
    await logIn(page, server.url, 'demo@earshot.local', password, '/');
    const wide: string[] = [];
    const tiny: string[] = [];
    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      for (const [name, path] of pages) {
        const res = await page.goto(`${server.url}${path}`);
        expect(res?.status(), path).toBe(200);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > size.width) {
          // Name the outermost elements that reach past the screen, to say what to fix.
          const past = await page.evaluate((w) => {
            const out = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > w + 1);
            return out.filter((e) => !out.includes(e.parentElement!)).map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`);
          }, size.width);
          wide.push(`${path} at ${size.width}: ${width} px (${past.slice(0, 3).join(', ')})`);
        }
        if (size.width < 600) {
          // Touch targets on a phone: 44 px for buttons, boxes and menu links; 24 px for a check box or radio button.
          const small = await page.evaluate(() =>
            [...document.querySelectorAll('button, select, textarea, input:not([type=hidden]), .nav-links a, a.button')]
              .filter((e) => {
                const r = e.getBoundingClientRect();
                if (r.width === 0 || e.closest('.visually-hidden')) return false;
                const box = (e as HTMLInputElement).type === 'checkbox' || (e as HTMLInputElement).type === 'radio';
                return r.height < (box ? 23.5 : 43.5);
              })
              .map((e) => `${e.tagName.toLowerCase()}${e.className ? `.${[...e.classList].join('.')}` : ''} ${Math.round(e.getBoundingClientRect().height)}px`),
          );
          if (small.length) tiny.push(`${path}: ${[...new Set(small)].slice(0, 4).join(', ')}`);
        }
        await page.screenshot({ path: `${SHOTS}/${name}-${size.width}.png`, fullPage: true });
      }
    }
    expect(wide).toEqual([]);
    expect(tiny).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it('a credit manager finds the planted effect from the Overview and confirms it, with its hours and its before/after verdict, in 2 actions', async () => {
    await context.clearCookies();
    const page = await context.newPage();
    const problems = watch(page);
    await page.setViewportSize({ width: 1440, height: 900 });
    await logIn(page, server.url, 'credit@lumera.example', CREDIT_PASSWORD, '/');
    let actions = 0;
    const act = async (step: () => Promise<unknown>) => {
      actions++;
      await step();
    };
    // The Overview names the team and action type most surely above the rest.
    const headline = page.locator('[data-testid=tactic-headline]');
    expect(await headline.textContent()).toMatch(/Riga B · SMS: .* clearly above the other teams and action types/);

    await act(() => headline.locator('a').first().click());
    await page.waitForURL(/\/tactics\?/);
    const focus = page.locator('[data-testid=change-top]');
    expect(await focus.locator('h2').textContent()).toBe('Riga B · SMS');
    // When: the late evening on the debtor's clock, and only then.
    expect(await focus.locator('[data-testid=time-of-day-verdict]').textContent()).toMatch(
      /^Late evening \(21:00–24:00\): [\d.]+ complaints per 1,000 actions of Riga B · SMS \([\d.]+–[\d.]+\), [\d.]+ times the rest of the day — clearly higher\.$/,
    );
    expect(await focus.textContent()).toContain("On the debtor's clock (Riga time)");
    // The case-by-case contact-window step, suggested for the whole group.
    expect(await focus.locator('[data-testid=group-suggestion]').textContent()).toMatch(
      /^Suggested for all of Riga B · SMS: move its contact out of late evening \(21:00–24:00\) on the debtor's clock/,
    );
    // Since when: the change its weekly trend found (or, were its weeks too few, the trend of SMS or of Riga B).
    const proposed = focus.locator('[data-testid=proposed-change]');
    expect(await proposed.textContent()).toMatch(
      /(The weekly rate|SMS|Riga B) changed: Complaints per 1,000 actions of (Riga B · SMS|SMS|Riga B) rose from [\d.]+ to [\d.]+ from \d+ \w+ \d{4} — a clear change\./,
    );

    await act(() => proposed.locator('a').click());
    await page.waitForURL(/at=\d{4}-\d{2}-\d{2}/);
    expect(await page.locator('[data-testid=change-top] [data-testid=change-verdict]').textContent()).toMatch(
      /^Complaints per 1,000 actions of Riga B · SMS rose from [\d.]+ to [\d.]+ from \d+ \w+ \d{4} — a clear change\.$/,
    );
    // The hours stay beside the verdict.
    expect(await page.locator('[data-testid=change-top] [data-testid=time-of-day-verdict]').textContent()).toMatch(/^Late evening/);
    await page.screenshot({ path: `${SHOTS}/credit-manager-walk-1440.png`, fullPage: true });
    expect(actions).toBeLessThanOrEqual(6);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it("the demo's creditor login opens Saulvo Mobile's figures, and the demo's accepted step has reached its collection system", async () => {
    await context.clearCookies();
    const page = await context.newPage();
    const problems = watch(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await logIn(page, server.url, 'creditor@earshot.local', password, '/creditor');
    expect(await page.textContent('h1')).toBe('Saulvo Mobile: customer experience in collection');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${SHOTS}/creditor-login-390.png`, fullPage: true });
    expect((await page.goto(`${server.url}/creditor?creditor=${encodeURIComponent('Kalvas Energi')}`))!.status()).toBe(403);
    expect(problems.filter((p) => !/status of 403/.test(p))).toEqual([]);
    await page.close();

    // The demo accepts one step as soon as steps are proposed and hands it to its stand-in collection system.
    const token = (await earshot(['user', 'token', '--email', 'demo@earshot.local'], ws.env)).stdout.trim();
    let handOff: { status: string } | null = null;
    for (let i = 0; i < 60 && handOff?.status !== 'sent'; i++) {
      const steps = (
        await (await fetch(`${server.url}/api/steps/export?day=${new Date().toISOString().slice(0, 10)}&format=jsonl`, { headers: { authorization: `Bearer ${token}` } })).text()
      ).trim();
      const ref = steps ? (JSON.parse(steps.split('\n')[0]!) as { case_ref: string }).case_ref : null;
      if (ref) {
        const view = (await (await fetch(`${server.url}/api/cases/${encodeURIComponent(ref)}`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
          steps: { status: string; hand_off: { status: string } | null }[];
        };
        handOff = view.steps.find((s) => s.status === 'accepted')?.hand_off ?? null;
      }
      if (handOff?.status !== 'sent') await new Promise((r) => setTimeout(r, 1_000));
    }
    expect(handOff?.status).toBe('sent');
  }, 90_000);
});
