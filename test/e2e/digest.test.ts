import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, logIn, watch } from '../helpers/browser.ts';
import { earshot, startServer, tempWorkspace } from '../helpers/earshot-process.ts';
import { startSmtpServer } from '../helpers/smtp-server.ts';

const PASSWORD = 'correct horse battery staple';
const SHOT = '/tmp/earshot-digest-phone.png';

describe('the weekly digest end to end (server and CLI processes, a real SMTP server, real Chromium)', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let server: Awaited<ReturnType<typeof startServer>>;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    ws = tempWorkspace({ EARSHOT_DEMO: '0', SMTP_URL: smtp.url, EARSHOT_PUBLIC_URL: 'https://earshot.example' });
    const created = await earshot(['user', 'create', '--email', 'admin@lumera.example', '--role', 'admin', '--password-stdin'], ws.env, `${PASSWORD}\n`);
    expect(created.code, created.stderr).toBe(0);
    const token = (await earshot(['user', 'token', '--email', 'admin@lumera.example'], ws.env)).stdout.trim();
    server = await startServer(ws.env);
    const pushed = await fetch(`${server.url}/api/mentions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(
        Array.from({ length: 12 }, (_, i) => ({
          external_id: `w47-${i}`,
          published_at: new Date(Date.parse('2026-11-16T08:00:00Z') + i * 12 * 3_600_000).toISOString(),
          text:
            i % 3
              ? `Lumera debt collection called me again today, ${i} times this week. <b>Stop</b> calling my employer!`
              : 'Lumera agreed a payment plan with me; the agent was kind and helpful.',
          language: 'en',
        })),
      ),
    });
    expect(pushed.status, await pushed.clone().text()).toBe(201);
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
    ws?.remove();
    await smtp?.close();
  });

  it('`earshot digest` previews a week to a file, sends it once, and again only with --force', async () => {
    const out = join(ws.dir, 'w47.html');
    const preview = await earshot(['digest', '--week', '2026-W47', '--role', 'comms', '--out', out], ws.env);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toMatch(/^Subject: .*2026-W47/);
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out, 'utf8')).not.toMatch(/<b>Stop<\/b>/);

    const args = ['digest', '--week', '2026-W47', '--to', 'ana@lumera.example', '--role', 'comms', '--send'];
    const first = await earshot(args, ws.env);
    expect(first.stdout.trim()).toBe('2026-W47 ana@lumera.example: sent');
    expect(smtp.inbox).toHaveLength(1);
    expect(smtp.inbox[0]!.subject).toMatch(/2026-W47/);
    expect((await earshot(args, ws.env)).stdout.trim()).toBe('2026-W47 ana@lumera.example: already sent this week (use --force to send again)');
    expect(smtp.inbox).toHaveLength(1);
    expect((await earshot([...args, '--force'], ws.env)).stdout.trim()).toBe('2026-W47 ana@lumera.example: sent');
    expect(smtp.inbox).toHaveLength(2);

    const bad = await earshot(['digest', '--week', '2026-W99'], ws.env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--week: "2026-W99" is not an ISO week/);
  });

  it.skipIf(!hasChromium)('the dashboard previews the digest; at phone width it fits the screen', async () => {
    const context: BrowserContext = await launchChromium();
    try {
      const page = await context.newPage();
      const problems = watch(page);
      await logIn(page, server.url, 'admin@lumera.example', PASSWORD, '/digest?week=2026-W47&role=comms');
      expect(await page.textContent('[data-testid=digest-subject]')).toMatch(/2026-W47/);
      const frame = page.frameLocator('[data-testid=digest-frame]');
      expect(await frame.locator('body').textContent()).toMatch(/2026|W47/);

      // "Send this to me": the previewed digest goes out through the server's mail now, and the page says so.
      const before = smtp.inbox.length;
      await page.click('[data-testid=digest-test] button');
      expect(await page.textContent('[data-testid=flash]')).toBe('Sent this digest to admin@lumera.example.');
      expect(smtp.inbox).toHaveLength(before + 1);
      expect(smtp.inbox.at(-1)!.subject).toMatch(/^\[Test\] .*2026-W47/);
      expect(await page.textContent('[data-testid=digest-subject]')).toMatch(/2026-W47/);

      // An admin sets the schedule and adds a recipient; a bad time zone is refused with the reason.
      // The picker writes the cron: Monday at 06:30.
      await page.selectOption('#weekday', { label: 'Monday' });
      await page.selectOption('#hour', '6');
      await page.selectOption('#minute', '30');
      await page.fill('#schedule_tz', 'Europe/Riga');
      await page.click('form[action="/digest/settings"] button');
      await page.waitForURL(/done=settings$/);
      expect(await page.inputValue('#cron')).toBe('30 6 * * 1');
      expect(await page.isChecked('#mode-weekly')).toBe(true);
      // Anything else is a cron, chosen as such: the first of the month at 08:00.
      await page.check('#mode-cron');
      await page.fill('#cron', '0 8 1 * *');
      await page.click('form[action="/digest/settings"] button');
      await page.waitForURL(/done=settings$/);
      expect(await page.inputValue('#cron')).toBe('0 8 1 * *');
      expect(await page.isChecked('#mode-cron')).toBe(true);
      await page.fill('#r-email', 'olof@lumera.example');
      await page.selectOption('#r-role', 'credit_manager');
      await page.fill('#r-tz', 'Europe/Stockholm');
      await page.selectOption('#r-language', 'sv');
      await page.click('form[action="/digest/recipients"] button');
      await page.waitForURL(/done=recipients$/);
      expect(await page.textContent('[data-testid=recipient]')).toContain('olof@lumera.example');
      await page.fill('#r-email', 'bo@lumera.example');
      await page.fill('#r-tz', 'Mars/Olympus');
      await page.click('form[action="/digest/recipients"] button');
      expect(await page.textContent('main')).toContain('"Mars/Olympus" is not a time zone');
      expect(problems.filter((p) => !/status of 400/.test(p))).toEqual([]);

      const phone = await context.newPage();
      const phoneProblems = watch(phone);
      await phone.setViewportSize({ width: 375, height: 812 });
      await phone.goto(`${server.url}/digest/preview.html?week=2026-W47&role=comms&time_zone=Europe%2FRiga`);
      const width = await phone.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(375);
      expect(await phone.locator('script').count()).toBe(0);
      expect(await phone.locator('b').filter({ hasText: 'Stop' }).count()).toBe(0);
      await phone.screenshot({ path: SHOT, fullPage: true });
      expect(phoneProblems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
