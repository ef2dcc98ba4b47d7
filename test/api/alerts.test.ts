import { beforeEach, describe, expect, it } from 'vitest';
import { cases } from '../../db/schema/index.ts';
import { evaluateAlerts } from '../../src/core/alerts/evaluate.ts';
import { errorCode, setupApi, type ApiHarness } from '../helpers/api.ts';
import { T0 } from '../helpers/test-deps.ts';

const KEY = 'alert-api-test-secret-key-0123456789abcdef';
const DAY = 86_400_000;
let api: ApiHarness;

type AlertBody = {
  id: number;
  status: string;
  severity: string;
  reasons: string[];
  linked_case: boolean;
  case_ref?: string | null;
  assignee: { id: number; name: string } | null;
  mentions: { id: number; text: string; sentiment: { label: string } | null; tactics: string[]; escalation: string[] }[];
  history: { type: string; by: string | null; detail: Record<string, unknown> | null }[];
  deliveries: { channel: string; transition: string; status: string }[];
};

/** A negative regulator threat citing a case's reference, stored and evaluated. */
async function storeThreat(): Promise<void> {
  await api.deps.db.insert(cases).values({ caseRef: 'LV-40512377', creditor: 'Telia', segment: 'unable', country: 'LV', openedAt: T0 - 90 * DAY, status: 'open', rowHash: 'x' });
  await evaluateAlerts(api.deps);
  api.clock.set(T0 + 60_000);
  const res = await api.call('POST', '/api/mentions', {
    body: [
      {
        external_id: 'r1',
        text: 'Lumera debt collection, case 40512377: they call me every day. I am reporting them to the financial regulator.',
        published_at: new Date(T0).toISOString(),
      },
    ],
  });
  expect(res.status).toBe(201);
  await evaluateAlerts(api.deps);
}

/** The escalation alert the threat raises. */
async function raiseAlert(): Promise<number> {
  await storeThreat();
  const list = (await (await api.call('GET', '/api/alerts')).json()) as { alerts: { id: number; rule: { kind: string } }[] };
  return list.alerts.find((a) => a.rule.kind === 'escalation')!.id;
}

beforeEach(async () => {
  api = await setupApi({ EARSHOT_SECRET_KEY: KEY });
});

describe('alert inbox API', () => {
  it('lists alerts open first, by severity; filters by status, severity and rule, with clear 400s', async () => {
    await raiseAlert();
    type Listed = { rule: { kind: string }; severity: string; status: string };
    const all = (await (await api.call('GET', '/api/alerts')).json()) as { items: Listed[]; next_cursor: string | null; alerts: Listed[] };
    expect(all.items.map((a) => [a.rule.kind, a.severity])).toEqual([
      ['escalation', 'high'],
      ['open_case', 'medium'],
    ]);
    expect(all.next_cursor).toBeNull();
    // The pre-envelope key still answers, with the same alerts, for one release.
    expect(all.alerts).toEqual(all.items);
    const high = (await (await api.call('GET', '/api/alerts?severity=high&status=open')).json()) as { alerts: unknown[] };
    expect(high.alerts).toHaveLength(1);
    const byRule = (await (await api.call('GET', '/api/alerts?rule=open_case')).json()) as { alerts: { rule: { kind: string } }[] };
    expect(byRule.alerts.map((a) => a.rule.kind)).toEqual(['open_case']);
    const bad = await api.call('GET', '/api/alerts?severity=urgent');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/unknown severity "urgent"; one of low, medium, high, critical/);
  });

  it('shows an alert with its mentions, analysis and reasons; the case reference only to roles that may read cases', async () => {
    const id = await raiseAlert();
    const cm = (await (await api.call('GET', `/api/alerts/${id}`, { role: 'credit_manager' })).json()) as AlertBody;
    expect(cm).toMatchObject({ status: 'open', severity: 'high', linked_case: true, case_ref: 'LV-40512377' });
    expect(cm.reasons).toEqual(['Negative, and the author mentions going to a regulator or ombudsman']);
    expect(cm.mentions[0]).toMatchObject({ sentiment: { label: 'negative' }, escalation: ['regulator'] });
    expect(cm.history.map((h) => h.type)).toEqual(['opened']);
    const comms = (await (await api.call('GET', `/api/alerts/${id}`, { role: 'comms' })).json()) as AlertBody;
    expect(comms.linked_case).toBe(true);
    expect('case_ref' in comms).toBe(false);
    expect(JSON.stringify(comms)).not.toContain('LV-40512377');
    expect((await api.call('GET', '/api/alerts/999')).status).toBe(404);
  });

  it('acknowledges, assigns, notes and resolves, each recorded with who and when; a viewer may only read', async () => {
    const id = await raiseAlert();
    const comms = await api.call('PATCH', `/api/alerts/${id}`, { role: 'comms', body: { status: 'acknowledged', note: 'Called the customer back.' } });
    expect(comms.status).toBe(200);
    const users = await api.deps.db.query.users.findMany();
    const commsUser = users.find((u) => u.role === 'comms')!;
    let a = (await (await api.call('PATCH', `/api/alerts/${id}`, { role: 'comms', body: { assignee: commsUser.id } })).json()) as AlertBody;
    expect(a.assignee).toEqual({ id: commsUser.id, name: commsUser.name });
    a = (await (await api.call('PATCH', `/api/alerts/${id}`, { role: 'comms', body: { status: 'resolved' } })).json()) as AlertBody;
    expect(a.status).toBe('resolved');
    expect(a.history.map((h) => [h.type, h.by])).toEqual([
      ['opened', null],
      ['acknowledged', commsUser.name],
      ['note', commsUser.name],
      ['assigned', commsUser.name],
      ['resolved', commsUser.name],
    ]);
    expect(a.history[2]!.detail).toEqual({ note: 'Called the customer back.' });
    // The audit log says what changed, never the note's words.
    const audit = await api.deps.db.query.auditLog.findMany();
    const entries = audit.filter((e) => e.action === 'alert.update');
    expect(entries).toHaveLength(3);
    expect(JSON.stringify(entries)).not.toContain('Called the customer');

    const reopened = (await (await api.call('PATCH', `/api/alerts/${id}`, { role: 'credit_manager', body: { status: 'open' } })).json()) as AlertBody;
    expect(reopened.history.at(-1)!.type).toBe('reopened');

    expect(await errorCode(await api.call('PATCH', `/api/alerts/${id}`, { role: 'viewer', body: { status: 'resolved' } }))).toBe('FORBIDDEN');
    expect((await api.call('GET', `/api/alerts/${id}`, { role: 'viewer' })).status).toBe(200);
    expect(await errorCode(await api.call('GET', '/api/alerts', { role: null }))).toBe('UNAUTHORIZED');
  });

  it.each([
    [{}, /give at least one of status, assignee, note, snoozed_until/],
    [{ status: 'closed' }, /status/],
    [{ assignee: 9999 }, /assignee: no active user with id 9999/],
    [{ snoozed_until: '2020-01-01T00:00:00Z' }, /snoozed_until: must be in the future/],
    [{ note: '   ' }, /note: must not be empty/],
    [{ colour: 'red' }, /colour/],
  ])('refuses %j with a clear message', async (body, message) => {
    const id = await raiseAlert();
    const res = await api.call('PATCH', `/api/alerts/${id}`, { body });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
  });
});

describe('rules, mutes and channels API', () => {
  it('starts with the default rule set; rules can be added, changed, validated and deleted', async () => {
    await evaluateAlerts(api.deps);
    const rules = (await (await api.call('GET', '/api/alert-rules', { role: 'viewer' })).json()) as {
      items: unknown[];
      rules: { id: number; kind: string; params: Record<string, unknown> }[];
    };
    expect(rules.items).toEqual(rules.rules);
    expect(rules.rules.map((r) => r.kind)).toEqual(['escalation', 'vulnerable_harm', 'high_reach', 'open_case', 'low_rating', 'volume_spike', 'negative_share', 'tactic_spike']);
    const reach = rules.rules.find((r) => r.kind === 'high_reach')!;
    expect(reach.params.reach).toMatchObject({ bluesky: 5000 });

    const created = await api.call('POST', '/api/alert-rules', { role: 'comms', body: { name: 'Only regulators', kind: 'escalation', params: { escalations: ['regulator'] } } });
    expect(created.status).toBe(201);
    const bad = await api.call('POST', '/api/alert-rules', { body: { name: 'Bad', kind: 'low_rating', params: { maxStars: 9 } } });
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^params\.maxStars: /);
    expect((await api.call('POST', '/api/alert-rules', { body: { name: 'Only regulators', kind: 'escalation' } })).status).toBe(409);
    const changed = await api.call('PATCH', `/api/alert-rules/${reach.id}`, { body: { enabled: false, params: { reach: { reddit: 1000 } } } });
    expect(await changed.json()).toMatchObject({ enabled: false, params: { reach: { reddit: 1000 } } });
    expect((await api.call('DELETE', `/api/alert-rules/${reach.id}`, { role: 'credit_manager' })).status).toBe(403);
    expect((await api.call('DELETE', `/api/alert-rules/${reach.id}`)).status).toBe(204);
    // A deleted default rule stays deleted.
    await evaluateAlerts(api.deps);
    const after = (await (await api.call('GET', '/api/alert-rules')).json()) as { rules: { kind: string }[] };
    expect(after.rules.filter((r) => r.kind === 'high_reach')).toEqual([]);
  });

  it('mutes a market: its findings raise nothing while the mute stands', async () => {
    const mute = await api.call('POST', '/api/alert-mutes', { role: 'comms', body: { market: 'en', reason: 'Known campaign' } });
    expect(mute.status).toBe(201);
    await storeThreat();
    expect(((await (await api.call('GET', '/api/alerts')).json()) as { alerts: unknown[] }).alerts).toEqual([]);
    const id = ((await mute.json()) as { id: number }).id;
    expect((await api.call('DELETE', `/api/alert-mutes/${id}`, { role: 'comms' })).status).toBe(204);
    expect((await api.call('POST', '/api/alert-mutes', { body: {} })).status).toBe(400);
  });

  it('stores channel secrets sealed and shows them masked; a masked value sent back keeps the secret', async () => {
    const res = await api.call('POST', '/api/notification-channels', {
      body: { name: 'Hook', kind: 'webhook', config: { url: 'https://hooks.example/earshot', secret: 's'.repeat(40) }, min_severity: 'high' },
    });
    expect(res.status).toBe(201);
    const ch = (await res.json()) as { id: number; config: Record<string, unknown> };
    expect(ch.config).toEqual({ url: '********', secret: '********' });
    const stored = await api.deps.db.query.notificationChannels.findFirst();
    expect(JSON.stringify(stored!.config)).not.toContain('hooks.example');
    const renamed = await api.call('PATCH', `/api/notification-channels/${ch.id}`, { body: { config: { url: '********', secret: '********' }, enabled: false } });
    expect(renamed.status).toBe(200);
    const bad = await api.call('POST', '/api/notification-channels', { body: { name: 'Mail', kind: 'email', config: {} } });
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/at least one address/);
    expect((await api.call('GET', '/api/notification-channels', { role: 'viewer' })).status).toBe(403);
  });
});
