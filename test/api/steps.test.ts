import { beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema/index.ts';
import { runJob } from '../../jobs/run-job.ts';
import { seedCase, seedLink, seedMention } from '../helpers/cases-fixture.ts';
import { setupApi, type ApiHarness } from '../helpers/api.ts';
import { T0 } from '../helpers/test-deps.ts';

let api: ApiHarness;
let stepIds: number[];

beforeEach(async () => {
  api = await setupApi();
  const db = api.deps.db;
  const a = await seedCase(db, { ref: 'LV-40512371', creditor: 'Telia', segment: 'unable', country: 'LV' });
  const b = await seedCase(db, { ref: 'LV-40512372', creditor: 'Telia', segment: 'unable', country: 'LV' });
  await seedLink(db, await seedMention(db, { publishedAt: T0, vulnerability: ['health'] }), a);
  await seedLink(db, await seedMention(db, { publishedAt: T0, escalation: ['regulator'] }), b);
  await runJob(api.deps, 'next-steps');
  const steps = async (ref: string) => ((await (await api.call('GET', `/api/cases/${ref}`)).json()) as { steps: { id: number }[] }).steps.map((s) => s.id);
  stepIds = [...(await steps('LV-40512371')), ...(await steps('LV-40512372'))];
});

type Rule = { id: number; kind: string; name: string; enabled: boolean; params: Record<string, unknown> };

describe('GET/PATCH /api/steps/rules', () => {
  it('lists the rule table with its settings; a credit manager changes one, checked by its kind and audited', async () => {
    const list = (await (await api.call('GET', '/api/steps/rules', { role: 'credit_manager' })).json()) as { items: Rule[] };
    expect(list.items.map((r) => r.kind)).toEqual(['vulnerability_care', 'payment_plan', 'contact_pattern', 'validation', 'escalation_review']);
    const care = list.items[0]!;
    expect(care.params).toEqual({ vulnerabilities: ['health', 'life_event', 'resilience', 'capability'], callWithinHours: 24 });

    const changed = await api.call('PATCH', `/api/steps/rules/${care.id}`, { role: 'credit_manager', body: { params: { callWithinHours: 4 } } });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as Rule).params).toEqual({ vulnerabilities: ['health', 'life_event', 'resilience', 'capability'], callWithinHours: 4 });
    const bad = await api.call('PATCH', `/api/steps/rules/${care.id}`, { role: 'credit_manager', body: { params: { callWithinHours: 0 } } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^params\.callWithinHours: /);
    expect((await api.call('PATCH', `/api/steps/rules/${care.id}`, { role: 'comms', body: { enabled: false } })).status).toBe(403);
    expect((await api.call('PATCH', '/api/steps/rules/999', { role: 'admin', body: { enabled: false } })).status).toBe(404);
    const audited = (await api.deps.db.select().from(auditLog)).filter((e) => e.action === 'step_rule.update');
    expect(audited.map((e) => e.details)).toEqual([{ fields: ['params'] }]);
  });
});

describe('GET /api/steps/export', () => {
  it("writes the day's accepted steps as CSV or JSON Lines: reference, step, reason code, times; nothing else; audited", async () => {
    await api.call('PATCH', `/api/cases/LV-40512371/steps/${stepIds[0]}`, { role: 'credit_manager', body: { decision: 'accepted', note: 'Private note' } });
    await api.call('PATCH', `/api/cases/LV-40512372/steps/${stepIds[1]}`, { role: 'credit_manager', body: { decision: 'dismissed' } });
    const day = new Date(T0).toISOString().slice(0, 10);
    const csv = await api.call('GET', `/api/steps/export?day=${day}`, { role: 'credit_manager' });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="earshot-steps-${day}.csv"`);
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines).toEqual([
      'step_id,case_ref,step,reason_code,due_at,accepted_at',
      `${stepIds[0]},LV-40512371,pause_and_call,vulnerability_care,${new Date(T0 + 24 * 3_600_000).toISOString()},${new Date(T0).toISOString()}`,
    ]);
    const jsonl = await (await api.call('GET', `/api/steps/export?day=${day}&format=jsonl`, { role: 'admin' })).text();
    expect(
      jsonl
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).case_ref),
    ).toEqual(['LV-40512371']);
    expect(jsonl).not.toContain('Private note');
    // Another day has none; a bad day is refused; comms may not read case references.
    expect(await (await api.call('GET', '/api/steps/export?day=2020-01-01&format=jsonl')).text()).toBe('');
    expect((await api.call('GET', '/api/steps/export?day=yesterday')).status).toBe(400);
    expect((await api.call('GET', `/api/steps/export?day=${day}`, { role: 'comms' })).status).toBe(403);
    const exports = (await api.deps.db.select().from(auditLog)).filter((e) => e.action === 'steps.export');
    expect(exports.map((e) => [e.target, e.details])).toEqual([
      [`steps:${day}`, { count: 1 }],
      [`steps:${day}`, { count: 1 }],
      ['steps:2020-01-01', { count: 0 }],
    ]);
  });
});
