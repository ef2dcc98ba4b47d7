import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { errorCode, setupApi, type ApiHarness } from '../helpers/api.ts';
import { serveBody, startFeedServer } from '../helpers/feed-server.ts';

// Issue 14, item 9: sealed credentials stay with the server they were entered for. Re-pointing a source (its url,
// api_base, auth_base or instance) to another origin needs them entered again; the same origin keeps them.

const KEY = 'source-credentials-test-key-0123456789abcdef';
const JSON_BODY = JSON.stringify({ data: [{ id: '1', text: 'Lumera called me again' }] });
type SourceJson = { id: number; url: string | null; config: Record<string, unknown> };

let api: ApiHarness;
let home: Awaited<ReturnType<typeof startFeedServer>>;
let attacker: Awaited<ReturnType<typeof startFeedServer>>;
beforeAll(async () => {
  home = await startFeedServer({ '/posts.json': serveBody(JSON_BODY, 'application/json'), '/v2/posts.json': serveBody(JSON_BODY, 'application/json') });
  attacker = await startFeedServer({ '/posts.json': serveBody(JSON_BODY, 'application/json') });
});
afterAll(async () => {
  await home.close();
  await attacker.close();
});
beforeEach(async () => {
  api = await setupApi({ EARSHOT_SECRET_KEY: KEY });
});

const jsonSource = async () => {
  const res = await api.call('POST', '/api/sources', {
    body: { name: 'Partner API', kind: 'json', url: home.url('/posts.json'), config: { items: '/data', id: '/id', text: '/text', headers: { 'X-Api-Key': 'sekrit-key' } } },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as SourceJson;
};
const patch = (id: number, body: unknown) => api.call('PATCH', `/api/sources/${id}`, { body });
const poll = (id: number) => api.call('POST', `/api/sources/${id}/poll`);

describe('credentials when a source is re-pointed', () => {
  it('a new url on another origin is refused without the credentials, and nothing is sent there', async () => {
    const s = await jsonSource();
    for (const body of [{ url: attacker.url('/posts.json') }, { url: attacker.url('/posts.json'), config: { ...s.config } }]) {
      const res = await patch(s.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const err = (await res.clone().json()) as { error: { message: string } };
      expect(await errorCode(res)).toBe('BAD_REQUEST');
      expect(err.error.message).toBe('config.headers: the source now sends its requests to another server; enter the credentials again');
    }
    // Still pointing home, with its key: a poll goes there and nowhere else.
    expect(((await (await api.call('GET', `/api/sources/${s.id}`)).json()) as SourceJson).url).toBe(home.url('/posts.json'));
    expect((await poll(s.id)).status).toBe(200);
    expect(home.hits.at(-1)!.headers['x-api-key']).toBe('sekrit-key');
    expect(attacker.hits).toHaveLength(0);
  });

  it('the same origin keeps them; another origin with the credentials entered again is accepted', async () => {
    const s = await jsonSource();
    expect((await patch(s.id, { url: home.url('/v2/posts.json') })).status).toBe(200);
    await poll(s.id);
    expect(home.hits.at(-1)).toMatchObject({ path: '/v2/posts.json', headers: { 'x-api-key': 'sekrit-key' } });

    const moved = await patch(s.id, { url: attacker.url('/posts.json'), config: { ...s.config, headers: { 'X-Api-Key': 'key-for-the-new-server' } } });
    expect(moved.status).toBe(200);
    await poll(s.id);
    expect(attacker.hits.at(-1)!.headers['x-api-key']).toBe('key-for-the-new-server');
  });

  it('a changed api_base counts as much as a changed url', async () => {
    const created = await api.call('POST', '/api/sources', {
      body: { name: 'Trustpilot', kind: 'trustpilot', config: { business_unit_id: 'abcdefgh12345678', api_key: 'sekrit-key', api_base: home.url('/v1') } },
    });
    expect(created.status).toBe(201);
    const s = (await created.json()) as SourceJson;
    expect(s.config.api_key).toBe('********');
    const away = await patch(s.id, { config: { ...s.config, api_base: attacker.url('/v1') } });
    expect(away.status).toBe(400);
    expect(((await away.json()) as { error: { message: string } }).error.message).toBe(
      'config.api_key: the source now sends its requests to another server; enter the credentials again',
    );
    // Same server, another path: fine.
    expect((await patch(s.id, { config: { ...s.config, api_base: home.url('/v2') } })).status).toBe(200);
    // Other settings change freely.
    expect((await patch(s.id, { config: { ...s.config, api_base: home.url('/v2'), language: 'sv' } })).status).toBe(200);
  });
});
