import { beforeEach, describe, expect, it } from 'vitest';
import { T0 } from '../helpers/test-deps.ts';
import { signatureHeader } from '../../src/core/signature.ts';
import { errorCode, setupApi, type ApiHarness } from '../helpers/api.ts';

const SECRET = 'a-shared-signing-secret-of-32-chars!';
const KEY = 'test-secret-key-for-sealing-credentials';
let api: ApiHarness;
let sourceId: number;

beforeEach(async () => {
  api = await setupApi({ EARSHOT_SECRET_KEY: KEY });
  const res = await api.call('POST', '/api/sources', { body: { name: 'CRM webhook', kind: 'push', config: { signing_secret: SECRET } } });
  expect(res.status).toBe(201);
  const source = (await res.json()) as { id: number; config: Record<string, unknown> };
  expect(source.config).toEqual({ signing_secret: '********' });
  sourceId = source.id;
});

const ITEMS = [
  { external_id: 'crm-1', text: 'Lumera called my mother about my debt. <b>Unacceptable</b>.', language: 'en' },
  { external_id: 'crm-2', text: 'Lumera sopi maksusuunnitelmasta nopeasti, kiitos.', language: 'fi' },
];

const push = async (body: string, signature: string | null, path = `/api/ingest/${sourceId}`) =>
  api.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'earshot-signature': signature } : {}) }, body });

describe('signed webhook push', () => {
  it('stores mentions signed with the source secret, analysed and stripped like any other; a replay is refused', async () => {
    const body = JSON.stringify(ITEMS, null, 2); // the signature covers these exact bytes, whitespace included
    const sig = await signatureHeader(SECRET, body, T0 / 1000);
    const res = await push(body, sig);
    expect(res.status).toBe(201);
    const r = (await res.json()) as { ids: number[]; new: number };
    expect(r.new).toBe(2);
    const m = (await (await api.call('GET', `/api/mentions/${r.ids[0]}`)).json()) as { text: string; sentiment: { label: string }; tactics: string[] };
    expect(m.text).toBe('Lumera called my mother about my debt. Unacceptable.');
    expect(m.tactics).toContain('third_party_contact');

    const again = await push(body, sig);
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe('CONFLICT');
  });

  it.each<[string, (body: string) => Promise<string | null>, RegExp]>([
    ['no signature', async () => null, /header is missing/],
    ['a malformed header', async () => 'sha256=abc', /not "t=<unix seconds>,v1=<hex>"/],
    ['the wrong secret', async (b) => signatureHeader('another-secret-of-thirty-two-chars!!', b, T0 / 1000), /does not match/],
    ['a tampered body', async (b) => signatureHeader(SECRET, `${b} `, T0 / 1000), /does not match/],
    ['a signature from ten minutes ago', async (b) => signatureHeader(SECRET, b, T0 / 1000 - 600), /more than 300 seconds/],
  ])('401 for %s, and nothing stored', async (_, sign, reason) => {
    const body = JSON.stringify(ITEMS);
    const res = await push(body, await sign(body));
    expect(res.status).toBe(401);
    const err = (await res.clone().json()) as { error: { message: string } };
    expect(err.error.message).toMatch(reason);
    expect(await errorCode(res)).toBe('UNAUTHORIZED');
    const list = (await (await api.call('GET', '/api/mentions')).json()) as { items: unknown[] };
    expect(list.items).toHaveLength(0);
  });

  it('the same answer for an unknown source and a source without a secret', async () => {
    const body = JSON.stringify(ITEMS);
    const sig = await signatureHeader(SECRET, body, T0 / 1000);
    const plain = (await (await api.call('POST', '/api/sources', { body: { name: 'Plain push', kind: 'push' } })).json()) as { id: number };
    for (const path of ['/api/ingest/999', `/api/ingest/${plain.id}`]) {
      const res = await push(body, sig, path);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/does not accept signed pushes/);
    }
  });

  it('a correctly signed but invalid body is a 400 naming the problem; a paused source answers 409', async () => {
    const bad = JSON.stringify([{ text: '' }]);
    const res = await push(bad, await signatureHeader(SECRET, bad, T0 / 1000));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/0\.text/);
    const notJson = '{oops';
    expect((await push(notJson, await signatureHeader(SECRET, notJson, T0 / 1000))).status).toBe(400);

    await api.call('PATCH', `/api/sources/${sourceId}`, { body: { is_paused: true } });
    const body = JSON.stringify(ITEMS);
    expect((await push(body, await signatureHeader(SECRET, body, T0 / 1000))).status).toBe(409);
  });

  it('credentials need EARSHOT_SECRET_KEY, and are kept when a form sends the mask back', async () => {
    const keyless = await setupApi();
    const res = await keyless.call('POST', '/api/sources', { body: { name: 'Hook', kind: 'push', config: { signing_secret: SECRET } } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/EARSHOT_SECRET_KEY/);

    const patched = await api.call('PATCH', `/api/sources/${sourceId}`, { body: { config: { signing_secret: '********' }, name: 'CRM hook' } });
    expect(patched.status).toBe(200);
    const body = JSON.stringify(ITEMS);
    expect((await push(body, await signatureHeader(SECRET, body, T0 / 1000))).status).toBe(201);
    const stored = await api.deps.db.query.sources.findFirst();
    expect(JSON.stringify(stored?.config)).not.toContain(SECRET);
  });
});
