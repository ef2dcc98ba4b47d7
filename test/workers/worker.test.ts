import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, inject, it } from 'vitest';
import worker from '../../src/runtime/worker.ts';

const TOKEN = 'workers-admin-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };

async function call(path: string, init: RequestInit = {}) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`http://earshot.test${path}`, init), env as never, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe('Earshot on workerd with D1', () => {
  it('answers health and serves the API with auth', async () => {
    expect((await call('/api/health')).status).toBe(200);
    expect((await call('/api/mentions')).status).toBe(401);
    expect((await call('/api/mentions', { headers: auth })).status).toBe(200);
  });

  it('a scheduled event polls a feed on 127.0.0.1 and stores analysed mentions', async () => {
    const created = await call('/api/sources', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Feed', kind: 'rss', url: `${inject('feedBase')}/lumera.xml` }),
    });
    expect(created.status).toBe(201);

    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: Date.now() }), env as never, ctx);
    await waitOnExecutionContext(ctx);

    const list = (await (await call('/api/mentions', { headers: auth })).json()) as { items: { title: string; sentiment: { label: string } }[] };
    expect(list.items.map((i) => i.title)).toEqual(['Piedzinēji', 'Kind agent', 'Calls every day']);
    expect(list.items[2]!.sentiment.label).toBe('negative');
  });
});
