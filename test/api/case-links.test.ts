import { beforeEach, describe, expect, it } from 'vitest';
import { auditLog, caseActions, caseIdentifiers, cases, users } from '../../db/schema/index.ts';
import type { Role } from '../../db/schema/constants.ts';
import { identifierHasher } from '../../src/core/cases/identifiers.ts';
import { errorCode, setupApi, type ApiHarness } from '../helpers/api.ts';
import { T0 } from '../helpers/test-deps.ts';
import { runJob } from '../../jobs/run-job.ts';

const KEY = 'test-secret-key-for-lumera-identifiers-0123456789';
const DAY = 86_400_000;
let api: ApiHarness;
let mentionIds: number[];

type CaseView = {
  case_ref: string;
  identifiers: Record<string, number>;
  actions: { action_type: string; channel: string; at: string }[];
  links: {
    mention_id: number;
    method: string;
    confidence: number;
    status: string;
    created_by: number | null;
    confirmed_by: number | null;
    confirmed_at: string | null;
    tactics: string[];
    sentiment: { label: string } | null;
  }[];
};

beforeEach(async () => {
  api = await setupApi({ EARSHOT_SECRET_KEY: KEY });
  const db = api.deps.db;
  const [c] = await db
    .insert(cases)
    .values({
      caseRef: 'LV-40512377',
      creditor: 'Telia',
      segment: 'unwilling',
      country: 'LV',
      openedAt: T0 - 90 * DAY,
      status: 'open',
      rowHash: 'x',
      amount: 412.5,
      currency: 'EUR',
    })
    .returning();
  const hasher = (await identifierHasher(KEY))!;
  await db.insert(caseIdentifiers).values([
    { caseId: c!.id, kind: 'handle', hash: await hasher('handle', 'kim_v') },
    { caseId: c!.id, kind: 'email', hash: await hasher('email', 'kim.v@example.com') },
  ]);
  await db.insert(caseActions).values([
    { caseId: c!.id, at: T0 - 3 * DAY, channel: 'sms', actionType: 'sms', actionKey: 'a2' },
    { caseId: c!.id, at: T0 - 10 * DAY, channel: 'letter', actionType: 'reminder', actionKey: 'a1' },
  ]);
  const res = await api.call('POST', '/api/mentions', {
    body: [
      { external_id: 'm1', author: 'kim_v', text: 'Lumera called me 9 times today and threatened court. Terrible.', published_at: '2026-11-18T10:00:00Z' },
      { external_id: 'm2', author: 'someone', text: 'Lumera sent me a letter about my case.', published_at: '2026-11-19T10:00:00Z' },
    ],
  });
  mentionIds = ((await res.json()) as { ids: number[] }).ids;
});

const view = async (role: Role = 'credit_manager') => (await (await api.call('GET', '/api/cases/LV-40512377', { role })).json()) as CaseView;
/** The audit entries about cases (setup writes user and token entries too). */
const caseAudit = async () => (await api.deps.db.select().from(auditLog)).filter((e) => e.action.startsWith('case.'));
const userId = async (role: Role) => (await api.deps.db.select().from(users)).find((u) => u.role === role)!.id;

describe('GET /api/cases/{ref}', () => {
  it('the case with identifier counts (never identifiers), its timeline and its linked mentions; audited', async () => {
    const res = await api.call('GET', '/api/cases/LV-40512377', { role: 'credit_manager' });
    expect(res.status).toBe(200);
    const raw = await res.text();
    expect(raw).not.toContain('kim');
    const body = JSON.parse(raw) as CaseView;
    expect(body).toMatchObject({ case_ref: 'LV-40512377', creditor: 'Telia', segment: 'unwilling', amount: 412.5, identifiers: { handle: 1, email: 1, phone: 0 } });
    expect(body.actions.map((a) => a.action_type)).toEqual(['reminder', 'sms']);
    expect(body.links).toEqual([
      expect.objectContaining({
        mention_id: mentionIds[0],
        method: 'identifier',
        confidence: 0.7,
        status: 'suggested',
        created_by: null,
        sentiment: expect.objectContaining({ label: 'negative' }),
      }),
    ]);
    expect(body.links[0]!.tactics).toEqual(expect.arrayContaining(['contact_frequency']));

    const entries = await caseAudit();
    expect(entries).toEqual([expect.objectContaining({ action: 'case.view', target: 'case:LV-40512377', actorUserId: await userId('credit_manager') })]);
    expect(JSON.stringify(entries)).not.toContain('kim');
  });

  it('404 for an unknown case (and nothing audited)', async () => {
    const res = await api.call('GET', '/api/cases/NOPE-1');
    expect(res.status).toBe(404);
    expect(await errorCode(res)).toBe('NOT_FOUND');
    expect(await caseAudit()).toEqual([]);
  });
});

describe('links by hand', () => {
  it('a manual link is confirmed with who and when; a suggestion can be confirmed; links can be removed; all audited', async () => {
    const manager = await userId('credit_manager');
    const created = await api.call('POST', '/api/cases/LV-40512377/links', { role: 'credit_manager', body: { mention_id: mentionIds[1] } });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      mention_id: mentionIds[1],
      method: 'manual',
      confidence: 1,
      status: 'confirmed',
      created_by: manager,
      confirmed_by: manager,
      confirmed_at: new Date(T0).toISOString(),
    });

    const confirmed = await api.call('PATCH', `/api/cases/LV-40512377/links/${mentionIds[0]}`, { role: 'admin', body: { status: 'confirmed' } });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.json()).toMatchObject({ method: 'identifier', status: 'confirmed', confirmed_by: await userId('admin') });
    expect((await view()).links.map((l) => l.status)).toEqual(['confirmed', 'confirmed']);

    expect((await api.call('DELETE', `/api/cases/LV-40512377/links/${mentionIds[0]}`, { role: 'credit_manager' })).status).toBe(204);
    expect((await view()).links.map((l) => l.mention_id)).toEqual([mentionIds[1]]);
    expect((await api.call('DELETE', `/api/cases/LV-40512377/links/${mentionIds[0]}`)).status).toBe(404);

    const actions = (await caseAudit()).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['case.link', 'case.link_confirm', 'case.unlink']));
  });

  it('400 on a bad body, 404 for an unknown mention or case', async () => {
    expect((await api.call('POST', '/api/cases/LV-40512377/links', { body: { mention_id: 'x' } })).status).toBe(400);
    expect((await api.call('PATCH', `/api/cases/LV-40512377/links/${mentionIds[0]}`, { body: { status: 'suggested' } })).status).toBe(400);
    expect((await api.call('POST', '/api/cases/LV-40512377/links', { body: { mention_id: 99999 } })).status).toBe(404);
    expect((await api.call('POST', '/api/cases/NOPE-1/links', { body: { mention_id: mentionIds[0] } })).status).toBe(404);
  });
});

describe('next steps', () => {
  type Step = {
    id: number;
    step: string;
    words: string;
    reason: string;
    status: string;
    due_at: string;
    note: string | null;
    decided_by: number | null;
    decided_at: string | null;
  };
  it('are proposed from the linked mention, listed with the case, accepted or dismissed once, each decision audited without its note', async () => {
    expect((await runJob(api.deps, 'next-steps')).status).toBe('ok');
    const steps = ((await view()) as CaseView & { steps: Step[] }).steps;
    // The author's complaint (linked by the author's handle): too many calls and a threat of court.
    expect(steps.map((s) => s.step)).toEqual(expect.arrayContaining(['lower_contact_frequency', 'check_legal_policy']));
    for (const s of steps) expect([s.status, s.decided_by, s.words.length > 0]).toEqual(['proposed', null, true]);
    const [first, second] = steps;

    const due = '2026-11-21T09:00:00.000Z';
    const accepted = await api.call('PATCH', `/api/cases/LV-40512377/steps/${first!.id}`, {
      role: 'credit_manager',
      body: { decision: 'accepted', due_at: due, note: 'Called Tuesday' },
    });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({
      id: first!.id,
      status: 'accepted',
      due_at: due,
      note: 'Called Tuesday',
      decided_by: await userId('credit_manager'),
      decided_at: new Date(T0).toISOString(),
      hand_off: { status: 'pending', sent_at: null, last_error: null },
    });
    const again = await api.call('PATCH', `/api/cases/LV-40512377/steps/${first!.id}`, { role: 'credit_manager', body: { decision: 'dismissed' } });
    expect(again.status).toBe(409);
    expect((await api.call('PATCH', `/api/cases/LV-40512377/steps/${second!.id}`, { role: 'admin', body: { decision: 'dismissed' } })).status).toBe(200);
    expect(((await view()) as CaseView & { steps: Step[] }).steps.map((s) => s.status).sort()).toEqual(['accepted', 'dismissed', ...steps.slice(2).map(() => 'proposed')].sort());

    expect((await api.call('PATCH', `/api/cases/LV-40512377/steps/999999`, { role: 'credit_manager', body: { decision: 'accepted' } })).status).toBe(404);
    expect((await api.call('PATCH', `/api/cases/LV-40512377/steps/${second!.id}`, { role: 'credit_manager', body: { decision: 'maybe' } })).status).toBe(400);
    expect((await api.call('PATCH', `/api/cases/LV-40512377/steps/${second!.id}`, { role: 'comms', body: { decision: 'accepted' } })).status).toBe(403);
    const decisions = (await caseAudit()).filter((e) => e.action === 'case.step');
    expect(decisions.map((e) => e.details)).toEqual([
      { step_id: first!.id, step: first!.step, decision: 'accepted', due_changed: true, noted: true },
      { step_id: second!.id, step: second!.step, decision: 'dismissed', due_changed: false, noted: false },
    ]);
    expect(JSON.stringify(decisions)).not.toContain('Tuesday');
  });
});

describe('roles', () => {
  it('comms and viewer get 403 on all case data; credit managers may not erase', async () => {
    for (const role of ['comms', 'viewer'] as const) {
      const calls = [
        api.call('GET', '/api/cases/LV-40512377', { role }),
        api.call('POST', '/api/cases/LV-40512377/links', { role, body: { mention_id: mentionIds[1] } }),
        api.call('PATCH', `/api/cases/LV-40512377/links/${mentionIds[0]}`, { role, body: { status: 'confirmed' } }),
        api.call('DELETE', `/api/cases/LV-40512377/links/${mentionIds[0]}`, { role }),
        api.call('DELETE', '/api/cases/LV-40512377', { role }),
      ];
      for (const res of await Promise.all(calls)) {
        expect(res.status, role).toBe(403);
        expect(await errorCode(res)).toBe('FORBIDDEN');
      }
    }
    expect((await api.call('DELETE', '/api/cases/LV-40512377', { role: 'credit_manager' })).status).toBe(403);
    expect(await caseAudit()).toEqual([]);
  });

  it('GET /api/mentions/:id: comms is not told of a link by the author (case-visibility.test.ts); a credit manager sees it', async () => {
    const comms = (await (await api.call('GET', `/api/mentions/${mentionIds[0]}`, { role: 'comms' })).json()) as Record<string, unknown>;
    expect(comms.linked).toBe(false);
    expect(comms).not.toHaveProperty('cases');
    expect(JSON.stringify(comms)).not.toContain('40512377');
    const unlinked = (await (await api.call('GET', `/api/mentions/${mentionIds[1]}`, { role: 'viewer' })).json()) as Record<string, unknown>;
    expect(unlinked.linked).toBe(false);

    const manager = (await (await api.call('GET', `/api/mentions/${mentionIds[0]}`, { role: 'credit_manager' })).json()) as Record<string, unknown>;
    expect(manager).toMatchObject({ linked: true, cases: [{ ref: 'LV-40512377', method: 'identifier', confidence: 0.7, status: 'suggested' }] });
  });
});

describe('DELETE /api/cases/{ref}', () => {
  it('erases the case with its identifiers, links and actions; audited with counts only', async () => {
    const res = await api.call('DELETE', '/api/cases/LV-40512377', { role: 'admin' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ erased: { identifiers: 2, links: 1, actions: 2, cases: 1, alert_notes: 0 } });
    expect(await api.deps.db.select().from(cases)).toEqual([]);
    expect(await api.deps.db.select().from(caseIdentifiers)).toEqual([]);
    expect((await api.call('GET', '/api/cases/LV-40512377')).status).toBe(404);
    const m = (await (await api.call('GET', `/api/mentions/${mentionIds[0]}`)).json()) as Record<string, unknown>;
    expect(m).toMatchObject({ linked: false, cases: [] });

    const entries = await caseAudit();
    expect(entries).toEqual([
      expect.objectContaining({
        action: 'case.erase',
        target: 'case:LV-40512377',
        actorUserId: await userId('admin'),
        details: { erased: { identifiers: 2, links: 1, actions: 2, cases: 1, alert_notes: 0 } },
      }),
    ]);
    expect(JSON.stringify(entries)).not.toContain('kim');
  });
});
