import { beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema/index.ts';
import { setupApi, errorCode, type ApiHarness } from '../helpers/api.ts';

let api: ApiHarness;

const caseRow = (ref: string, creditor: string) => ({ case_ref: ref, creditor, segment: 'unable', country: 'LV', opened_at: '2026-08-01T00:00:00Z', status: 'open' });

beforeEach(async () => {
  api = await setupApi();
  const res = await api.call('POST', '/api/cases', {
    role: 'credit_manager',
    body: [caseRow('LV-40512377', 'Telia Latvija'), caseRow('LV-61448102', 'Telia Latvija'), caseRow('EL-1234567', 'Elisa')],
  });
  expect(res.status).toBe(201);
  const m = await api.call('POST', '/api/mentions', {
    body: [{ external_id: 'm1', text: 'Lumera still has not answered about LV-40512377.', published_at: '2026-11-18T10:00:00Z' }],
  });
  expect(m.status).toBe(201);
});

const put = (creditor: string, body: unknown, role: 'credit_manager' | 'comms' | 'viewer' | 'admin' = 'credit_manager') =>
  api.call('PUT', `/api/creditors/${encodeURIComponent(creditor)}/reference-format`, { role, body });

describe('GET /api/creditors', () => {
  it('lists the creditors of the cases with their case counts and formats', async () => {
    const res = await api.call('GET', '/api/creditors', { role: 'credit_manager' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      items: [
        { creditor: 'Elisa', cases: 1, reference_format: null, updated_at: null, updated_by: null },
        { creditor: 'Telia Latvija', cases: 2, reference_format: null, updated_at: null, updated_by: null },
      ],
      next_cursor: null,
    });
  });

  it('is for roles that may read cases', async () => {
    expect(await errorCode(await api.call('GET', '/api/creditors', { role: 'comms' }))).toBe('FORBIDDEN');
    expect(await errorCode(await api.call('GET', '/api/creditors', { role: null }))).toBe('UNAUTHORIZED');
  });
});

describe('PUT /api/creditors/{creditor}/reference-format', () => {
  it('sets the format, re-links stored mentions at once and audits it; null clears it', async () => {
    const res = await put('Telia Latvija', { format: 'LV-########' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ creditor: 'Telia Latvija', reference_format: 'LV-########', relinked: { mentions: 1, links_added: 1, links_removed: 0 } });
    const list = (await (await api.call('GET', '/api/creditors', { role: 'credit_manager' })).json()) as {
      items: { creditor: string; reference_format: string | null; updated_at: string | null }[];
    };
    expect(list.items.find((c) => c.creditor === 'Telia Latvija')).toMatchObject({ reference_format: 'LV-########', updated_at: expect.any(String) });
    const view = (await (await api.call('GET', '/api/cases/LV-40512377', { role: 'credit_manager' })).json()) as { links: { method: string; confidence: number }[] };
    expect(view.links).toEqual([expect.objectContaining({ method: 'case_ref', confidence: 0.95 })]);

    const cleared = await put('Telia Latvija', { format: null });
    expect(await cleared.json()).toMatchObject({ reference_format: null, relinked: { links_removed: 1 } });
    const entries = (await api.deps.db.select().from(auditLog)).filter((e) => e.action.startsWith('creditor.'));
    expect(entries.map((e) => [e.action, e.target])).toEqual([
      ['creditor.reference_format_set', 'creditor:Telia Latvija'],
      ['creditor.reference_format_clear', 'creditor:Telia Latvija'],
    ]);
    expect(entries[0]!.details).toMatchObject({ format: 'LV-########', relinked: { links_added: 1 } });
  });

  it.each([
    [{ format: 'LV-###' }, 'format: needs at least 4 positions'],
    [{ format: 'LV-' + '#'.repeat(40) }, 'format: at most 40 characters'],
    [{ format: '(a+)+' }, 'format: needs at least 4 positions'],
    [{ format: 'AAAA' }, 'format: needs at least one "#"'],
    [{}, 'format'],
    [{ format: 12345678 }, 'format'],
  ])('refuses %j with a clear 400', async (body, message) => {
    const res = await put('Telia Latvija', body);
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toBe('BAD_REQUEST');
    expect(json.error.message).toContain(message);
  });

  it('404 for a creditor no case names; 403 for comms and viewers', async () => {
    expect((await put('Nobody', { format: 'LV-########' })).status).toBe(404);
    expect(await errorCode(await put('Telia Latvija', { format: 'LV-########' }, 'comms'))).toBe('FORBIDDEN');
    expect((await put('Telia Latvija', { format: 'LV-########' }, 'viewer')).status).toBe(403);
    expect((await put('Telia Latvija', { format: 'LV-########' }, 'admin')).status).toBe(200);
  });
});
