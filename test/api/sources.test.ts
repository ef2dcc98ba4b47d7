import { beforeEach, describe, expect, it } from 'vitest';
import { errorCode, setupApi, type ApiHarness } from '../helpers/api.ts';

let api: ApiHarness;
beforeEach(async () => {
  api = await setupApi();
});

type SourceJson = { id: number; name: string; kind: string; url: string | null; is_paused: boolean; poll_interval_seconds: number; error_count: number; last_error: string | null };

const create = async (body: unknown) => api.call('POST', '/api/sources', { body });

describe('sources API', () => {
  it('creates, reads, lists, updates and deletes a feed source', async () => {
    const res = await create({ name: 'Forum', kind: 'rss', url: 'https://forum.example.com/feed.xml', poll_interval_seconds: 600 });
    expect(res.status).toBe(201);
    const s = (await res.json()) as SourceJson;
    expect(s).toMatchObject({ name: 'Forum', kind: 'rss', is_paused: false, poll_interval_seconds: 600, error_count: 0, last_error: null });

    expect(((await (await api.call('GET', `/api/sources/${s.id}`, { role: 'viewer' })).json()) as SourceJson).name).toBe('Forum');
    const list = (await (await api.call('GET', '/api/sources', { role: 'comms' })).json()) as { items: SourceJson[] };
    expect(list.items.map((i) => i.name)).toEqual(['Forum']);

    const patched = await api.call('PATCH', `/api/sources/${s.id}`, { body: { is_paused: true, name: 'Forum FI' } });
    expect(patched.status).toBe(200);
    expect((await patched.json()) as SourceJson).toMatchObject({ is_paused: true, name: 'Forum FI' });

    expect((await api.call('DELETE', `/api/sources/${s.id}`)).status).toBe(204);
    expect((await api.call('GET', `/api/sources/${s.id}`)).status).toBe(404);
    expect((await api.call('DELETE', `/api/sources/${s.id}`)).status).toBe(404);
  });

  it('warns, in words, when another source already polls the address; a new source is "new" until polled', async () => {
    const first = (await (await create({ name: 'Forum', kind: 'rss', url: 'https://forum.example.com/feed.xml' })).json()) as SourceJson & { warnings: string[]; health: string };
    expect(first.warnings).toEqual([]);
    expect(first.health).toBe('new');
    const res = await create({ name: 'Forum again', kind: 'rss', url: 'https://www.forum.example.com/feed.xml?utm_medium=rss' });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { warnings: string[] }).warnings).toEqual([
      `“Forum” (#${first.id}) already polls this address: a mention both bring in is stored once, and the other counts it as a duplicate.`,
    ]);
  });

  it('400 for invalid sources, 409 for a duplicate name', async () => {
    for (const body of [
      {},
      { name: 'x', kind: 'rss' },
      { name: 'x', kind: 'rss', url: 'ftp://x/y' },
      { name: 'x', kind: 'rss', url: 'javascript:alert(1)' },
      { name: '', kind: 'rss', url: 'https://a.b/' },
      { name: 'x', kind: 'telepathy' },
      { name: 'x', kind: 'rss', url: 'https://a.b/', poll_interval_seconds: 1 },
    ]) {
      const res = await create(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await errorCode(res)).toBe('BAD_REQUEST');
    }
    expect((await create({ name: 'Dup', kind: 'rss', url: 'https://a.b/' })).status).toBe(201);
    const dup = await create({ name: 'Dup', kind: 'rss', url: 'https://a.b/2' });
    expect(dup.status).toBe(409);
    expect(await errorCode(dup)).toBe('CONFLICT');
    expect((await api.call('PATCH', '/api/sources/1', { body: { poll_interval_seconds: 'often' } })).status).toBe(400);
    expect((await api.call('PATCH', '/api/sources/999', { body: { is_paused: true } })).status).toBe(404);
    expect((await api.call('GET', '/api/sources/abc')).status).toBe(400);
  });

  it('401 without a token; only admins may change sources', async () => {
    expect((await api.call('GET', '/api/sources', { role: null })).status).toBe(401);
    const ok = (await (await create({ name: 'A', kind: 'rss', url: 'https://a.b/' })).json()) as SourceJson;
    for (const role of ['viewer', 'comms', 'credit_manager'] as const) {
      expect((await api.call('POST', '/api/sources', { role, body: { name: 'B', kind: 'rss', url: 'https://a.b/' } })).status).toBe(403);
      expect((await api.call('PATCH', `/api/sources/${ok.id}`, { role, body: { is_paused: true } })).status).toBe(403);
      expect((await api.call('DELETE', `/api/sources/${ok.id}`, { role })).status).toBe(403);
    }
  });
});

describe('health, OpenAPI, metrics, errors', () => {
  it('health needs no token', async () => {
    const res = await api.call('GET', '/api/health', { role: null });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', database: 'ok' });
  });

  it('serves an OpenAPI 3.1 document listing the routes', async () => {
    const doc = (await (await api.call('GET', '/api/openapi.json', { role: null })).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/mentions', '/api/mentions/{id}', '/api/sources', '/api/sources/{id}', '/api/health']));
  });

  it('unknown API paths answer 404 in the error shape with a request id', async () => {
    const res = await api.call('GET', '/api/nothing-here');
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { requestId: string } };
    expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('sends a strict CSP and other security headers', async () => {
    const res = await api.call('GET', '/api/health', { role: null });
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });
});

describe('/metrics', () => {
  it('is off without a metrics token and protected by it when set', async () => {
    expect((await api.call('GET', '/metrics', { role: null })).status).toBe(404);
    const m = await setupApi({ EARSHOT_METRICS_TOKEN: 'metrics-token-0123456789' });
    await m.call('GET', '/api/mentions');
    await m.call('POST', '/api/mentions', { body: [{ text: 'Lumera called twice today.' }, { text: 'Lumera was helpful.' }] });
    expect((await m.call('GET', '/metrics', { role: null })).status).toBe(401);
    expect((await m.call('GET', '/metrics', { token: m.tokens.admin })).status).toBe(401);
    const res = await m.call('GET', '/metrics', { token: 'metrics-token-0123456789' });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('# TYPE earshot_http_requests_total counter');
    expect(text).toMatch(/earshot_http_requests_total\{method="GET",route="\/api\/mentions",status="200"\} 1/);
    expect(text).toContain('earshot_http_request_duration_seconds_bucket');
    expect(text).toContain('earshot_mentions_stored_total{kind="new"} 2');
  });
});
