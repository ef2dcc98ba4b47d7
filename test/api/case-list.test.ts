import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorCode, setupApi, type ApiHarness } from '../helpers/api.ts';
import { seedCase, seedTacticsExample } from '../helpers/cases-fixture.ts';

// The cases of test/helpers/cases-fixture.ts (LV-40512371 … 75, all opened on 1 Sep, every one with a linked
// complaint), and one more: LT-123456 of Bite, paying, no complaint.

let api: ApiHarness;
beforeAll(async () => {
  api = await setupApi();
  await seedTacticsExample(api.deps.db);
  const lt = await seedCase(api.deps.db, { ref: 'LT-123456', creditor: 'Bite', segment: 'willing_able', country: 'LT', team: 'C' });
  await api.deps.db.run(sql`UPDATE cases SET status = 'paying' WHERE id = ${lt}`);
});

type Item = { case_ref: string; creditor: string; team: string | null; status: string; actions: number; last_action_at: string | null; complaints: number };
type Page = { items: Item[]; next_cursor: string | null };

const list = async (query: string, role: 'credit_manager' | 'admin' = 'credit_manager') => {
  const res = await api.call('GET', `/api/cases${query}`, { role });
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
};
const refs = (p: Page) => p.items.map((i) => i.case_ref);

describe('GET /api/cases', () => {
  it('lists cases, the most recently opened first, with their actions and linked complaints', async () => {
    const page = await list('');
    expect(refs(page)).toEqual(['LT-123456', 'LV-40512375', 'LV-40512374', 'LV-40512373', 'LV-40512372', 'LV-40512371']);
    expect(page.next_cursor).toBeNull();
    const byRef = Object.fromEntries(page.items.map((i) => [i.case_ref, [i.actions, i.complaints]]));
    // LV-1: 3 actions, m1 and m2; LV-3: m3 and m9; LV-4: m9 (m5 is positive, m6 not relevant); LV-5: m8
    expect(byRef).toEqual({ 'LT-123456': [0, 0], 'LV-40512375': [2, 1], 'LV-40512374': [1, 1], 'LV-40512373': [2, 2], 'LV-40512372': [2, 1], 'LV-40512371': [3, 2] });
    expect(page.items[0]!.last_action_at).toBeNull();
    expect(page.items[1]!.last_action_at).toBe('2026-10-12T12:00:00.000Z');
  });

  it('filters by creditor, team, status and linked complaints', async () => {
    expect(refs(await list('?creditor=Telia'))).toEqual(['LV-40512372', 'LV-40512371']);
    expect(refs(await list('?team=B'))).toEqual(['LV-40512374', 'LV-40512373']);
    expect(refs(await list('?status=paying'))).toEqual(['LT-123456']);
    expect(refs(await list('?with_complaints=true'))).not.toContain('LT-123456');
    expect(refs(await list('?with_complaints=true&creditor=Elisa&team=B'))).toEqual(['LV-40512374', 'LV-40512373']);
  });

  it('finds a case by any written form of its reference', async () => {
    for (const form of ['LV-40512373', 'lv 4051 2373', '4051-2373', '40512373']) expect(refs(await list(`?ref=${encodeURIComponent(form)}`)), form).toEqual(['LV-40512373']);
    // A start of the digits finds every case they start; without digits, the start of the reference.
    expect(refs(await list('?ref=4051237'))).toHaveLength(5);
    expect(refs(await list('?ref=lt'))).toEqual(['LT-123456']);
    expect(refs(await list('?ref=%25'))).toEqual([]); // LIKE's wildcard is only a character
    expect(refs(await list('?ref=99999'))).toEqual([]);
  });

  it('pages with a cursor, never showing a case twice', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await list(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...refs(page));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toEqual(refs(await list('')));
  });

  it('is for roles that may read cases, refuses bad input, and is audited with its filters', async () => {
    expect((await api.call('GET', '/api/cases', { role: 'comms' })).status).toBe(403);
    expect((await api.call('GET', '/api/cases', { role: 'viewer' })).status).toBe(403);
    expect((await api.call('GET', '/api/cases', { role: null })).status).toBe(401);
    const bad = await api.call('GET', '/api/cases?status=lost', { role: 'credit_manager' });
    expect([bad.status, await errorCode(bad)]).toEqual([400, 'BAD_REQUEST']);
    expect((await api.call('GET', '/api/cases?cursor=nonsense', { role: 'credit_manager' })).status).toBe(400);

    await list('?ref=4051%202373&creditor=Elisa');
    const [entry] = await api.deps.db.all<{ action: string; target: string; details: string }>(
      sql`SELECT action, target, details FROM audit_log WHERE action = 'case.list' ORDER BY id DESC LIMIT 1`,
    );
    expect(entry!.target).toBe('cases');
    expect(JSON.parse(entry!.details)).toEqual({ filters: { creditor: 'Elisa', ref: '4051 2373' }, shown: 1 });
  });
});
