import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { exportCorrections } from '../../src/core/corrections/export-corrections.ts';
import { reanalyse } from '../../src/core/ingest/reanalyse.ts';
import { errorCode, setupApi, type ApiHarness } from '../helpers/api.ts';

let api: ApiHarness;
let id: number;

type Detail = {
  relevant: boolean;
  sentiment: { label: string; score: number };
  tactics: string[];
  vulnerability: string[];
  escalation: string[];
  channel: string[];
  corrected: boolean;
  corrected_at: string | null;
  confidence: { field: string; label: string; probability: number; uncertain: boolean }[];
};

const TEXT = 'Lumera sent me a letter about the invoice. I paid it in full last week and asked them to confirm.';

beforeEach(async () => {
  api = await setupApi();
  const res = await api.call('POST', '/api/mentions', { body: [{ external_id: 'c1', text: TEXT, published_at: '2026-11-19T10:00:00Z', language: 'en' }] });
  id = ((await res.json()) as { ids: number[] }).ids[0]!;
});

const get = async () => (await (await api.call('GET', `/api/mentions/${id}`)).json()) as Detail;
const patch = (body: unknown, role: 'admin' | 'comms' | 'credit_manager' | 'viewer' = 'comms') => api.call('PATCH', `/api/mentions/${id}/labels`, { role, body });

describe('PATCH /api/mentions/{id}/labels', () => {
  it("returns the analyser's labels with their probabilities before anyone corrects them", async () => {
    const m = await get();
    expect(m.corrected).toBe(false);
    expect(m.corrected_at).toBeNull();
    expect(m.confidence.find((c) => c.field === 'sentiment')?.label).toBe(m.sentiment.label);
  });

  it('overrides the analysis, is shown as corrected, and is audited without any text', async () => {
    const res = await patch({ relevant: true, sentiment: 'negative', tactics: ['debt_not_owed', 'reachability'], escalation: ['regulator'] });
    expect(res.status).toBe(200);
    const m = (await res.json()) as Detail;
    expect(m).toMatchObject({
      relevant: true,
      sentiment: { label: 'negative', score: -1 },
      tactics: ['debt_not_owed', 'reachability'],
      escalation: ['regulator'],
      corrected: true,
    });
    expect(m.corrected_at).toBe('2026-11-20T12:00:00.000Z');
    expect(await get()).toMatchObject({ tactics: ['debt_not_owed', 'reachability'], corrected: true });

    // Filters see the correction.
    const listed = (await (await api.call('GET', '/api/mentions?tactic=reachability')).json()) as { items: { id: number; corrected: boolean }[] };
    expect(listed.items.map((i) => [i.id, i.corrected])).toEqual([[id, true]]);

    const audit = await api.deps.db.all<{ action: string; target: string; details: string; actor_user_id: number }>(
      sql`SELECT action, target, details, actor_user_id FROM audit_log WHERE action = 'mention.correct'`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.target).toBe(`mention:${id}`);
    const details = JSON.parse(audit[0]!.details) as { changed: Record<string, { from: unknown; to: unknown }> };
    expect(details.changed.tactics!.to).toEqual(['debt_not_owed', 'reachability']);
    expect(audit[0]!.details).not.toContain('invoice');
    expect(audit[0]!.details).not.toContain('Lumera');
  });

  it('keeps earlier corrected fields when a later correction sets others', async () => {
    await patch({ sentiment: 'negative' });
    const m = (await (await patch({ vulnerability: ['health'] }, 'credit_manager')).json()) as Detail;
    expect(m.sentiment.label).toBe('negative');
    expect(m.vulnerability).toEqual(['health']);
  });

  it('survives re-analysis of every mention', async () => {
    await patch({ sentiment: 'positive', tactics: ['agent_helpful'] });
    const r = await reanalyse(api.deps, { all: true });
    expect(r.done).toBe(1);
    expect(await get()).toMatchObject({ sentiment: { label: 'positive' }, tactics: ['agent_helpful'], corrected: true });
  });

  it('"not relevant" takes every collection label off the mention', async () => {
    await patch({ tactics: ['fees_amount'] });
    const m = (await (await patch({ relevant: false })).json()) as Detail;
    expect(m).toMatchObject({ relevant: false, tactics: [], vulnerability: [], escalation: [], channel: [] });
  });

  it('a reset brings back the analyser’s reading and is audited', async () => {
    const before = await get();
    await patch({ sentiment: before.sentiment.label === 'positive' ? 'negative' : 'positive', tactics: ['abusive_conduct'] });
    const res = await api.call('DELETE', `/api/mentions/${id}/labels`, { role: 'comms' });
    expect(res.status).toBe(200);
    const after = (await res.json()) as Detail;
    expect(after.corrected).toBe(false);
    expect(after.sentiment.label).toBe(before.sentiment.label);
    expect(after.tactics).toEqual(before.tactics);
    expect((await api.call('DELETE', `/api/mentions/${id}/labels`, { role: 'comms' })).status).toBe(404);
    const [row] = await api.deps.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM audit_log WHERE action = 'mention.correction_reset'`);
    expect(row!.n).toBe(1);
  });

  it('exports corrections as training rows: the text and only the labels a person set', async () => {
    await patch({ sentiment: 'negative', escalation: ['media'] });
    expect(await exportCorrections(api.deps)).toEqual([
      { id: `correction-${id}`, group: `correction-${id}`, language: 'en', text: TEXT, sentiment: 'negative', escalation: ['media'] },
    ]);
  });

  it('400 for unknown labels, repeated labels, unknown fields or an empty correction; 404 for no mention', async () => {
    for (const body of [{}, { tactics: ['shouting'] }, { tactics: ['fees_amount', 'fees_amount'] }, { sentiment: 'angry' }, { language: 'fi' }, 'nope']) {
      const res = await patch(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await errorCode(res)).toBe('BAD_REQUEST');
    }
    expect((await api.call('PATCH', '/api/mentions/999999/labels', { role: 'comms', body: { sentiment: 'neutral' } })).status).toBe(404);
  });

  it('401 without a token; 403 for viewers; comms, credit managers and admins may correct', async () => {
    expect((await api.call('PATCH', `/api/mentions/${id}/labels`, { role: null, body: { sentiment: 'neutral' } })).status).toBe(401);
    expect((await patch({ sentiment: 'neutral' }, 'viewer')).status).toBe(403);
    expect((await api.call('DELETE', `/api/mentions/${id}/labels`, { role: 'viewer' })).status).toBe(403);
    for (const role of ['admin', 'comms', 'credit_manager'] as const) expect((await patch({ sentiment: 'neutral' }, role)).status).toBe(200);
  });
});
