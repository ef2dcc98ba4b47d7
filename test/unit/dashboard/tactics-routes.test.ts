import { beforeAll, describe, expect, it } from 'vitest';
import { nameOf, NOT_RECORDED } from '../../../src/core/labels.ts';
import type { Role } from '../../../db/schema/constants.ts';
import { createUser, login } from '../../../src/core/auth/accounts.ts';
import type { TacticGroup } from '../../../src/core/cases/analytics.ts';
import { formatRatio, intervalText } from '../../../dashboard/components/intervals.tsx';
import { setupApi, type ApiHarness } from '../../helpers/api.ts';
import { seedTacticsExample } from '../../helpers/cases-fixture.ts';

// The dashboard's tactics page in process: who may see it, and that it shows what GET /api/analytics shows.
let api: ApiHarness;
const cookies = {} as Record<Role, string>;
const ROLES = ['admin', 'credit_manager', 'comms', 'viewer'] as const satisfies Role[];

beforeAll(async () => {
  api = await setupApi();
  await seedTacticsExample(api.deps.db);
  for (const role of ROLES) {
    await createUser(api.deps, { email: `${role}-tactics@test.local`, role, password: 'a long enough password' });
    const s = (await login(api.deps, `${role}-tactics@test.local`, 'a long enough password'))!;
    cookies[role] = `earshot_session=${s.secret}`;
  }
});

const get = (path: string, role: Role = 'credit_manager') => api.app.request(path, { headers: { cookie: cookies[role] } });
const PERIOD = 'from=2026-10-01&to=2026-10-31&window_days=14';

describe('GET /tactics', () => {
  it('is for admin and credit_manager; comms and viewer get 403 and no nav link; no session goes to login', async () => {
    for (const role of ['admin', 'credit_manager'] as const) {
      const res = await get(`/tactics?${PERIOD}`, role);
      expect(res.status, role).toBe(200);
      expect(await res.text()).toContain('<a href="/tactics" aria-current="page">Tactics</a>');
    }
    for (const role of ['comms', 'viewer'] as const) {
      expect((await get(`/tactics?${PERIOD}`, role)).status, role).toBe(403);
      const home = await (await get('/', role)).text();
      expect(home).not.toContain('href="/tactics"');
    }
    expect(await (await get('/', 'credit_manager')).text()).toContain('href="/tactics"');
    const anon = await api.app.request('/tactics');
    expect([302, 303]).toContain(anon.status);
  });

  it('shows the same groups and intervals as the API, the heat map and the small-group note', async () => {
    const res = await api.call('GET', `/api/analytics/tactics?by=action_type&${PERIOD}`, { role: 'credit_manager' });
    const { groups } = (await res.json()) as { groups: TacticGroup[] };
    const html = await (await get(`/tactics?by=action_type&${PERIOD}`)).text();
    expect(html.match(/data-testid="tactic-row"/g)).toHaveLength(groups.length);
    for (const g of groups) {
      expect(html).toContain(`title="${nameOf('action_type', g.key)}: when in the day, and what changed">${nameOf('action_type', g.key)}</a>`);
      expect(html).toContain(intervalText(g.rate_per_1000_cases));
      expect(html).toContain(intervalText(g.rate_per_1000_actions));
      expect(html).toContain(intervalText(g.rate_ratio, formatRatio));
    }
    expect(html).toContain('few complaints — wide interval');
    expect(html).toContain('data-testid="heatmap"');
    expect(html).toContain('Legal threats or enforcement');
    expect(html).toMatch(/class="num heat heat-[1-4]"/);
    expect(html).not.toContain('LV-4051237'); // aggregates only: no case reference
    expect(html).not.toContain('Telia bill'); // nor mention text
  });

  it('groups by another column and sorts by lower bound', async () => {
    const html = await (await get(`/tactics?by=team&${PERIOD}&sort=low`)).text();
    expect(html).toContain('<option value="team" selected="">Team</option>');
    expect(html).toContain('<strong>by lower bound per 1,000 cases</strong>');
    expect(html).toContain('>Not recorded</a>');
  });

  it('shows the before/after change of one action type', async () => {
    const html = await (await get(`/tactics?${PERIOD}&action_type=sms&at=2026-10-04&span_days=10`)).text();
    expect(html).toContain('data-testid="change-result"');
    // sms on 2 and 3 Oct before, 5 Oct after; m1 and m2 follow both (the numbers are checked in the analytics tests).
    expect(html).toContain('after: 2 000 per 1,000 actions (242–7 225), before: 1 000 (121–3 612)');
    expect(html).toContain('2 complaints after 1 action<');
    expect(html).toContain('Ratio after ÷ before:');
  });

  it('a bad form is a 400 that says why, with no figures', async () => {
    const res = await get('/tactics?from=2026-11-02&to=2026-11-01&by=%3Cb%3E');
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('From must not be after To.');
    expect(html).not.toContain('data-testid="tactic-row"');
    expect(html).not.toContain('<b>');
  });
});

describe('GET /tactics.csv', () => {
  it('downloads the table as CSV with the same figures as the API, for the same roles only', async () => {
    const res = await get(`/tactics.csv?by=action_type&${PERIOD}&sort=key`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="earshot-tactics-action_type-2026-10-01-2026-10-31.csv"');
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'action_type,cases,actions,complaints,per_1000_cases,per_1000_cases_low,per_1000_cases_high,per_1000_actions,per_1000_actions_low,per_1000_actions_high,rate_ratio,rate_ratio_low,rate_ratio_high,few_complaints',
    );
    const api_ = await api.call('GET', `/api/analytics/tactics?by=action_type&${PERIOD}&sort=key`, { role: 'credit_manager' });
    const { groups } = (await api_.json()) as { groups: TacticGroup[] };
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 4))).toEqual(groups.map((g) => [g.key, String(g.cases), String(g.actions), String(g.complaints)]));
    expect(Number(lines[1]!.split(',')[4])).toBe(groups[0]!.rate_per_1000_cases.value);
    expect((await get(`/tactics.csv?${PERIOD}`, 'comms')).status).toBe(403);
    expect((await get('/tactics.csv?from=2026-13-01', 'credit_manager')).status).toBe(400);
  });

  it('gives a pair one column per dimension, and the page shows the pair in every view', async () => {
    const res = await get(`/tactics.csv?by=team&split_by=action_type&${PERIOD}&sort=key`);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="earshot-tactics-team-action_type-2026-10-01-2026-10-31.csv"');
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]!.startsWith('team,action_type,cases,')).toBe(true);
    const { items } = (await (await api.call('GET', `/api/analytics/tactics?by=team&split_by=action_type&${PERIOD}&sort=key`, { role: 'credit_manager' })).json()) as {
      items: (TacticGroup & { parts: [string, string] })[];
    };
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3))).toEqual(items.map((g) => [...g.parts, String(g.cases)]));
    const page = await get(`/tactics?by=team&split_by=action_type&${PERIOD}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Complaint rates by team × action type');
    expect(html).toContain('What people complain about, by team × action type');
    // The first pair, in words, in the table, the heat map and the before/after's choices.
    const [team, type] = items[0]!.parts;
    expect(html.split(`${team === '(none)' ? NOT_RECORDED : team} · ${nameOf('action_type', type)}`).length).toBeGreaterThan(3);
  });
});

describe('the Overview', () => {
  it('compares every figure with the period before, and gives credit managers the tactic headline', async () => {
    const credit = await (await get('/?days=90', 'credit_manager')).text();
    expect(credit).toContain('the 90 days before (');
    expect(credit).toContain('data-testid="tactic-headline"');
    // By the lower bound over 90 days the headline is team B's calls (1 case, 2 complaints), clearly or not, with its words.
    expect(credit).toMatch(
      /<strong>B · Call<\/strong>: 2 000 \([\d .–]+\) complaints per 1,000 cases \(2 complaints\), not clearly different from the other teams and action types\./,
    );
    expect(credit).toContain('No such actions in the 90 days before.');
    // The headline opens that group on the Tactics page: when in the day, and what changed.
    expect(credit).toContain('href="/tactics?by=team&amp;split_by=action_type&amp;key=B+%C2%B7+call"');
    const comms = await (await get('/?days=90', 'comms')).text();
    expect(comms).toContain('the 90 days before (');
    expect(comms).not.toContain('tactic-headline');
  });
});
