import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAlert } from '../../db/queries/alerts.ts';
import { getSource } from '../../db/queries/sources.ts';
import { findUserByEmail } from '../../db/queries/users.ts';
import { createUser } from '../../src/core/auth/accounts.ts';
import { setupApi, type ApiHarness } from '../helpers/api.ts';
import { logInOverHttp, serveApp } from '../helpers/serve-app.ts';

// Issue 14, item 15: every dashboard form is held to the API's zod schemas; bad input is a 400 page, never a 500.
const PASSWORD = 'a long enough password';
let api: ApiHarness;
let server: Awaited<ReturnType<typeof serveApp>>;
let session: { cookie: string; csrf: string };
let alertId: number;
let mentionId: number;
let ruleId: number;
let viewerId: number;

beforeAll(async () => {
  api = await setupApi({ EARSHOT_SECRET_KEY: 'unit-secret-key-0123456789-0123456789' });
  await createUser(api.deps, { email: 'admin-forms@test.local', role: 'admin', password: PASSWORD });
  const pushed = await api.call('POST', '/api/mentions', { body: [{ text: 'Lumera called me nine times today.', external_id: 'forms-1' }] });
  mentionId = ((await pushed.json()) as { ids: number[] }).ids[0]!;
  const raised = await api.call('POST', `/api/mentions/${mentionId}/alert`, { body: { reason: 'check this' } });
  alertId = ((await raised.json()) as { alert_id: number }).alert_id;
  const rule = await api.call('POST', '/api/alert-rules', { body: { name: 'Low ratings', kind: 'low_rating' } });
  ruleId = ((await rule.json()) as { id: number }).id;
  viewerId = (await findUserByEmail(api.deps.db, 'viewer@test.local'))!.id;
  server = await serveApp(api.app);
  session = await logInOverHttp(server.base, 'admin-forms@test.local', PASSWORD);
});

afterAll(() => server?.close());

function post(path: string, form: Record<string, string>) {
  return fetch(`${server.base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: session.cookie, origin: server.base, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...form, _csrf: session.csrf }).toString(),
  });
}

describe('dashboard forms are validated like the API', () => {
  it('assigning an alert to "abc" is a 400 page naming the field, and the alert is unchanged', async () => {
    const res = await post(`/alerts/${alertId}/assign`, { value: 'abc' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('assignee');
    expect(html).not.toContain('Something went wrong');
    expect((await getAlert(api.deps.db, alertId))!.assigneeUserId).toBeNull();
  });

  it('bulk buttons change every ticked alert, one audited change each, and skip alerts that are gone', async () => {
    const body = new URLSearchParams({ _csrf: session.csrf, action: 'assign-me', back: '/alerts?status=' });
    // A collapsed card ticks several alerts with one box: "12,13".
    for (const id of [`${alertId},999999`, 'x']) body.append('ids', id);
    const res = await fetch(`${server.base}/alerts/bulk`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: session.cookie, origin: server.base, 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/alerts?status=&done=bulk-assign-me&n=1');
    const admin = (await findUserByEmail(api.deps.db, 'admin-forms@test.local'))!;
    expect((await getAlert(api.deps.db, alertId))!.assigneeUserId).toBe(admin.id);
    const page = await fetch(`${server.base}/alerts?status=&done=bulk-assign-me&n=1`, { headers: { cookie: session.cookie } });
    expect(await page.text()).toContain('Assigned to you: 1 alert.');
    await api.deps.db.run(sql`UPDATE alerts SET assignee_user_id = NULL WHERE id = ${alertId}`);
    expect((await post('/alerts/bulk', { action: 'explode' })).status).toBe(404);
  });

  it('a refused channel keeps what was typed, never the secret, and names the box to fix', async () => {
    const typed = { name: 'Desk <hook>', kind: 'webhook', min_severity: 'high', url: 'https://hooks.example.com/earshot', secret: 'too-short-secret', roles: 'comms' };
    const res = await post('/alerts/settings/channels', typed);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/Signing secret: [^<]*32/);
    expect(html).not.toContain('config.secret');
    expect(html).toContain('value="Desk &lt;hook&gt;"');
    expect(html).toContain('value="https://hooks.example.com/earshot"');
    expect(html).toMatch(/<option value="webhook" selected/);
    expect(html).toMatch(/<option value="high" selected/);
    expect(html).toMatch(/value="comms" checked/);
    expect(html).not.toContain('too-short-secret');
    const ok = await post('/alerts/settings/channels', { ...typed, name: 'Desk hook', secret: 'a-long-enough-signing-secret-for-tests-0123456789' });
    expect([ok.status, ok.headers.get('location')]).toEqual([303, '/alerts/settings?done=channel']);
  });

  it('edits a source: saved and audited like the API; a refused form keeps what was typed and says why', async () => {
    const made = (await (await api.call('POST', '/api/sources', { body: { name: 'Forum', kind: 'rss', url: 'https://forum.example.com/feed.xml' } })).json()) as { id: number };
    await api.call('POST', '/api/sources', { body: { name: 'Other', kind: 'rss', url: 'https://other.example.com/feed.xml' } });
    const form = await (await fetch(`${server.base}/sources/${made.id}/edit`, { headers: { cookie: session.cookie } })).text();
    expect(form).toContain('value="Forum"');
    expect(form).toContain('value="15"'); // minutes
    const saved = await post(`/sources/${made.id}/edit`, { name: 'Forum LV', brand: 'Lumera', url: 'https://forum.example.com/feed.xml', minutes: '30', paused: '1' });
    expect([saved.status, saved.headers.get('location')]).toEqual([303, `/sources?done=updated&id=${made.id}`]);
    expect((await getSource(api.deps.db, made.id))!).toMatchObject({ name: 'Forum LV', brand: 'Lumera', pollIntervalSeconds: 1800, isPaused: true });
    const bad = await post(`/sources/${made.id}/edit`, { name: 'Forum typed <b>', brand: '', url: 'https://forum.example.com/feed.xml', minutes: 'soon' });
    expect(bad.status).toBe(400);
    const page = await bad.text();
    expect(page).toContain('Poll every: give a whole number of minutes from 1 to 1440.');
    expect(page).toContain('value="Forum typed &lt;b&gt;"');
    const clash = await post(`/sources/${made.id}/edit`, { name: 'Other', brand: '', url: 'https://forum.example.com/feed.xml', minutes: '30' });
    expect(clash.status).toBe(409);
    expect(await clash.text()).toContain('value="Other"');
    expect((await getSource(api.deps.db, made.id))!.name).toBe('Forum LV');
  });

  it("a value outside the API's choices is refused with its reason, not silently replaced", async () => {
    const label = await post(`/mentions/${mentionId}/labels`, { sentiment: 'furious' });
    expect(label.status).toBe(400);
    expect(await label.text()).toContain('sentiment');
    const raise = await post(`/mentions/${mentionId}/alert`, { severity: 'apocalyptic', reason: 'again' });
    expect(raise.status).toBe(400);
    expect(await raise.text()).toContain('severity');
    const mute = await post('/alerts/settings/mutes', { market: 'lv', hours: 'soon' });
    expect(mute.status).toBe(400);
    expect(await mute.text()).toContain('until');
    expect((await (await api.call('GET', '/api/alert-mutes')).json()) as unknown).toEqual({ items: [], next_cursor: null, mutes: [] });
  });

  it('no hostile value in any form gives a 500', async () => {
    const junk = ['abc', '-1', '1e400', '99999999999999999999', '', ' ', 'NaN', '<script>x</script>', 'x'.repeat(3000)];
    const forms: [string, string[]][] = [
      [`/alerts/${alertId}/assign`, ['value']],
      [`/alerts/${alertId}/snooze`, ['value']],
      [`/alerts/${alertId}/note`, ['value']],
      [`/mentions/${mentionId}/alert`, ['severity', 'reason']],
      [`/mentions/${mentionId}/labels`, ['relevant', 'sentiment', 'tactics']],
      [`/alerts/settings/rules/${ruleId}`, ['maxStars', 'threshold', 'minMentions']],
      ['/alerts/settings/mutes', ['rule_kind', 'market', 'source_kind', 'hours', 'reason']],
      ['/alerts/settings/channels', ['name', 'kind', 'url', 'to', 'secret', 'min_severity']],
      ['/digest/settings', ['cron', 'time_zone', 'sender', 'enabled']],
      ['/digest/recipients', ['email', 'role', 'time_zone', 'language', 'name']],
      ['/cases/reference-format', ['creditor', 'format']],
      ['/sources', ['kind', 'name', 'url', 'interval']],
      [`/users/${viewerId}/role`, ['role']],
    ];
    const problems: string[] = [];
    for (const [path, fields] of forms) {
      for (const value of junk) {
        const res = await post(path, Object.fromEntries(fields.map((f) => [f, value])));
        if (res.status >= 500) problems.push(`${path} ${JSON.stringify(value.slice(0, 20))}: ${res.status}`);
      }
    }
    expect(problems).toEqual([]);
  }, 60_000);
});
