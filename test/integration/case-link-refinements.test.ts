import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { casesByRefDigits, mentionIdsCitingRefs } from '../../db/queries/case-links.ts';
import { insertSource } from '../../db/queries/sources.ts';
import { insertUser } from '../../db/queries/users.ts';
import * as schema from '../../db/schema/index.ts';
import { cases, mentionAuthorHashes, mentionCaseRefs, mentions } from '../../db/schema/index.ts';
import { prune } from '../../jobs/prune.ts';
import { setCreditorReferenceFormat } from '../../src/actions/cases/reference-format.ts';
import { setReferenceFormat } from '../../src/core/cases/creditor-formats.ts';
import { eraseAuthorByName } from '../../src/core/cases/erase.ts';
import { storeCases, type CaseItem } from '../../src/core/cases/import-cases.ts';
import { storeMentions } from '../../src/core/ingest/store-mentions.ts';
import type { IncomingMention } from '../../src/core/ingest/incoming-mention.ts';
import { MIGRATIONS_DIR, migrateDb } from '../../src/runtime/db-libsql.ts';
import { makeTestDeps, T0 } from '../helpers/test-deps.ts';

const KEY = 'test-secret-key-for-lumera-identifiers-0123456789';
const DAY = 86_400_000;

const entry = (key: string, o: Partial<IncomingMention>): IncomingMention => ({
  externalKey: key,
  url: null,
  author: null,
  title: null,
  text: 'Lumera called me again today.',
  publishedAt: T0,
  languageHint: 'en',
  ...o,
});

const caseItem = (ref: string, o: Partial<CaseItem> = {}): CaseItem => ({
  caseRef: ref,
  creditor: 'Telia',
  segment: 'unable',
  country: 'LV',
  openedAt: T0 - 90 * DAY,
  closedAt: null,
  status: 'open',
  amount: null,
  currency: null,
  language: null,
  team: null,
  identifiers: [],
  ...o,
});

async function setup(env: Record<string, string> = { EARSHOT_SECRET_KEY: KEY }) {
  const { deps, clock } = await makeTestDeps(env);
  const source = (await insertSource(deps.db, { name: 'Forum', kind: 'push' })).id;
  const links = async () => {
    const rows = await deps.db.all<{ key: string; ref: string; method: string; confidence: number; status: string }>(sql`
      SELECT m.external_key AS key, c.case_ref AS ref, l.method, l.confidence, l.status FROM mention_case_links l
      JOIN mentions m ON m.id = l.mention_id JOIN cases c ON c.id = l.case_id ORDER BY m.external_key, c.case_ref`);
    return rows.map((r) => ({ ...r, confidence: Number(r.confidence) }));
  };
  return { deps, clock, source, links };
}

describe('reference formats per creditor', () => {
  it('a reference fitting the format is found without a cue word and matched exactly (0.95)', async () => {
    const { deps, source, links } = await setup();
    await storeCases(deps, [caseItem('LV-40512377'), caseItem('LV-61448102'), caseItem('EL-40512377', { creditor: 'Elisa' })]);
    await setReferenceFormat(deps, 'Telia', 'LV-########', null);
    await storeMentions(deps, source, [
      entry('a', { text: 'Still no answer from Lumera about LV-40512377, three weeks now.' }),
      entry('b', { title: 'Lumera again', text: 'They wrote to me about lv 61448102 and want fees.' }),
      entry('c', { text: 'Lumera says LV-99999999 is closed.' }),
      entry('d', { text: 'Lumera wrote about XLV-40512377.' }),
    ]);
    expect(await links()).toEqual([
      { key: 'a', ref: 'LV-40512377', method: 'case_ref', confidence: 0.95, status: 'suggested' },
      { key: 'b', ref: 'LV-61448102', method: 'case_ref', confidence: 0.95, status: 'suggested' },
    ]);
  });

  it('a cited number whose digits collide with a case of a creditor with a format links only as the format or bare digits', async () => {
    const { deps, source, links } = await setup();
    await storeCases(deps, [caseItem('LV-29123456'), caseItem('EL-29123457', { creditor: 'Elisa' })]);
    await setReferenceFormat(deps, 'Telia', 'LV-########', null);
    await storeMentions(deps, source, [
      entry('spaced', { text: 'Lumera called me 9 times about account 2912 3456, this is harassment.' }),
      entry('bare', { text: 'Lumera called me 9 times about account 29123456, this is harassment.' }),
      // Elisa has no format: today's digit matching.
      entry('other', { text: 'Lumera called me 9 times about account 2912 3457, this is harassment.' }),
    ]);
    expect(await links()).toEqual([
      { key: 'bare', ref: 'LV-29123456', method: 'case_ref', confidence: 0.9, status: 'suggested' },
      { key: 'other', ref: 'EL-29123457', method: 'case_ref', confidence: 0.9, status: 'suggested' },
    ]);
  });

  it('setting and clearing a format re-links stored mentions at once; confirmed links stay', async () => {
    const { deps, source, links } = await setup();
    await storeCases(deps, [caseItem('LV-29123456'), caseItem('LV-40512377'), caseItem('LV-61448102')]);
    await storeMentions(deps, source, [
      entry('spaced', { text: 'Lumera called me 9 times about account 2912 3456, this is harassment.' }),
      entry('nocue', { text: 'Lumera and LV-40512377: still waiting.' }),
      entry('kept', { text: 'Lumera called me 9 times about account 6144 8102, this is harassment.' }),
      entry('old', { text: 'Lumera and LV-40512377 again.', publishedAt: T0 - 400 * DAY }),
    ]);
    await deps.db.run(sql`UPDATE mention_case_links SET status = 'confirmed' WHERE case_id = (SELECT id FROM cases WHERE case_ref = 'LV-61448102')`);
    expect(await links()).toEqual([
      { key: 'kept', ref: 'LV-61448102', method: 'case_ref', confidence: 0.9, status: 'confirmed' },
      { key: 'spaced', ref: 'LV-29123456', method: 'case_ref', confidence: 0.9, status: 'suggested' },
    ]);

    const set = await setReferenceFormat(deps, 'Telia', 'LV-########', null);
    expect(set.relinked).toEqual({ mentions: 3, links_added: 1, links_removed: 1 }); // two citing, one recent; the old one is beyond 90 days
    expect(await links()).toEqual([
      { key: 'kept', ref: 'LV-61448102', method: 'case_ref', confidence: 0.9, status: 'confirmed' },
      { key: 'nocue', ref: 'LV-40512377', method: 'case_ref', confidence: 0.95, status: 'suggested' },
    ]);

    const cleared = await setReferenceFormat(deps, 'Telia', null, null);
    expect(cleared.relinked).toMatchObject({ links_added: 1, links_removed: 1 });
    expect(await links()).toEqual([
      { key: 'kept', ref: 'LV-61448102', method: 'case_ref', confidence: 0.9, status: 'confirmed' },
      { key: 'spaced', ref: 'LV-29123456', method: 'case_ref', confidence: 0.9, status: 'suggested' },
    ]);
  });

  it('a case imported after mentions that write its reference in the format (cue word or not) links them', async () => {
    const { deps, source, links } = await setup();
    await storeCases(deps, [caseItem('LV-61448102')]);
    await setReferenceFormat(deps, 'Telia', 'LV-########', null);
    await storeMentions(deps, source, [
      entry('a', { text: 'Lumera wrote to me about case LV-40512377.' }),
      entry('b', { text: 'Lumera and LV40512377: no answer for weeks.' }),
      entry('c', { text: 'Lumera, lv 40512377, still nothing.' }),
      entry('d', { text: 'Lumera called from 40512377 again.' }), // the digits alone, no cue: not the format
    ]);
    await storeCases(deps, [caseItem('LV-40512377')]);
    expect(await links()).toEqual([
      { key: 'a', ref: 'LV-40512377', method: 'case_ref', confidence: 0.95, status: 'suggested' },
      { key: 'b', ref: 'LV-40512377', method: 'case_ref', confidence: 0.95, status: 'suggested' },
      { key: 'c', ref: 'LV-40512377', method: 'case_ref', confidence: 0.95, status: 'suggested' },
    ]);
  });

  it('refuses a bad mask or an unknown creditor', async () => {
    const { deps } = await setup();
    await storeCases(deps, [caseItem('LV-61448102')]);
    // Checking the mask and the creditor is the action's part (src/actions/cases/reference-format.ts).
    const manager = await insertUser(deps.db, { email: 'cm@example.test', name: 'CM', role: 'credit_manager', passwordHash: null, now: T0 });
    await expect(setCreditorReferenceFormat(deps, manager, 'Telia', { format: '(a+)+$' })).rejects.toThrow(/at least 4 positions/);
    await expect(setCreditorReferenceFormat(deps, manager, 'Nobody', { format: 'LV-########' })).rejects.toThrow(/creditor/);
  });
});

describe('author matches for mentions stored before their case', () => {
  it("a case imported with the debtor handle links the author's earlier mentions (method identifier)", async () => {
    const { deps, source, links } = await setup();
    await storeMentions(deps, source, [entry('a', { author: '@Kim_V' }), entry('b', { author: 'someone_else' }), entry('c', { author: 'Kim.V@Example.com' })]);
    expect(await deps.db.select().from(mentionAuthorHashes)).toHaveLength(3); // hashes only: 64 hex characters each
    expect((await deps.db.select().from(mentionAuthorHashes)).every((h) => /^[0-9a-f]{64}$/.test(h.hash))).toBe(true);
    await storeCases(deps, [
      caseItem('LV-40512377', {
        identifiers: [
          { kind: 'handle', value: 'kim_v' },
          { kind: 'email', value: 'kim.v@example.com' },
        ],
      }),
    ]);
    expect(await links()).toEqual([
      { key: 'a', ref: 'LV-40512377', method: 'identifier', confidence: 0.7, status: 'suggested' },
      { key: 'c', ref: 'LV-40512377', method: 'identifier', confidence: 0.7, status: 'suggested' },
    ]);
  });

  it('without EARSHOT_SECRET_KEY no hashes are stored and nothing links by author', async () => {
    const { deps, source, links } = await setup({});
    await storeMentions(deps, source, [entry('a', { author: 'kim_v' })]);
    expect(await deps.db.select().from(mentionAuthorHashes)).toEqual([]);
    await storeCases(deps, [caseItem('LV-40512377')]);
    expect(await links()).toEqual([]);
  });

  it('an edited author replaces the hashes; erasing the author removes them', async () => {
    const { deps, source } = await setup();
    await storeMentions(deps, source, [entry('a', { author: 'kim_v' }), entry('b', { author: 'someone_else' })]);
    await storeMentions(deps, source, [entry('a', { author: 'kim_v', text: 'Edited: Lumera called me again.' })]);
    expect(await deps.db.select().from(mentionAuthorHashes)).toHaveLength(2);
    expect(await eraseAuthorByName(deps, '@KIM_V', null)).toMatchObject({ mentions: 1 });
    const [b] = await deps.db.select().from(mentions);
    expect((await deps.db.select().from(mentionAuthorHashes)).map((h) => h.mentionId)).toEqual([b!.id]);
  });

  it('prune leaves no hash or cited-reference rows of pruned mentions', async () => {
    const { deps, source } = await setup({ EARSHOT_SECRET_KEY: KEY, EARSHOT_RETENTION_DAYS: '30' });
    await storeMentions(deps, source, [
      entry('old', { author: 'kim_v', text: 'Lumera called me 9 times about case 40512377.', publishedAt: T0 - 40 * DAY }),
      entry('new', { author: 'kim_v', text: 'Lumera called me 9 times about case 61448102.', publishedAt: T0 - DAY }),
    ]);
    expect(await deps.db.select().from(mentionCaseRefs)).toHaveLength(2);
    await prune(deps);
    const [kept] = await deps.db.select().from(mentions);
    expect((await deps.db.select().from(mentionAuthorHashes)).map((h) => h.mentionId)).toEqual([kept!.id]);
    expect((await deps.db.select().from(mentionCaseRefs)).map((r) => r.mentionId)).toEqual([kept!.id]);
  });

  it('the prune job back-fills hashes of mentions stored without them and links them', async () => {
    const { deps, source, links } = await setup({});
    await storeMentions(deps, source, [entry('a', { author: 'kim_v' }), entry('b', { author: 'Jane Doe' }), entry('c', { author: null })]);
    const keyed = { ...deps, config: { ...deps.config, secretKey: KEY } };
    await storeCases(keyed, [caseItem('LV-40512377', { identifiers: [{ kind: 'handle', value: 'kim_v' }] })]);
    expect(await links()).toEqual([]); // nothing to find the mention by yet
    expect((await prune(deps)).counts.author_hashes_backfilled).toBe(0); // no key: nothing done, cursor kept
    expect((await prune(keyed)).counts.author_hashes_backfilled).toBe(2);
    expect(await links()).toEqual([{ key: 'a', ref: 'LV-40512377', method: 'identifier', confidence: 0.7, status: 'suggested' }]);
    expect((await prune(keyed)).counts.author_hashes_backfilled).toBe(0); // continues from where it stopped
  });
});

describe('indexed reference matching', () => {
  it('gives what the old digit comparison gave', async () => {
    const { deps, source } = await setup();
    const refs = ['LV-40512377', '40512377', 'LV-140512377', 'EL 4051/2377', 'SE.405.123.77', 'X-61448102-Y', 'AB-CD', '00123456', '123456'];
    await storeCases(
      deps,
      refs.map((r) => caseItem(r)),
    );
    const digits = ['40512377', '140512377', '61448102', '123456', '00123456', '99999999', '4051237'];
    const got = (await casesByRefDigits(deps.db, digits)).map((c) => `${c.caseRef}=${c.digits}`).sort();
    const old = refs.flatMap((r) => digits.filter((d) => r.replace(/\D/g, '') === d).map((d) => `${r}=${d}`)).sort();
    expect(got).toEqual(old);

    await storeMentions(deps, source, [
      entry('a', { text: 'Lumera called me 9 times today about case 40512377.' }),
      entry('b', { text: 'Lumera: ärende 6144-8102, they never answer.' }),
      entry('c', { text: 'Lumera called me 9 times today.' }),
    ]);
    const analyses = await deps.db.all<{ id: number; case_refs: string }>(sql`SELECT mention_id AS id, case_refs FROM mention_analysis`);
    const oldIds = analyses
      .filter((a) => (JSON.parse(a.case_refs) as string[]).some((r) => digits.includes(r)))
      .map((a) => Number(a.id))
      .sort();
    expect((await mentionIdsCitingRefs(deps.db, digits)).sort()).toEqual(oldIds);
    expect(oldIds).toHaveLength(2);
    expect((await deps.db.select().from(mentionCaseRefs)).map((r) => [r.digits, r.written]).sort()).toEqual([
      ['40512377', '40512377'],
      ['61448102', '6144-8102'],
    ]);
  });

  it('cases written by anyone get their digits (trigger); re-analysis keeps the cited references in step', async () => {
    const { deps, source } = await setup();
    await deps.db.insert(cases).values({ caseRef: 'lv-4051/2377', creditor: 'Telia', segment: 'unable', country: 'LV', openedAt: T0, status: 'open', rowHash: 'x' });
    await deps.db.run(sql`UPDATE cases SET case_ref = 'LT-123456' WHERE case_ref = 'lv-4051/2377'`);
    expect((await deps.db.select().from(cases)).map((c) => c.refDigits)).toEqual(['123456']);
    await storeMentions(deps, source, [entry('a', { text: 'Lumera called me 9 times today about case 40512377.' })]);
    await deps.db.run(sql`UPDATE mention_analysis SET case_refs = '["61448102"]', evidence = '[]'`);
    expect((await deps.db.select().from(mentionCaseRefs)).map((r) => [r.digits, r.written])).toEqual([['61448102', '61448102']]);
    await deps.db.run(sql`DELETE FROM mention_analysis`);
    expect(await deps.db.select().from(mentionCaseRefs)).toEqual([]);
  });
});

describe('migration 0006', () => {
  it('upgrades a database with data: cases get their digits, analyses their cited references', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'earshot-mig-'));
    try {
      cpSync(MIGRATIONS_DIR, dir, { recursive: true });
      const journalPath = join(dir, 'meta', '_journal.json');
      const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
      const upTo5 = { ...journal, entries: journal.entries.filter((e) => e.tag < '0006') };
      writeFileSync(journalPath, JSON.stringify(upTo5));
      const client = createClient({ url: ':memory:' });
      await client.execute('PRAGMA foreign_keys = ON');
      const db = drizzle(client, { schema }) as unknown as Db;
      await migrate(db as never, { migrationsFolder: dir });
      await client.execute(`INSERT INTO sources (name, kind, created_at, updated_at) VALUES ('s', 'push', 0, 0)`).catch(async () => {
        await client.execute(`INSERT INTO sources (name, kind) VALUES ('s', 'push')`);
      });
      await client.execute(
        `INSERT INTO cases (case_ref, creditor, segment, country, opened_at, status, row_hash) VALUES ('LV-40512377', 'Telia', 'unable', 'LV', 0, 'open', 'x'), ('AB-CD', 'Telia', 'unable', 'LV', 0, 'open', 'y')`,
      );
      await client.execute(
        `INSERT INTO mentions (source_id, external_key, text, published_at, first_seen_at, updated_at, content_hash) VALUES (1, 'a', 't', 0, 0, 0, 'h'), (1, 'b', 't', 0, 0, 0, 'h')`,
      );
      await client.execute(`INSERT INTO mention_analysis (mention_id, analyser_version, content_hash, language, is_relevant, sentiment_label, sentiment_score, tactics, channels, vulnerability, payer_stance, escalation, case_refs, evidence)
        VALUES (1, 'old', 'h', 'en', 1, 'negative', -1, '[]', '[]', '[]', 'unknown', '[]', '["40512377","61448102"]', '[{"field":"case_refs","label":"40512377","match":"4051-2377","start":5,"end":14}]'),
               (2, 'old', 'h', 'en', 1, 'negative', -1, '[]', '[]', '[]', 'unknown', '[]', '[]', '[]')`);

      writeFileSync(journalPath, JSON.stringify(journal));
      await migrate(db as never, { migrationsFolder: dir });
      expect((await client.execute('SELECT case_ref, ref_digits FROM cases ORDER BY id')).rows.map((r) => [r.case_ref, r.ref_digits])).toEqual([
        ['LV-40512377', '40512377'],
        ['AB-CD', ''],
      ]);
      expect((await client.execute('SELECT mention_id, digits, written FROM mention_case_refs ORDER BY digits')).rows.map((r) => [r.mention_id, r.digits, r.written])).toEqual([
        [1, '40512377', '4051-2377'],
        [1, '61448102', '61448102'],
      ]);
      client.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('applies on a fresh database', async () => {
    const client = createClient({ url: ':memory:' });
    const db = drizzle(client, { schema }) as unknown as Db;
    await migrateDb(db);
    const tables = (await client.execute(`SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') ORDER BY name`)).rows.map((r) => r.name);
    expect(tables).toEqual(
      expect.arrayContaining(['creditor_settings', 'mention_author_hashes', 'mention_case_refs', 'backfill_cursors', 'cases_ref_digits_ai', 'mention_case_refs_ai']),
    );
    client.close();
  });
});
