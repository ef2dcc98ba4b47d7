import { beforeEach, describe, expect, it } from 'vitest';
import { errorCode, setupApi, type ApiHarness } from '../helpers/api.ts';

let api: ApiHarness;

const sample = [
  {
    external_id: 'a1',
    title: 'Lumera keeps calling',
    text: 'Lumera called me 9 times today and threatened court. Terrible.',
    published_at: '2026-11-18T10:00:00Z',
    url: 'https://example.com/a1',
    author: 'kim',
  },
  { external_id: 'a2', text: 'The Lumera agent was very helpful and we agreed a payment plan. Thank you!', published_at: '2026-11-19T10:00:00Z' },
  { external_id: 'a3', text: 'Piedzinēji no Lumera zvana katru dienu, tas ir briesmīgi.', published_at: '2026-11-20T09:00:00Z', language: 'lv' },
];

type Item = { id: number; text: string; language: string; sentiment: { label: string }; tactics: string[] };

beforeEach(async () => {
  api = await setupApi();
});

describe('POST /api/mentions', () => {
  it('stores, analyses and returns ids in order; a second push stores nothing twice', async () => {
    const res = await api.call('POST', '/api/mentions', { body: sample });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { ids: number[]; new: number; unchanged: number };
    expect(body.ids).toHaveLength(3);
    expect(new Set(body.ids).size).toBe(3);
    expect(body.new).toBe(3);

    const again = (await (await api.call('POST', '/api/mentions', { body: sample })).json()) as typeof body;
    expect(again.ids).toEqual(body.ids);
    expect(again.new).toBe(0);
    expect(again.unchanged).toBe(3);

    const list = (await (await api.call('GET', '/api/mentions')).json()) as { items: Item[] };
    expect(list.items).toHaveLength(3);
  });

  it('strips HTML from pushed text and updates an edited mention instead of duplicating it', async () => {
    const [first] = (
      (await (await api.call('POST', '/api/mentions', { body: [{ external_id: 'h', text: '<p>Hello <script>alert(1)</script><b>Lumera</b></p>' }] })).json()) as { ids: number[] }
    ).ids;
    const m = (await (await api.call('GET', `/api/mentions/${first}`)).json()) as Item;
    expect(m.text).not.toContain('<');
    expect(m.text).not.toContain('alert');
    expect(m.text).toContain('Lumera');

    const res = await api.call('POST', '/api/mentions', { body: [{ external_id: 'h', text: 'Edited: Lumera was rude on the phone.' }] });
    const edited = (await res.json()) as { ids: number[]; updated: number };
    expect(edited.ids).toEqual([first]);
    expect(edited.updated).toBe(1);
    const after = (await (await api.call('GET', `/api/mentions/${first}`)).json()) as Item;
    expect(after.text).toBe('Edited: Lumera was rude on the phone.');
  });

  it('400 on invalid bodies, with the field named', async () => {
    for (const body of [{}, [], [{ title: 'no text' }], [{ text: 'x', published_at: 'yesterday' }], [{ text: 'x', url: 'javascript:alert(1)' }], 'not json']) {
      const res = await api.call('POST', '/api/mentions', { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await errorCode(res)).toBe('BAD_REQUEST');
    }
  });

  it('401 without a token, 403 for roles that may not push', async () => {
    expect((await api.call('POST', '/api/mentions', { role: null, body: sample })).status).toBe(401);
    for (const role of ['viewer', 'comms', 'credit_manager'] as const) {
      const res = await api.call('POST', '/api/mentions', { role, body: sample });
      expect(res.status).toBe(403);
      expect(await errorCode(res)).toBe('FORBIDDEN');
    }
  });

  it('404 for an unknown push source, 400 for a feed source', async () => {
    expect((await api.call('POST', '/api/mentions?source=999', { body: sample })).status).toBe(404);
    const feed = (await (await api.call('POST', '/api/sources', { body: { name: 'F', kind: 'rss', url: 'https://example.com/f.xml' } })).json()) as { id: number };
    expect((await api.call('POST', `/api/mentions?source=${feed.id}`, { body: sample })).status).toBe(400);
  });
});

describe('GET /api/mentions', () => {
  beforeEach(async () => {
    await api.call('POST', '/api/mentions', { body: sample });
  });

  it('lists newest first with analysis fields, for every role', async () => {
    for (const role of ['admin', 'comms', 'credit_manager', 'viewer'] as const) {
      const res = await api.call('GET', '/api/mentions', { role });
      expect(res.status).toBe(200);
      const { items, next_cursor } = (await res.json()) as { items: Record<string, unknown>[]; next_cursor: string | null };
      expect(next_cursor).toBeNull();
      expect(items.map((i) => i.published_at)).toEqual(['2026-11-20T09:00:00.000Z', '2026-11-19T10:00:00.000Z', '2026-11-18T10:00:00.000Z']);
      for (const key of ['id', 'source_id', 'url', 'author', 'title', 'text', 'language', 'published_at', 'sentiment', 'tactics']) {
        expect(items[0]).toHaveProperty(key);
      }
    }
  });

  it('filters by language, sentiment, tactic, dates, source and full-text search', async () => {
    const get = async (qs: string) => ((await (await api.call('GET', `/api/mentions?${qs}`)).json()) as { items: Item[] }).items;
    expect((await get('language=lv')).map((i) => i.language)).toEqual(['lv']);
    expect((await get('sentiment=positive')).every((i) => i.sentiment.label === 'positive')).toBe(true);
    expect((await get('sentiment=positive')).length).toBeGreaterThan(0);
    expect((await get('tactic=payment_plan')).map((i) => i.text)).toEqual([sample[1]!.text]);
    expect(await get('from=2026-11-19&to=2026-11-19')).toHaveLength(1);
    expect(await get('from=2026-11-19T00:00:00Z')).toHaveLength(2);
    expect((await get('q=threatened')).map((i) => i.text)).toEqual([sample[0]!.text]);
    expect(await get('q=payment%20plan')).toHaveLength(1);
    expect(await get('q=%22unbalanced')).toHaveLength(0);
    expect(await get('source=999')).toHaveLength(0);
  });

  it('paginates with a cursor without skipping or repeating', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await api.call('GET', `/api/mentions?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      const page = (await res.json()) as { items: Item[]; next_cursor: string | null };
      seen.push(...page.items.map((i) => i.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
  });

  it('400 on bad filters and cursors; 401 without or with a wrong token', async () => {
    for (const qs of ['language=xx', 'sentiment=angry', 'tactic=nope', 'from=yesterday', 'limit=0', 'limit=1000', 'cursor=garbage']) {
      const res = await api.call('GET', `/api/mentions?${qs}`);
      expect(res.status, qs).toBe(400);
      expect(await errorCode(res)).toBe('BAD_REQUEST');
    }
    expect((await api.call('GET', '/api/mentions', { role: null })).status).toBe(401);
    const wrong = await api.call('GET', '/api/mentions', { token: 'esk_not-a-real-token' });
    expect(wrong.status).toBe(401);
    expect(await errorCode(wrong)).toBe('UNAUTHORIZED');
  });
});

describe('GET /api/mentions/:id', () => {
  it('returns the analysis with evidence pointing into the analysed text', async () => {
    const { ids } = (await (await api.call('POST', '/api/mentions', { body: sample })).json()) as { ids: number[] };
    const res = await api.call('GET', `/api/mentions/${ids[0]}`, { role: 'viewer' });
    expect(res.status).toBe(200);
    const m = (await res.json()) as Item & { evidence: { match: string; start?: number; end?: number }[]; title: string };
    expect(m.sentiment.label).toBe('negative');
    expect(m.evidence.length).toBeGreaterThan(0);
    const analysed = `${m.title}\n\n${m.text}`;
    for (const e of m.evidence.filter((e) => e.start !== undefined)) {
      expect(analysed.slice(e.start, e.end).toLowerCase()).toBe(e.match.toLowerCase());
    }
  });

  it('404 for unknown, 400 for non-numeric, 401 without token', async () => {
    const res = await api.call('GET', '/api/mentions/12345');
    expect(res.status).toBe(404);
    expect(await errorCode(res)).toBe('NOT_FOUND');
    expect((await api.call('GET', '/api/mentions/abc')).status).toBe(400);
    expect((await api.call('GET', '/api/mentions/1', { role: null })).status).toBe(401);
  });
});
