import { runJob } from '../../jobs/run-job.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureSends } from '../../db/queries/digest-delivery.ts';
import { setupApi, type ApiHarness } from '../helpers/api.ts';
import { seedTacticsExample } from '../helpers/cases-fixture.ts';

// Every list the API answers comes in one envelope, {items, next_cursor}; a list that answered under another key
// before keeps it, with the same items, marked deprecated, for one release (CHANGELOG.md).

const PERIOD = 'by=action_type&from=2026-10-01&to=2026-10-31';

/** Every list route: a query that finds something, and the key it answered under before the envelope. */
const LISTS: [path: string, query: string, legacyKey: string | null][] = [
  ['/api/mentions', '', null],
  ['/api/sources', '', null],
  ['/api/creditors', '', null],
  ['/api/cases', '', null],
  ['/api/steps/rules', '', null],
  ['/api/steps/effects', '', null],
  ['/api/alerts', '', 'alerts'],
  ['/api/alert-rules', '', 'rules'],
  ['/api/alert-mutes', '', 'mutes'],
  ['/api/notification-channels', '', 'channels'],
  ['/api/users', '', 'users'],
  ['/api/tokens', '', 'tokens'],
  ['/api/digest/recipients', '', 'recipients'],
  ['/api/digest/sends', '?week=2026-W47', 'sends'],
  ['/api/analytics/tactics', `?${PERIOD}`, 'groups'],
  ['/api/analytics/topics', `?${PERIOD}`, 'groups'],
  ['/api/analytics/trend', `?${PERIOD}`, 'groups'],
];

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  deprecated?: boolean;
  description?: string;
  minItems?: number;
  maxItems?: number;
};
type Doc = { paths: Record<string, { get?: { responses: Record<string, { content?: Record<string, { schema: Schema }> }> } }> };

let api: ApiHarness;
beforeAll(async () => {
  api = await setupApi({ EARSHOT_SECRET_KEY: 'list-envelope-test-secret-key-0123456789' });
  await seedTacticsExample(api.deps.db);
  await runJob(api.deps, 'next-steps');
  // One of everything, so that no list is trivially empty.
  const [mention] = ((await (await api.call('GET', '/api/mentions?limit=1')).json()) as { items: { id: number }[] }).items;
  const made = [
    await api.call('POST', `/api/mentions/${mention!.id}/alert`, { body: { reason: 'Seen on the evening news' } }),
    await api.call('POST', '/api/alert-rules', { body: { name: 'Regulators', kind: 'escalation' } }),
    await api.call('POST', '/api/alert-mutes', { body: { market: 'fi' } }),
    await api.call('POST', '/api/notification-channels', { body: { name: 'Desk', kind: 'email', config: { to: ['desk@lumera.example'] } } }),
    await api.call('POST', '/api/digest/recipients', { body: { email: 'ana@lumera.example', role: 'comms' } }),
  ];
  expect(made.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
  await ensureSends(api.deps.db, [{ email: 'ana@lumera.example', week: '2026-W47', role: 'comms' }], api.clock.now());
});

describe('one list envelope', () => {
  it.each(LISTS)('GET %s answers {items, next_cursor} (and its old key, if it had one, with the same items)', async (path, query, legacyKey) => {
    const res = await api.call('GET', path + query);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Array.isArray(body.items)).toBe(true);
    expect((body.items as unknown[]).length).toBeGreaterThan(0);
    expect(body.next_cursor).toBeNull();
    const extra = Object.keys(body).filter((k) => k !== 'items' && k !== 'next_cursor');
    if (legacyKey) expect(body[legacyKey]).toEqual(body.items);
    // Besides the envelope, only the old key (and the trend's bucket length) is left.
    expect(extra).toEqual(legacyKey === null ? [] : path.endsWith('/trend') ? [legacyKey, 'bucket_days'] : [legacyKey]);
  });

  it('a paged list gives a next_cursor until its last page', async () => {
    const first = (await (await api.call('GET', '/api/mentions?limit=1')).json()) as { items: { id: number }[]; next_cursor: string | null };
    expect(first.items).toHaveLength(1);
    expect(typeof first.next_cursor).toBe('string');
    const all = (await (await api.call('GET', '/api/mentions?limit=200')).json()) as { items: unknown[]; next_cursor: string | null };
    expect(all.items.length).toBeGreaterThan(1);
    expect(all.next_cursor).toBeNull();
  });

  it('the OpenAPI document gives every list route the envelope, and marks each old key deprecated', async () => {
    const doc = (await (await api.call('GET', '/api/openapi.json', { role: null })).json()) as Doc;
    const lists = Object.entries(doc.paths).flatMap(([path, ops]) => {
      const schema = ops.get?.responses['200']?.content?.['application/json']?.schema;
      // A list is an array of records of no set length; an array of strings (a pair's two values) or of a fixed
      // number of slots (the 24 hours of a day) is a field.
      const arrays = Object.entries(schema?.properties ?? {}).filter(
        ([, p]) => p.type === 'array' && p.items?.type !== 'string' && (p.minItems === undefined || p.minItems !== p.maxItems),
      );
      return arrays.length ? [[path, schema!, arrays] as const] : [];
    });
    // Found by their shape, so a list route added later without the envelope fails here.
    expect(lists.map(([path]) => path).sort()).toEqual(LISTS.map(([path]) => path).sort());
    for (const [path, schema, arrays] of lists) {
      const legacyKey = LISTS.find(([p]) => p === path)![2];
      expect(schema.required, path).toEqual(expect.arrayContaining(['items', 'next_cursor']));
      expect(schema.properties!.next_cursor!.type, path).toEqual(['string', 'null']);
      expect(schema.properties!.items!.deprecated, path).toBeUndefined();
      const deprecated = arrays.filter(([, p]) => p.deprecated).map(([key]) => key);
      expect(deprecated, path).toEqual(legacyKey ? [legacyKey] : []);
      expect(arrays.map(([key]) => key).sort(), path).toEqual(['items', ...deprecated].sort());
      if (legacyKey) {
        expect(schema.properties![legacyKey]!.items, path).toEqual(schema.properties!.items!.items);
        expect(schema.properties![legacyKey]!.description, path).toMatch(/^Deprecated: the same as `items`/);
      }
    }
  });
});
