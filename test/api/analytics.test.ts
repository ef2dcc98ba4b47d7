import { beforeAll, describe, expect, it } from 'vitest';
import { errorCode, setupApi, type ApiHarness } from '../helpers/api.ts';
import { seedTacticsExample } from '../helpers/cases-fixture.ts';

// The numbers themselves are checked in test/integration/analytics.test.ts; here: the HTTP shape, roles, validation.

let api: ApiHarness;
beforeAll(async () => {
  api = await setupApi();
  await seedTacticsExample(api.deps.db);
});

const PERIOD = 'from=2026-10-01&to=2026-10-31';

type Group = { key: string; cases: number; actions: number; complaints: number; small: boolean; rate_per_1000_cases: unknown; rate_per_1000_actions: unknown; rate_ratio: unknown };

describe('GET /api/analytics/tactics', () => {
  it('returns one row per group with rates, intervals and the small flag', async () => {
    const res = await api.call('GET', `/api/analytics/tactics?by=action_type&${PERIOD}&window_days=14`, { role: 'credit_manager' });
    expect(res.status).toBe(200);
    const { items: groups, next_cursor, groups: deprecated } = (await res.json()) as { items: Group[]; next_cursor: string | null; groups: Group[] };
    expect(next_cursor).toBeNull();
    expect(deprecated).toEqual(groups); // the pre-envelope key, for one release
    expect(groups.map((g) => [g.key, g.cases, g.actions, g.complaints, g.small])).toEqual([
      ['call', 2, 2, 3, true],
      ['letter', 4, 4, 3, true],
      ['sms', 2, 3, 2, true],
    ]);
    // sms: 2 complaints / 2 cases = 1000 per 1,000, Garwood [0.242209, 7.224688] × 500
    expect(groups[2]!.rate_per_1000_cases).toEqual({ value: 1000, low: expect.closeTo(121.105, 2), high: expect.closeTo(3612.344, 2) });
    expect(Object.keys(groups[0]!.rate_ratio as object).sort()).toEqual(['high', 'low', 'value']);
  });

  it('splits each team by action type with then=action_type: keys "team · action type", the two values in parts', async () => {
    const res = await api.call('GET', `/api/analytics/tactics?by=team&split_by=action_type&${PERIOD}&window_days=14`, { role: 'credit_manager' });
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: (Group & { parts: [string, string] })[] };
    expect(items.length).toBeGreaterThan(0);
    for (const g of items) expect(g.key).toBe(g.parts.join(' · '));
    // Split by action type, a team's actions add up to the team's own.
    const teams = (await (await api.call('GET', `/api/analytics/tactics?by=team&${PERIOD}&window_days=14`, { role: 'credit_manager' })).json()) as { items: Group[] };
    for (const t of teams.items) expect(items.filter((g) => g.parts[0] === t.key).reduce((n, g) => n + g.actions, 0)).toBe(t.actions);
  });

  it('400 naming the pairs that exist for a pair the rollups do not keep', async () => {
    const res = await api.call('GET', `/api/analytics/tactics?by=action_type&split_by=team&${PERIOD}`, { role: 'credit_manager' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^split_by: team, creditor, segment can be split by action_type or channel/);
  });

  it('window_days defaults to 14; `to` defaults to now, `from` to 90 days before `to`', async () => {
    const a = (await (await api.call('GET', `/api/analytics/tactics?by=segment&${PERIOD}`)).json()) as { groups: Group[] };
    expect(a.groups.map((g) => [g.key, g.complaints])).toEqual([
      ['known_info', 0],
      ['unable', 2],
      ['unwilling', 2],
      ['willing_able', 2],
    ]);
    // The test clock stands at 20 Nov 2026 and nothing happens after October: same groups.
    const b = (await (await api.call('GET', '/api/analytics/tactics?by=segment&from=2026-10-01')).json()) as { groups: Group[] };
    expect(b.groups).toEqual(a.groups);
    // 90 days back (from 22 Aug) take in LV-5's sms of 20 Sep and m8 (25 Sep) that follows it.
    const c = (await (await api.call('GET', '/api/analytics/tactics?by=segment')).json()) as { groups: Group[] };
    expect(c.groups.map((g) => [g.key, g.actions, g.complaints])).toEqual([
      ['known_info', 2, 1],
      ['unable', 2, 2],
      ['unwilling', 3, 2],
      ['willing_able', 3, 2],
    ]);
  });

  it('admin and credit_manager only: comms and viewer get 403, no token 401', async () => {
    const path = `/api/analytics/tactics?by=channel&${PERIOD}`;
    for (const role of ['admin', 'credit_manager'] as const) expect((await api.call('GET', path, { role })).status).toBe(200);
    for (const role of ['comms', 'viewer'] as const) {
      const res = await api.call('GET', path, { role });
      expect(res.status).toBe(403);
      expect(await errorCode(res)).toBe('FORBIDDEN');
    }
    for (const p of ['/api/analytics/topics?by=channel', '/api/analytics/change?action_type=sms&at=2026-10-15']) {
      expect((await api.call('GET', p, { role: 'comms' })).status).toBe(403);
      expect((await api.call('GET', p, { role: 'viewer' })).status).toBe(403);
    }
    expect((await api.call('GET', path, { role: null })).status).toBe(401);
  });

  it('400 in the one error shape for a bad `by`, bad dates, a reversed period or a bad window', async () => {
    for (const q of [
      'by=debtor',
      '',
      `by=channel&from=yesterday`,
      'by=channel&to=2026-13-01',
      'by=channel&from=2026-11-01&to=2026-10-01',
      'by=channel&window_days=0',
      'by=channel&window_days=abc',
      'by=channel&links=maybe',
      'by=channel&sort=value',
    ]) {
      const res = await api.call('GET', `/api/analytics/tactics?${q}`);
      expect(res.status, q).toBe(400);
      expect(await errorCode(res)).toBe('BAD_REQUEST');
    }
  });
});

describe('GET /api/analytics/topics', () => {
  it('counts complaints per analyser tactic label per group', async () => {
    const res = await api.call('GET', `/api/analytics/topics?by=action_type&${PERIOD}`, { role: 'credit_manager' });
    expect(res.status).toBe(200);
    const { groups } = (await res.json()) as { groups: { key: string; complaints: number; topics: { tactic: string; complaints: number }[] }[] };
    expect(groups.find((g) => g.key === 'sms')).toEqual({
      key: 'sms',
      complaints: 2,
      topics: [
        { tactic: 'contact_frequency', complaints: 2 },
        { tactic: 'contact_time', complaints: 1 },
      ],
    });
    expect((await api.call('GET', '/api/analytics/topics?by=agent')).status).toBe(400);
  });
});

describe('GET /api/analytics/change', () => {
  it('returns both periods and the after/before ratio', async () => {
    const res = await api.call('GET', '/api/analytics/change?action_type=letter&at=2026-10-15&span_days=14');
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      action_type: string;
      before: { actions: number; complaints: number };
      after: { actions: number; complaints: number };
      rate_ratio: { value: number };
    };
    expect(body.action_type).toBe('letter');
    expect([body.before.actions, body.before.complaints, body.after.actions, body.after.complaints]).toEqual([3, 2, 1, 1]);
    expect(body.rate_ratio.value).toBeCloseTo(1.5, 10); // (1/1) / (2/3)
  });

  it('compares any group of any grouping, a pair by its key as /tactics names it', async () => {
    const tactics = (await (await api.call('GET', `/api/analytics/tactics?by=team&split_by=action_type&${PERIOD}`, { role: 'credit_manager' })).json()) as {
      items: (Group & { parts: [string, string] })[];
    };
    const group = tactics.items.find((g) => g.actions > 1)!;
    const query = `by=team&split_by=action_type&key=${encodeURIComponent(group.key)}&at=2026-10-01&span_days=31`;
    const res = await api.call('GET', `/api/analytics/change?${query}`, { role: 'credit_manager' });
    expect(res.status).toBe(200);
    const change = (await res.json()) as { by: string; key: string; parts: string[]; after: { actions: number } };
    expect([change.by, change.key, change.parts]).toEqual(['team+action_type', group.key, group.parts]);
    // The after period is the month of /tactics: the same actions.
    expect(change.after.actions).toBe(group.actions);
    for (const bad of ['by=team&split_by=action_type&key=nojoiner&at=2026-10-01', 'by=team&at=2026-10-01']) {
      const refused = await api.call('GET', `/api/analytics/change?${bad}`, { role: 'credit_manager' });
      expect(refused.status, bad).toBe(400);
      expect(((await refused.json()) as { error: { message: string } }).error.message, bad).toMatch(/^key: /);
    }
  });

  it('400 for a missing or bad action_type or date', async () => {
    for (const q of ['at=2026-10-15', 'action_type=letter', 'action_type=fax&at=2026-10-15', 'action_type=letter&at=15.10.2026', 'action_type=letter&at=2026-10-15&span_days=0']) {
      const res = await api.call('GET', `/api/analytics/change?${q}`);
      expect(res.status, q).toBe(400);
      expect(await errorCode(res)).toBe('BAD_REQUEST');
    }
  });
});

type TrendPoint = {
  from: number;
  to: number;
  cases: number;
  actions: number;
  complaints: number;
  rate_per_1000_actions: { value: number | null; low: number | null; high: number | null };
  small: boolean;
};
type Trend = { bucket_days: number; groups: { key: string; points: TrendPoint[] }[]; items: Trend['groups']; next_cursor: string | null };

const message = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

describe('GET /api/analytics/trend', () => {
  it('returns one series per group with every bucket, aligned to `from`, the last one shorter', async () => {
    const res = await api.call('GET', `/api/analytics/trend?by=action_type&${PERIOD}&window_days=14&bucket_days=7`, { role: 'credit_manager' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Trend;
    expect(body.bucket_days).toBe(7);
    expect([body.items, body.next_cursor]).toEqual([body.groups, null]); // `groups`: the pre-envelope key, for one release
    expect(body.groups.map((g) => g.key)).toEqual(['call', 'letter', 'sms']);
    const from = Date.UTC(2026, 9, 1);
    const to = Date.UTC(2026, 10, 1) - 1;
    for (const g of body.groups) {
      expect(g.points.map((p) => [p.from, p.to])).toEqual([0, 1, 2, 3, 4].map((i) => [from + i * 7 * 86_400_000, Math.min(to, from + (i + 1) * 7 * 86_400_000 - 1)]));
    }
    // The numbers are worked out in test/unit/cases/trend.test.ts.
    expect(body.groups[1]!.points.map((p) => [p.actions, p.complaints])).toEqual([
      [1, 1],
      [2, 1],
      [1, 1],
      [0, 0],
      [0, 0],
    ]);
    expect(body.groups[2]!.points[0]).toEqual({
      from,
      to: from + 7 * 86_400_000 - 1,
      cases: 2,
      actions: 3,
      complaints: 2,
      rate_per_1000_actions: { value: expect.closeTo(666.667, 2), low: expect.closeTo(80.736, 2), high: expect.closeTo(2408.229, 2) },
      small: true,
      complete: true, // ended weeks before the test clock's 20 November
    });
    expect(body.groups[2]!.points[1]!.rate_per_1000_actions).toEqual({ value: null, low: null, high: null });
  });

  it('defaults: weekly buckets, a 14-day window, any link, the 90 days up to now', async () => {
    const explicit = (await (await api.call('GET', `/api/analytics/trend?by=segment&${PERIOD}&bucket_days=7&window_days=14&links=any`)).json()) as Trend;
    const defaulted = (await (await api.call('GET', `/api/analytics/trend?by=segment&${PERIOD}`)).json()) as Trend;
    expect(defaulted).toEqual(explicit);
    // The test clock stands at 20 Nov 2026: 90 days back is 22 Aug, 13 buckets of 7 days, the last one 6 days and a bit.
    const recent = (await (await api.call('GET', '/api/analytics/trend?by=segment')).json()) as Trend;
    expect(recent.groups[0]!.points).toHaveLength(13);
    expect(recent.groups.map((g) => [g.key, g.points.reduce((n, p) => n + p.actions, 0)])).toEqual([
      ['known_info', 2],
      ['unable', 2],
      ['unwilling', 3],
      ['willing_able', 3],
    ]);
    const confirmed = (await (await api.call('GET', `/api/analytics/trend?by=action_type&${PERIOD}&links=confirmed&bucket_days=31`)).json()) as Trend;
    expect(confirmed.groups.map((g) => [g.key, g.points.length, g.points[0]!.complaints])).toEqual([
      ['call', 1, 3],
      ['letter', 1, 2],
      ['sms', 1, 1],
    ]);
  });

  it('400 with a message that names the parameter', async () => {
    for (const [q, field] of [
      ['', 'by'],
      ['by=debtor', 'by'],
      ['by=channel&bucket_days=0', 'bucket_days'],
      ['by=channel&bucket_days=1.5', 'bucket_days'],
      ['by=channel&bucket_days=week', 'bucket_days'],
      ['by=channel&bucket_days=366', 'bucket_days'],
      ['by=channel&window_days=0', 'window_days'],
      ['by=channel&links=maybe', 'links'],
      ['by=channel&from=yesterday', 'from'],
      ['by=channel&from=2026-11-01&to=2026-10-01', 'from'],
      // A valid bucket length but too many of them for the period: 2,131 days.
      ['by=channel&from=2021-01-01&to=2026-10-31&bucket_days=1', 'bucket_days'],
    ] as const) {
      const res = await api.call('GET', `/api/analytics/trend?${q}`);
      expect(res.status, q).toBe(400);
      const error = await message(res);
      expect(error.code, q).toBe('BAD_REQUEST');
      expect(error.message, q).toMatch(new RegExp(`^${field}: `));
    }
    const res = await api.call('GET', '/api/analytics/trend?by=channel&from=2021-01-01&to=2026-10-31&bucket_days=1');
    expect((await message(res)).message).toBe('bucket_days: the period makes 2130 buckets of 1 day, at most 366 are allowed; choose longer buckets or a shorter period');
  });

  it('admin and credit_manager only: comms and viewer get 403, no token 401', async () => {
    const path = `/api/analytics/trend?by=channel&${PERIOD}`;
    for (const role of ['admin', 'credit_manager'] as const) expect((await api.call('GET', path, { role })).status).toBe(200);
    for (const role of ['comms', 'viewer'] as const) {
      const res = await api.call('GET', path, { role });
      expect(res.status, role).toBe(403);
      expect(await errorCode(res)).toBe('FORBIDDEN');
    }
    expect((await api.call('GET', path, { role: null })).status).toBe(401);
  });
});

describe('GET /api/analytics/time-of-day', () => {
  type Slot = { at: number; actions: number; complaints: number };
  type Clock = { key?: string; actions: number; complaints: number; hours: Slot[]; weekdays: Slot[]; day_parts: (Slot & { part: string; to: number })[]; zones: string[] };
  const busy = (slots: Slot[]) => slots.filter((s) => s.actions > 0).map((s) => [s.at, s.actions, s.complaints]);

  it("places one group's actions and complaints at the case country's hour and weekday", async () => {
    const res = await api.call('GET', `/api/analytics/time-of-day?by=team&key=A&${PERIOD}&window_days=14`, { role: 'credit_manager' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Clock;
    // Team A: sms 2, 3, 5 Oct and the call of 10 Oct, at noon UTC on Latvian cases: 15:00 in Riga (UTC+3 until 25 Oct).
    // m1 follows the sms of Mon 5 Oct, m2 the call of Sat 10 Oct; m4 is 22 days after the sms of 3 Oct.
    expect([body.key, body.actions, body.complaints, body.zones]).toEqual(['A', 4, 2, ['Europe/Riga']]);
    expect(busy(body.hours)).toEqual([[15, 4, 2]]);
    expect(body.day_parts.filter((p) => p.actions > 0).map((p) => [p.part, p.at, p.to, p.actions, p.complaints])).toEqual([['afternoon', 12, 17, 4, 2]]);
    expect(busy(body.weekdays)).toEqual([
      [1, 1, 1], // Monday 5 Oct
      [5, 1, 0], // Friday 2 Oct
      [6, 2, 1], // Saturday 3 and 10 Oct
    ]);
  });

  it('covers every action without a group, and takes a pair as /tactics names it', async () => {
    const all = (await (await api.call('GET', `/api/analytics/time-of-day?${PERIOD}`)).json()) as Clock;
    expect([all.key, all.actions, all.zones]).toEqual([undefined, 9, ['Europe/Helsinki', 'Europe/Riga']]);
    expect(all.hours).toHaveLength(24);
    expect(all.weekdays).toHaveLength(7);
    const pair = (await (await api.call('GET', `/api/analytics/time-of-day?by=team&split_by=action_type&key=${encodeURIComponent('A · sms')}&${PERIOD}`)).json()) as Clock;
    // m1 and m2 both follow the sms of 5 Oct (m2 seven days after it): the call of 10 Oct is not an sms.
    expect([pair.key, pair.actions, pair.complaints]).toEqual(['A · sms', 3, 2]);
  });

  it('400 for a key without its grouping or a pair key without its joiner; 403 for comms', async () => {
    const noBy = await api.call('GET', `/api/analytics/time-of-day?key=A&${PERIOD}`);
    expect(noBy.status).toBe(400);
    expect((await message(noBy)).message).toMatch(/^by: name the grouping/);
    const badPair = await api.call('GET', `/api/analytics/time-of-day?by=team&split_by=action_type&key=A&${PERIOD}`);
    expect(badPair.status).toBe(400);
    expect((await api.call('GET', `/api/analytics/time-of-day?${PERIOD}`, { role: 'comms' })).status).toBe(403);
  });
});

describe('OpenAPI', () => {
  it('documents the four analytics routes, and that the last trend bucket may be shorter', async () => {
    const doc = (await (await api.call('GET', '/api/openapi.json', { role: null })).json()) as {
      paths: Record<string, { get?: { description?: string; parameters?: { name: string; schema?: { default?: unknown }; description?: string }[] } }>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/analytics/tactics', '/api/analytics/topics', '/api/analytics/change', '/api/analytics/trend', '/api/analytics/time-of-day']),
    );
    const trend = doc.paths['/api/analytics/trend']!.get!;
    expect(trend.description).toMatch(/last bucket .* may be shorter/);
    const bucket = trend.parameters!.find((p) => p.name === 'bucket_days')!;
    expect(bucket.schema?.default).toBe(7);
    expect(bucket.description).toMatch(/start on the day of `from`/);
  });
});
