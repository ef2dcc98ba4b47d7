// The mention list as CSV: the page's filters, what the list shows, no cell a spreadsheet would run, the cited case
// references only for roles that may read cases, and every download audited without the mentions' text.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/core/auth/accounts.ts';
import { setupApi, type ApiHarness } from '../helpers/api.ts';
import { logInOverHttp, serveApp } from '../helpers/serve-app.ts';

const PASSWORD = 'a long enough password';
let api: ApiHarness;
let server: Awaited<ReturnType<typeof serveApp>>;

beforeAll(async () => {
  api = await setupApi();
  const pushed = await api.call('POST', '/api/mentions', {
    body: [
      { external_id: 'a', author: '=cmd|calc', text: '=HYPERLINK("http://evil.example","Lumera") called me 9 times today about case 40512377, "really".', language: 'en' },
      { external_id: 'b', author: 'Ana', text: 'Lumera, thank you for the payment plan.\nVery kind agent.', language: 'en' },
    ],
  });
  expect(pushed.status).toBe(201);
  for (const [email, role] of [
    ['csv-viewer@test.local', 'viewer'],
    ['csv-manager@test.local', 'credit_manager'],
  ] as const)
    await createUser(api.deps, { email, role, password: PASSWORD });
  server = await serveApp(api.app);
});

afterAll(() => server?.close());

const download = async (email: string, query: string) => {
  const { cookie } = await logInOverHttp(server.base, email, PASSWORD);
  const res = await fetch(`${server.base}/mentions.csv${query}`, { headers: { cookie } });
  return { res, body: await res.text() };
};

describe('GET /mentions.csv', () => {
  it('gives the filtered list with formulas defused and text quoted, without case references for a viewer', async () => {
    const { res, body } = await download('csv-viewer@test.local', '?sentiment=negative');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="earshot-mentions-\d{4}-\d\d-\d\d\.csv"/);
    const lines = body.split('\r\n');
    expect(lines[0]).toBe('id,published_at,source,url,author,title,text,language,relevant,sentiment,sentiment_score,tactics,channels,vulnerability,payer_stance,escalation');
    expect(lines).toHaveLength(3); // header, one negative mention, and the final line break
    expect(lines[1]).toContain(`,'=cmd|calc,`);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""Lumera"") called me 9 times today about case 40512377, ""really"".`);
    expect(lines[1]).toContain(',negative,');
  });

  it('adds the cited case references for a credit manager, and every mention without filters', async () => {
    const { body } = await download('csv-manager@test.local', '');
    const [header, ...rows] = body.trim().split('\r\n');
    expect(header!.endsWith(',escalation,case_refs')).toBe(true);
    expect(body).toContain('40512377');
    // The second mention's line break stays inside its quoted cell.
    expect(body).toContain('"Lumera, thank you for the payment plan.\nVery kind agent."');
    expect(rows.filter((r) => /^\d+,/.test(r))).toHaveLength(2);
  });

  it('is audited with the filters and the count, never the text; a bad filter is a 400 that says why', async () => {
    const rows = await api.deps.db.all<{ details: string }>(sql`SELECT details FROM audit_log WHERE action = 'mention.export' ORDER BY id`);
    expect(rows.map((r) => JSON.parse(r.details))).toEqual([
      { filters: { sentiment: 'negative' }, rows: 1 },
      { filters: {}, rows: 2 },
    ]);
    expect(rows.map((r) => r.details).join()).not.toMatch(/HYPERLINK|calc|Ana/);
    const bad = await download('csv-viewer@test.local', '?from=yesterday');
    expect(bad.res.status).toBe(400);
    expect(bad.body).toContain('is not a date');
  });
});
