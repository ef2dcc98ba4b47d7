import { beforeEach, describe, expect, it } from 'vitest';
import { errorCode, setupApi, type ApiHarness } from '../helpers/api.ts';

let api: ApiHarness;
beforeEach(async () => {
  api = await setupApi();
});

const message = async (res: Response) => ((await res.json()) as { error: { message: string } }).error.message;

describe('digest API', () => {
  it('has a default schedule, Monday 07:00, and takes a new one with clear errors', async () => {
    expect(await (await api.call('GET', '/api/digest/settings')).json()).toEqual({ cron: '0 7 * * 1', time_zone: 'UTC', sender: null, enabled: true });
    const set = await api.call('PUT', '/api/digest/settings', { body: { cron: '30 6 * * 1', time_zone: 'Europe/Riga', sender: 'Earshot <digest@lumera.example>', enabled: true } });
    expect(await set.json()).toEqual({ cron: '30 6 * * 1', time_zone: 'Europe/Riga', sender: 'Earshot <digest@lumera.example>', enabled: true });
    const badCron = await api.call('PUT', '/api/digest/settings', { body: { cron: '0 25 * * 1', time_zone: 'UTC', sender: null, enabled: true } });
    expect(badCron.status).toBe(400);
    expect(await message(badCron)).toMatch(/cron.*hour: "25" is outside 0–23/);
    const badTz = await api.call('PUT', '/api/digest/settings', { body: { cron: '0 7 * * 1', time_zone: 'Mars/Olympus', sender: null, enabled: true } });
    expect(await message(badTz)).toMatch(/time_zone.*IANA/);
    expect(await errorCode(await api.call('GET', '/api/digest/settings', { role: 'comms' }))).toBe('FORBIDDEN');
  });

  it('adds, changes and removes recipients; a repeated address is a 409; audited', async () => {
    const res = await api.call('POST', '/api/digest/recipients', { body: { email: 'Ana@Lumera.example', role: 'comms', time_zone: 'Europe/Riga', language: 'lv' } });
    expect(res.status).toBe(201);
    const r = (await res.json()) as { id: number };
    expect(r).toMatchObject({ email: 'ana@lumera.example', role: 'comms', time_zone: 'Europe/Riga', language: 'lv', enabled: true });
    expect((await api.call('POST', '/api/digest/recipients', { body: { email: 'ana@lumera.example', role: 'viewer' } })).status).toBe(409);
    expect(await message(await api.call('POST', '/api/digest/recipients', { body: { email: 'bo@lumera.example', role: 'viewer', language: 'de' } }))).toMatch(/language/);
    const changed = await api.call('PATCH', `/api/digest/recipients/${r.id}`, { body: { role: 'credit_manager', enabled: false } });
    expect(await changed.json()).toMatchObject({ role: 'credit_manager', enabled: false });
    expect((await api.call('DELETE', `/api/digest/recipients/${r.id}`)).status).toBe(204);
    expect((await api.call('DELETE', `/api/digest/recipients/${r.id}`)).status).toBe(404);
    const audit = (await api.deps.db.query.auditLog.findMany()).map((e) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['digest.recipient_add', 'digest.recipient_update', 'digest.recipient_remove']));
  });

  it("previews a week's digest: everyone their own role's, admins any role's", async () => {
    const own = await api.call('GET', '/api/digest/preview?week=2026-W47', { role: 'comms' });
    expect(own.status).toBe(200);
    const body = (await own.json()) as { week: string; role: string; subject: string; html: string; text: string };
    expect(body).toMatchObject({ week: '2026-W47', role: 'comms' });
    expect(body.subject).toMatch(/2026-W47/);
    expect(body.html).toMatch(/^<!doctype html>/i);
    expect(await errorCode(await api.call('GET', '/api/digest/preview?week=2026-W47&role=credit_manager', { role: 'comms' }))).toBe('FORBIDDEN');
    expect((await api.call('GET', '/api/digest/preview?week=2026-W47&role=credit_manager')).status).toBe(200);
    expect(await message(await api.call('GET', '/api/digest/preview?week=2026-W60'))).toMatch(/week.*ISO week like 2026-W47/);
  });
});
