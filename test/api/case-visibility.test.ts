// What roles without `cases:read` may learn about links (issue 14, item 10): that a mention is linked only when its
// own words cite the case, and never who wrote the mentions of an alert on a case.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caseIdentifiers, cases } from '../../db/schema/index.ts';
import type { Role } from '../../db/schema/constants.ts';
import { createUser } from '../../src/core/auth/accounts.ts';
import { identifierHasher } from '../../src/core/cases/identifiers.ts';
import { evaluateAlerts } from '../../src/core/alerts/evaluate.ts';
import { setupApi, type ApiHarness } from '../helpers/api.ts';
import { logInOverHttp, serveApp } from '../helpers/serve-app.ts';
import { T0 } from '../helpers/test-deps.ts';

const KEY = 'test-secret-key-for-lumera-identifiers-0123456789';
const DAY = 86_400_000;
let api: ApiHarness;
let server: Awaited<ReturnType<typeof serveApp>>;
let byIdentity: number;
let byReference: number;

const get = async (path: string, role: Role) =>
  (await fetch(`${server.base}${path}`, { headers: { authorization: `Bearer ${api.tokens[role]}` } })).json() as Promise<Record<string, unknown>>;

beforeEach(async () => {
  api = await setupApi({ EARSHOT_SECRET_KEY: KEY });
  server = await serveApp(api.app);
  const db = api.deps.db;
  const [c] = await db
    .insert(cases)
    .values({ caseRef: 'LV-40512377', creditor: 'Dzelme', segment: 'unable', country: 'LV', openedAt: T0 - 90 * DAY, status: 'open', rowHash: 'x' })
    .returning();
  await db.insert(caseIdentifiers).values({ caseId: c!.id, kind: 'handle', hash: await (await identifierHasher(KEY))!('handle', 'kim_v') });
  await evaluateAlerts(api.deps); // alerting starts after what is stored: nothing yet
  const res = await fetch(`${server.base}/api/mentions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${api.tokens.admin}`, 'content-type': 'application/json' },
    body: JSON.stringify([
      { external_id: 'm1', author: 'kim_v', text: 'Lumera called me 9 times today and threatened me. Terrible.', published_at: '2026-11-20T10:00:00Z' },
      { external_id: 'm2', author: 'ona_p', text: 'Lumera called me 9 times today about case 40512377. Terrible.', published_at: '2026-11-20T11:00:00Z' },
    ]),
  });
  [byIdentity, byReference] = ((await res.json()) as { ids: number[] }).ids as [number, number];
});

afterEach(() => server.close());

describe('links and authors for roles without cases:read', () => {
  it('GET /api/mentions/:id says "linked" only for a link by the case reference the mention cites', async () => {
    for (const role of ['viewer', 'comms'] as const) {
      expect(await get(`/api/mentions/${byIdentity}`, role)).toMatchObject({ author: 'kim_v', linked: false });
      expect(await get(`/api/mentions/${byReference}`, role)).toMatchObject({ linked: true });
    }
    expect(await get(`/api/mentions/${byIdentity}`, 'credit_manager')).toMatchObject({ linked: true, cases: [{ ref: 'LV-40512377', method: 'identifier' }] });
  });

  it('the dashboard mention page shows the link to a viewer the same way', async () => {
    await createUser(api.deps, { email: 'vera@lumera.example', role: 'viewer', password: 'a long viewer passphrase' });
    const { cookie } = await logInOverHttp(server.base, 'vera@lumera.example', 'a long viewer passphrase');
    const page = async (id: number) => (await fetch(`${server.base}/mentions/${id}`, { headers: { cookie } })).text();
    expect(await page(byIdentity)).not.toContain('data-testid="linked-cases"');
    expect(await page(byReference)).toContain('data-testid="linked-cases"');
  });

  it('an alert on a case lists its mentions without their authors, except for roles that may read cases', async () => {
    await evaluateAlerts(api.deps);
    const inbox = (await get('/api/alerts', 'viewer')) as { alerts: { id: number; linked_case: boolean }[] };
    const onCase = inbox.alerts.filter((a) => a.linked_case);
    expect(onCase.length).toBeGreaterThan(0);
    for (const { id } of onCase) {
      for (const role of ['viewer', 'comms'] as const) {
        const alert = (await get(`/api/alerts/${id}`, role)) as { mentions: { id: number; author: string | null }[] };
        expect(alert.mentions.map((m) => m.id)).toContain(byIdentity);
        expect(alert.mentions.every((m) => m.author === null)).toBe(true);
        expect(JSON.stringify(alert)).not.toContain('kim_v');
      }
      const manager = (await get(`/api/alerts/${id}`, 'credit_manager')) as { mentions: { author: string | null }[] };
      expect(manager.mentions.map((m) => m.author)).toContain('kim_v');
    }
  });
});
