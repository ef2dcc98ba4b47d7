import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, inject, it } from 'vitest';
import { generateBenchData } from '../../db/queries/analytics.ts';
import { mergeSearchIndex } from '../../db/queries/retention.ts';
import { insertSource } from '../../db/queries/sources.ts';
import { createApiToken, createUser } from '../../src/core/auth/accounts.ts';
import { jsScrypt, passwordHasher } from '../../src/core/auth/password.ts';
import { d1Db } from '../../src/runtime/db-d1.ts';
import worker from '../../src/runtime/worker.ts';
import { oracleTactics } from '../helpers/tactics-oracle.ts';

const TOKEN = 'workers-admin-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };

async function call(path: string, init: RequestInit = {}) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`http://earshot.test${path}`, init), env as never, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe('Earshot on workerd with D1', () => {
  it('answers health and serves the API with auth', async () => {
    expect((await call('/api/health')).status).toBe(200);
    expect((await call('/api/mentions')).status).toBe(401);
    expect((await call('/api/mentions', { headers: auth })).status).toBe(200);
  });

  it('a scheduled event polls a feed on 127.0.0.1 and stores analysed mentions', async () => {
    const created = await call('/api/sources', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Feed', kind: 'rss', url: `${inject('feedBase')}/lumera.xml` }),
    });
    expect(created.status).toBe(201);

    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: Date.now() }), env as never, ctx);
    await waitOnExecutionContext(ctx);

    const list = (await (await call('/api/mentions', { headers: auth })).json()) as { items: { title: string; sentiment: { label: string } }[] };
    expect(list.items.map((i) => i.title)).toEqual(['Piedzinēji', 'Kind agent', 'Calls every day']);
    expect(list.items[2]!.sentiment.label).toBe('negative');
  });

  it('the same schedule then evaluates alerts on D1: a regulator threat opens an alert a person can acknowledge', async () => {
    const pushed = await call('/api/mentions', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          external_id: 'w-threat',
          text: 'Lumera keeps calling about a debt I paid. I am filing a complaint with the financial regulator.',
          published_at: new Date().toISOString(),
        },
      ]),
    });
    expect(pushed.status).toBe(201);
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: Date.now() }), env as never, ctx);
    await waitOnExecutionContext(ctx);

    const runs = await env.DB.prepare("SELECT status FROM job_runs WHERE job = 'evaluate-alerts'").all<{ status: string }>();
    expect(runs.results.map((r) => r.status)).toContain('ok');
    const alerts = (await (await call('/api/alerts', { headers: auth })).json()) as { alerts: { id: number; rule: { kind: string }; severity: string }[] };
    const threat = alerts.alerts.find((a) => a.rule.kind === 'escalation');
    expect(threat?.severity).toBe('high');
    const acked = await call(`/api/alerts/${threat!.id}`, {
      method: 'PATCH',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'acknowledged' }),
    });
    expect(((await acked.json()) as { status: string }).status).toBe('acknowledged');
  });

  it("the schedule proposes next steps on D1; one accepted goes into the day's export", async () => {
    const json = (body: unknown, method = 'POST') => ({ method, headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const imported = await call('/api/cases', json([{ case_ref: 'LV-40599001', creditor: 'Telia', segment: 'unable', country: 'LV', opened_at: '2026-01-02', status: 'open' }]));
    expect(imported.status).toBe(201);
    const pushed = await call(
      '/api/mentions',
      json([
        {
          external_id: 'w-step',
          text: 'Lumera phoned me at 11 pm about case 40599001. My complaint goes to the consumer ombudsman tomorrow.',
          published_at: new Date().toISOString(),
        },
      ]),
    );
    expect(pushed.status).toBe(201);
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: Date.now() }), env as never, ctx);
    await waitOnExecutionContext(ctx);

    const view = (await (await call('/api/cases/LV-40599001', { headers: auth })).json()) as { steps: { id: number; step: string; status: string }[] };
    const review = view.steps.find((s) => s.step === 'review_today')!;
    expect(review.status).toBe('proposed');
    const accepted = await call(`/api/cases/LV-40599001/steps/${review.id}`, json({ decision: 'accepted' }, 'PATCH'));
    expect(((await accepted.json()) as { status: string }).status).toBe('accepted');
    const day = new Date().toISOString().slice(0, 10);
    const lines = (await (await call(`/api/steps/export?day=${day}&format=jsonl`, { headers: auth })).text()).trim().split('\n');
    expect(lines.map((l) => JSON.parse(l)).map((s: { case_ref: string; step: string; reason_code: string }) => [s.case_ref, s.step, s.reason_code])).toEqual([
      ['LV-40599001', 'review_today', 'escalation_review'],
    ]);
  });

  it("a creditor account reads its own creditor's figures on D1 and nothing else; the steps' effect is read from D1", async () => {
    const deps = { db: d1Db(env.DB), clock: { now: () => Date.now() }, passwords: passwordHasher(jsScrypt) };
    // Telia's case and its accepted step come from the test before.
    const portal = await createUser(deps, { email: 'portal@telia.example', role: 'creditor', creditor: 'Telia' });
    const token = await createApiToken(deps, portal.id, 'portal');
    const as = { authorization: `Bearer ${token}` };
    const own = await call('/api/creditor/figures', { headers: as });
    expect(own.status).toBe(200);
    const body = await own.text();
    expect(JSON.parse(body)).toMatchObject({ creditor: 'Telia', portfolio: { cases: 1 } });
    expect(body).not.toContain('LV-40599001');
    expect(JSON.parse(body).steps.map((s: { step: string; accepted: unknown }) => [s.step, s.accepted])).toContainEqual(['review_today', '< 5']);
    for (const path of ['/api/creditor/figures?creditor=Elisa', '/api/mentions', '/api/cases/LV-40599001', '/api/steps/export?day=2026-01-01']) {
      expect((await call(path, { headers: as })).status, path).toBe(403);
    }
    const effects = (await (await call('/api/steps/effects', { headers: auth })).json()) as { items: { step: string; applied: { waiting: number } }[] };
    expect(effects.items.find((e) => e.step === 'review_today')!.applied.waiting).toBe(1);
  });

  it("the digest schedule runs on D1, and a week's digest is built from D1", async () => {
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: '*/5 * * * *', scheduledTime: Date.now() }), env as never, ctx);
    await waitOnExecutionContext(ctx);
    const runs = await env.DB.prepare("SELECT status FROM job_runs WHERE job = 'send-digest'").all<{ status: string }>();
    expect(runs.results.map((r) => r.status)).toEqual(['ok']);
    const res = await call('/api/digest/preview?role=credit_manager&time_zone=Europe%2FRiga', { headers: auth });
    expect(res.status).toBe(200);
    const digest = (await res.json()) as { subject: string; html: string; text: string };
    expect(digest.subject).toMatch(/^Earshot weekly: \d{4}-W\d{2}/);
    expect(digest.html).not.toContain('<script');
  });
});

describe('dashboard, configuration and limits on workerd', () => {
  it('renders the login page and guards the dashboard', async () => {
    const page = await call('/login');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<form');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect((await call('/mentions')).status).toBe(303);
  });

  it('a user signs in (scrypt in workerd, CSRF, session cookie) and sees mentions stored in D1', async () => {
    const deps = { db: d1Db(env.DB), clock: { now: () => Date.now() }, passwords: passwordHasher(jsScrypt) };
    await createUser(deps, { email: 'viewer@lumera.example', role: 'viewer', password: 'a long passphrase 1' });
    await call('/api/mentions', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify([{ title: 'Workers mention', text: 'Lumera phoned my employer <script>alert(1)</script>' }]),
    });

    const form = await call('/login');
    const csrfCookie = /earshot_login_csrf=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')![1]!;
    const csrfField = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
    const login = await call('/login', {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: 'http://earshot.test', cookie: `earshot_login_csrf=${csrfCookie}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'viewer@lumera.example', password: 'a long passphrase 1', _csrf: csrfField }),
    });
    expect(login.status).toBe(303);
    const session = /earshot_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')![1]!;
    const page = await call('/mentions', { headers: { cookie: `earshot_session=${session}` } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Workers mention');
    expect(html).not.toContain('<script>alert(1)</script>');
  });

  it('a bad environment is a clear 500 BAD_ENVIRONMENT, not a crash', async () => {
    const ctx = createExecutionContext();
    const res = await worker.fetch(new Request('http://earshot.test/api/health'), { ...env, LOG_LEVEL: 'chatty' } as never, ctx);
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('BAD_ENVIRONMENT');
    expect(body.error.message).toContain('LOG_LEVEL');
    const noDb = await worker.fetch(new Request('http://earshot.test/api/health'), { ...env, DB: undefined } as never, createExecutionContext());
    expect(((await noDb.json()) as { error: { code: string } }).error.code).toBe('BAD_ENVIRONMENT');
  });

  it('stores 5,000 mentions within D1 limits (five pushes of 1,000; one JSON parameter per 200 rows)', async () => {
    const items = Array.from({ length: 5000 }, (_, i) => ({
      external_id: `bulk-${i}`,
      text: `Lumera called me ${(i % 9) + 2} times this week about my debt, case ${40000000 + i}. Item ${i}.`,
      published_at: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(),
    }));
    const ids = new Set<number>();
    const started = performance.now();
    for (let i = 0; i < items.length; i += 1000) {
      const res = await call('/api/mentions', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(items.slice(i, i + 1000)) });
      expect(res.status).toBe(201);
      const body = (await res.json()) as { ids: number[]; new: number };
      expect(body.new).toBe(1000);
      body.ids.forEach((id) => ids.add(id));
    }
    const ms = performance.now() - started;
    expect(ids.size).toBe(5000);
    const count = await env.DB.prepare('SELECT count(*) AS n FROM mention_analysis').first<{ n: number }>();
    expect(count!.n).toBeGreaterThanOrEqual(5000);
    console.log(`D1 (local workerd): pushed 5,000 mentions with analysis in ${Math.round(ms)} ms (${Math.round((5000 / ms) * 1000)} mentions/s)`);
    // The nightly merge of the search index runs on D1 too.
    await mergeSearchIndex(d1Db(env.DB));
    expect(await env.DB.prepare('SELECT count(DISTINCT segid) AS n FROM mentions_fts_idx').first<{ n: number }>()).toEqual({ n: 1 });
    const found = (await (await call('/api/mentions?q=Lumera&limit=10', { headers: auth })).json()) as { items: unknown[] };
    expect(found.items).toHaveLength(10);
  });

  it('answers the Tactics views from the rollups D1 keeps, at 100,000 actions, as the definitions say', { timeout: 180_000 }, async () => {
    const db = d1Db(env.DB);
    const start = Date.UTC(2025, 0, 1);
    const sourceId = (await insertSource(db, { name: 'tactics-bench', kind: 'push' })).id;
    const t0 = performance.now();
    await generateBenchData(db, { cases: 10_000, actions: 100_000, mentions: 100_000, linkEvery: 10, start, days: 180, sourceId });
    const generated = performance.now() - t0;
    const days = { first: start / 86_400_000, last: start / 86_400_000 + 179 };
    const query = 'from=2025-01-01&to=2025-06-29&window_days=14';
    for (const by of ['action_type', 'segment', 'team'] as const) {
      const t = performance.now();
      const res = await call(`/api/analytics/tactics?by=${by}&${query}`, { headers: auth });
      const ms = performance.now() - t;
      expect(res.status).toBe(200);
      const body = (await res.json()) as { items: { key: string; cases: number; actions: number; complaints: number }[] };
      expect(body.items.map((g) => ({ key: g.key, cases: g.cases, actions: g.actions, complaints: g.complaints }))).toEqual(await oracleTactics(db, by, days, 14, 'any'));
      console.log(`D1 (local workerd): tactics by ${by} over 100,000 actions in ${Math.round(ms)} ms`);
    }
    expect(((await (await call(`/api/analytics/trend?by=channel&${query}&bucket_days=7`, { headers: auth })).json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);
    // When in the day, read from the actions on D1: every team's actions and complaints add up to its Tactics row.
    const teams = (await (await call(`/api/analytics/tactics?by=team&${query}`, { headers: auth })).json()) as { items: { key: string; actions: number; complaints: number }[] };
    const team = teams.items.find((g) => g.complaints > 0)!;
    const t = performance.now();
    const clock = (await (await call(`/api/analytics/time-of-day?by=team&key=${encodeURIComponent(team.key)}&${query}`, { headers: auth })).json()) as {
      actions: number;
      complaints: number;
      hours: { actions: number }[];
      zones: string[];
    };
    console.log(`D1 (local workerd): one team by hour of day over 100,000 actions in ${Math.round(performance.now() - t)} ms`);
    expect([clock.actions, clock.complaints]).toEqual([team.actions, team.complaints]);
    expect(clock.hours.reduce((n, h) => n + h.actions, 0)).toBe(team.actions);
    expect(clock.zones).toEqual(['Europe/Helsinki', 'Europe/Riga', 'Europe/Stockholm', 'Europe/Tallinn', 'Europe/Vilnius']);
    console.log(`D1 (local workerd): 10,000 cases, 100,000 actions and 100,000 mentions stored through the rollup triggers in ${Math.round(generated)} ms`);
  });
});
