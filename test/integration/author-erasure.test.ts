// Erasing an author (issue 14, items 4 and 5): any author string a source delivers, compared Unicode case-folded,
// for mentions stored before author keys existed too; and what staff wrote about the person goes with them, also
// when a case is erased.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { openAlert, type NewAlert } from '../../db/queries/alerts.ts';
import { ensureSends } from '../../db/queries/digest-delivery.ts';
import { insertSource } from '../../db/queries/sources.ts';
import { alertEvents, alerts, caseIdentifiers, cases, digestSends, mentions } from '../../db/schema/index.ts';
import { prune } from '../../jobs/prune.ts';
import { createUser } from '../../src/core/auth/accounts.ts';
import { eraseAuthorByName, eraseCaseByRef } from '../../src/core/cases/erase.ts';
import { identifierHasher } from '../../src/core/cases/identifiers.ts';
import { AppError } from '../../src/core/errors.ts';
import { storeMentions } from '../../src/core/ingest/store-mentions.ts';
import type { IncomingMention } from '../../src/core/ingest/incoming-mention.ts';
import { changeAlert } from '../../src/core/alerts/lifecycle.ts';
import { raiseAlertFromMention } from '../../src/actions/alerts/raise.ts';
import { makeTestDeps, T0 } from '../helpers/test-deps.ts';

const KEY = 'test-secret-key-for-lumera-identifiers-0123456789';

const entry = (key: string, author: string | null, text = 'Lumera called me again today.'): IncomingMention => ({
  externalKey: key,
  url: null,
  author,
  title: null,
  text,
  publishedAt: T0,
  languageHint: 'en',
});

async function setup() {
  const { deps } = await makeTestDeps({ EARSHOT_SECRET_KEY: KEY });
  const source = (await insertSource(deps.db, { name: 'Forum', kind: 'push' })).id;
  return { deps, source };
}

const authors = async (db: Db) => (await db.select().from(mentions)).map((m) => m.author).sort();

describe('erasing an author', () => {
  it('finds non-ASCII handles however they were written, and display names', async () => {
    const { deps, source } = await setup();
    const [c] = await deps.db
      .insert(cases)
      .values({ caseRef: 'LV-40512377', creditor: 'Dzelme', segment: 'unable', country: 'LV', openedAt: T0, status: 'open', rowHash: 'x' })
      .returning();
    const hasher = (await identifierHasher(KEY))!;
    await deps.db.insert(caseIdentifiers).values({ caseId: c!.id, kind: 'handle', hash: await hasher('handle', 'žanis_ķ') });
    await storeMentions(deps, source, [
      entry('a', '@ŽANIS_Ķ'),
      entry('b', 'Z\u030Canis_K\u0327'), // the same handle, decomposed and in mixed case
      entry('c', 'Zanis_K'), // someone else: diacritics are not case
      entry('d', 'Kim V'),
      entry('e', '  KIM   v '),
      entry('f', 'Kim Vu'),
      entry('g', 'STRASSE'),
      entry('h', 'ΣΟΦΟΣ'),
    ]);

    expect(await eraseAuthorByName(deps, '@ŽANIS_Ķ', null)).toMatchObject({ identifiers: 1, mentions: 2 });
    expect(await eraseAuthorByName(deps, 'Kim V', null)).toMatchObject({ mentions: 2 });
    expect(await eraseAuthorByName(deps, 'straße', null)).toMatchObject({ mentions: 1 });
    expect(await eraseAuthorByName(deps, 'σοφος', null)).toMatchObject({ mentions: 1 });
    expect(await authors(deps.db)).toEqual(['Kim Vu', 'Zanis_K']);
  });

  it('refuses an empty author with a clear error and erases nothing', async () => {
    const { deps, source } = await setup();
    await storeMentions(deps, source, [entry('a', '@')]);
    const err = await eraseAuthorByName(deps, ' @ ', null).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await authors(deps.db)).toEqual(['@']);
  });

  it('finds mentions stored before author keys existed; prune fills their keys in batches', async () => {
    const { deps, source } = await setup();
    // Rows as migration 0010 found them: author, no key.
    await deps.db.run(sql`
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500)
      INSERT INTO mentions (source_id, external_key, author, text, published_at, first_seen_at, updated_at, content_hash)
      SELECT ${source}, 'old-' || i, CASE WHEN i % 1000 = 0 THEN '@ŽANIS_Ķ' ELSE 'someone ' || i END, 'Lumera wrote to me.', ${T0}, ${T0}, ${T0}, 'h'
      FROM n`);
    expect((await prune(deps)).counts).toMatchObject({ author_keys_filled: 2500 });
    expect((await prune(deps)).counts).toMatchObject({ author_keys_filled: 0 });
    expect(await deps.db.all(sql`SELECT count(*) AS n FROM mentions WHERE author_key = 'žanis_ķ'`)).toEqual([{ n: 2 }]);

    await deps.db.run(sql`UPDATE mentions SET author_key = NULL`);
    expect(await eraseAuthorByName(deps, 'žanis_ķ', null)).toMatchObject({ mentions: 2 });
    expect(await deps.db.all(sql`SELECT count(*) AS n FROM mentions`)).toEqual([{ n: 2498 }]);
  });

  it("redacts the notes and by-hand reasons of alerts on the author's mentions, and drops digest sends to their address", async () => {
    const { deps, source } = await setup();
    const staff = await createUser(deps, { email: 'ana@lumera.example', role: 'comms' });
    await storeMentions(deps, source, [entry('a', 'Kim.V@example.com', 'Lumera phoned me at night.'), entry('b', 'someone_else')]);
    const [kims, other] = (await deps.db.select().from(mentions)).sort((x, y) => x.id - y.id);
    const kimsAlert = await raiseAlertFromMention(deps, staff, kims!.id, { reason: 'Kim Vītola again, see the case file' });
    const otherAlert = await raiseAlertFromMention(deps, staff, other!.id, { reason: 'Loud post' });
    await changeAlert(deps, kimsAlert, { note: 'Called Kim back; she is on a payment plan' }, staff.id);
    await changeAlert(deps, otherAlert, { note: 'Answered in the thread' }, staff.id);
    await ensureSends(
      deps.db,
      [
        { email: 'kim.v@example.com', week: '2026-W47', role: 'viewer' },
        { email: 'ana@lumera.example', week: '2026-W47', role: 'comms' },
      ],
      T0,
    );

    expect(await eraseAuthorByName(deps, 'KIM.V@EXAMPLE.COM', null)).toMatchObject({ mentions: 1, alert_notes: 1, alert_reasons: 1, digest_sends: 1 });

    const notes = (await deps.db.select().from(alertEvents)).filter((e) => e.type === 'note');
    expect(notes.map((e) => [e.alertId, e.detail])).toEqual([
      [kimsAlert, { note: '(erased on request)' }],
      [otherAlert, { note: 'Answered in the thread' }],
    ]);
    const rows = (await deps.db.select().from(alerts)).sort((x, y) => x.id - y.id);
    expect(rows.map((a) => [a.reasons, a.mentionCount])).toEqual([
      [['(erased on request)'], 0],
      [['Loud post'], 1],
    ]);
    expect((await deps.db.select().from(digestSends)).map((s) => s.email)).toEqual(['ana@lumera.example']);
    expect(JSON.stringify(await deps.db.all(sql`SELECT * FROM audit_log`)).toLowerCase()).not.toContain('kim');
  });

  it('erasing a case redacts the notes on its alerts', async () => {
    const { deps } = await setup();
    const staff = await createUser(deps, { email: 'ana@lumera.example', role: 'credit_manager' });
    const [c] = await deps.db
      .insert(cases)
      .values({ caseRef: 'LV-40512377', creditor: 'Dzelme', segment: 'unable', country: 'LV', openedAt: T0, status: 'open', rowHash: 'x' })
      .returning();
    const base: Omit<NewAlert, 'groupKey' | 'caseId'> = {
      ruleId: null,
      ruleKind: 'open_case',
      severity: 'medium',
      title: 'Mention linked to an open case',
      reasons: ['Linked to an open collection case'],
      evidence: null,
      brand: null,
      market: 'lv',
      sourceKind: null,
      mentions: [],
      at: T0,
    };
    await openAlert(deps.db, { ...base, groupKey: 'open_case|case:1', caseId: c!.id });
    await openAlert(deps.db, { ...base, groupKey: 'open_case|lv', caseId: null });
    const [onCase, other] = (await deps.db.select().from(alerts)).sort((x, y) => x.id - y.id);
    await changeAlert(deps, onCase!.id, { note: 'Ieva Kalniņa asked for a payment plan' }, staff.id);
    await changeAlert(deps, other!.id, { note: 'Nothing to do' }, staff.id);

    expect(await eraseCaseByRef(deps, 'LV-40512377', null)).toMatchObject({ cases: 1, alert_notes: 1 });
    const notes = (await deps.db.select().from(alertEvents)).filter((e) => e.type === 'note');
    expect(notes.map((e) => e.detail)).toEqual([{ note: '(erased on request)' }, { note: 'Nothing to do' }]);
  });
});
