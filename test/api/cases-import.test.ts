import { beforeEach, describe, expect, it } from 'vitest';
import { auditLog, caseActions, caseIdentifiers, cases } from '../../db/schema/index.ts';
import { errorCode, setupApi, type ApiHarness } from '../helpers/api.ts';

const KEY = 'lumera-test-key-0123456789abcdef-0123456789';
let api: ApiHarness;

beforeEach(async () => {
  api = await setupApi({ EARSHOT_SECRET_KEY: KEY });
});

const CASES = [
  {
    case_ref: 'LV-40512377',
    creditor: 'Telia',
    segment: 'unable',
    country: 'lv',
    opened_at: '2026-01-05',
    status: 'open',
    amount: 120.5,
    currency: 'EUR',
    debtor_emails: ['ilze.berzina@example.test'],
    debtor_handles: ['@IlzeB'],
  },
  { case_ref: 'LV-40512378', creditor: 'Elisa', segment: 'no_info', country: 'FI', opened_at: 1767225600, status: 'paying' },
  { case_ref: 'LV-40512379', creditor: 'Elisa', segment: 'rich', country: 'FI', opened_at: '2026-01-05', status: 'open' },
  { creditor: 'Elisa', segment: 'unable', country: 'FI', opened_at: '2026-01-05', status: 'open' },
];

type Result = { new: number; updated: number; unchanged: number; skipped: { index: number; reason: string }[] };

describe('POST /api/cases', () => {
  it('imports good cases, reports bad ones by index, and is idempotent', async () => {
    const res = await api.call('POST', '/api/cases', { body: CASES });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Result;
    expect(body).toEqual({
      new: 2,
      updated: 0,
      unchanged: 0,
      skipped: [
        { index: 2, reason: expect.stringContaining('segment: invalid option') },
        { index: 3, reason: 'case_ref: missing' },
      ],
    });
    const again = (await (await api.call('POST', '/api/cases', { body: CASES })).json()) as Result;
    expect(again).toMatchObject({ new: 0, updated: 0, unchanged: 2 });
    const changed = (await (await api.call('POST', '/api/cases', { body: [{ ...CASES[1], status: 'closed', closed_at: '2026-02-01' }] })).json()) as Result;
    expect(changed).toEqual({ new: 0, updated: 1, unchanged: 0, skipped: [] });

    // Identifiers are hashed: the clear e-mail is nowhere in the stored rows, nor in the audit log.
    const stored = JSON.stringify([await api.deps.db.select().from(cases), await api.deps.db.select().from(caseIdentifiers), await api.deps.db.select().from(auditLog)]);
    expect(stored).not.toContain('ilze.berzina');
    expect(stored).not.toContain('ilzeb');
    expect(await api.deps.db.select().from(caseIdentifiers)).toHaveLength(2);
    expect((await api.deps.db.select().from(auditLog)).map((e) => e.action)).toContain('cases.import');
  });

  it('refuses identifiers without EARSHOT_SECRET_KEY with a clear 400; cases without them import fine', async () => {
    const nokey = await setupApi();
    const res = await nokey.call('POST', '/api/cases', { body: CASES.slice(0, 1) });
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('BAD_REQUEST');
    expect(await nokey.deps.db.select().from(cases)).toEqual([]);
    const plain = await nokey.call('POST', '/api/cases', { body: CASES.slice(1, 2) });
    expect(plain.status).toBe(201);
  });

  it('refuses a body that is not an array of 1 to 1,000 objects', async () => {
    for (const body of [{}, [], Array.from({ length: 1001 }, () => CASES[1])]) {
      const res = await api.call('POST', '/api/cases', { body });
      expect(res.status).toBe(400);
      expect(await errorCode(res)).toBe('BAD_REQUEST');
    }
  });

  it.each(['comms', 'viewer'] as const)('gives a %s token 403, and no token 401', async (role) => {
    const res = await api.call('POST', '/api/cases', { role, body: CASES });
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe('FORBIDDEN');
    expect((await api.call('POST', '/api/cases', { role: null, body: CASES })).status).toBe(401);
    expect(await api.deps.db.select().from(cases)).toEqual([]);
  });

  it('lets a credit_manager import', async () => {
    expect((await api.call('POST', '/api/cases', { role: 'credit_manager', body: CASES.slice(1, 2) })).status).toBe(201);
  });
});

describe('POST /api/cases/{ref}/actions', () => {
  const ACTIONS = [
    { at: '2026-01-10T21:30:00Z', channel: 'sms', action_type: 'reminder', agent: 'agent7' },
    { at: 1768080600000, channel: 'phone', action_type: 'call', outcome: 'no answer' },
    { at: '2026-01-10T21:30:00Z', channel: 'fax', action_type: 'reminder' },
    { channel: 'sms', action_type: 'reminder' },
    // The path names the case: a case_ref in the body is ignored.
    { case_ref: 'LV-OTHER', at: '2026-01-12', channel: 'letter', action_type: 'letter' },
  ];

  it("imports the case's actions, reports bad ones by index, and adds nothing on a repeat", async () => {
    await api.call('POST', '/api/cases', { body: CASES.slice(0, 2) });
    const res = await api.call('POST', '/api/cases/LV-40512377/actions', { body: ACTIONS });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({
      new: 3,
      updated: 0,
      unchanged: 0,
      skipped: [
        { index: 2, reason: expect.stringContaining('channel: invalid option') },
        { index: 3, reason: 'at: missing' },
      ],
    });
    expect(await (await api.call('POST', '/api/cases/LV-40512377/actions', { body: ACTIONS })).json()).toMatchObject({ new: 0, unchanged: 3 });
    const stored = await api.deps.db.select().from(caseActions);
    expect(stored).toHaveLength(3);
    expect(new Set(stored.map((a) => a.caseId)).size).toBe(1);
  });

  it('reports every action of an unknown case as skipped', async () => {
    const res = await api.call('POST', '/api/cases/LV-99999999/actions', { body: ACTIONS.slice(0, 2) });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({
      new: 0,
      updated: 0,
      unchanged: 0,
      skipped: [
        { index: 0, reason: 'case_ref: no case with this case_ref' },
        { index: 1, reason: 'case_ref: no case with this case_ref' },
      ],
    });
  });

  it.each(['comms', 'viewer'] as const)('gives a %s token 403', async (role) => {
    await api.call('POST', '/api/cases', { body: CASES.slice(0, 1) });
    const res = await api.call('POST', '/api/cases/LV-40512377/actions', { role, body: ACTIONS });
    expect(res.status).toBe(403);
    expect(await api.deps.db.select().from(caseActions)).toEqual([]);
  });
});
