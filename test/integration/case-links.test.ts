import { recordPoll } from '../../db/queries/source-polls.ts';
import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { insertSource } from '../../db/queries/sources.ts';
import { audit } from '../../db/queries/users.ts';
import { auditLog, caseActions, caseIdentifiers, cases, mentionAnalysis, mentionCaseLinks, mentions } from '../../db/schema/index.ts';
import type { IdentifierKind } from '../../db/schema/constants.ts';
import { prune } from '../../jobs/prune.ts';
import { runJob } from '../../jobs/run-job.ts';
import { eraseAuthorByName, eraseCaseByRef } from '../../src/core/cases/erase.ts';
import { identifierHasher, normaliseIdentifier } from '../../src/core/cases/identifiers.ts';
import { storeMentions } from '../../src/core/ingest/store-mentions.ts';
import type { IncomingMention } from '../../src/core/ingest/incoming-mention.ts';
import { makeTestDeps, T0 } from '../helpers/test-deps.ts';

const KEY = 'test-secret-key-for-lumera-identifiers-0123456789';
const DAY = 86_400_000;

async function addCase(db: Db, ref: string, ids: { kind: IdentifierKind; value: string }[] = []) {
  const [c] = await db
    .insert(cases)
    .values({ caseRef: ref, creditor: 'Elisa', segment: 'unable', country: 'FI', openedAt: T0 - 90 * DAY, status: 'open', rowHash: ref })
    .returning();
  const hasher = (await identifierHasher(KEY))!;
  for (const i of ids) await db.insert(caseIdentifiers).values({ caseId: c!.id, kind: i.kind, hash: await hasher(i.kind, normaliseIdentifier(i.kind, i.value)!) });
  await db.insert(caseActions).values({ caseId: c!.id, at: T0 - 5 * DAY, channel: 'sms', actionType: 'reminder', actionKey: `${ref}:1` });
  return c!.id;
}

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

async function setup(env: Record<string, string> = {}) {
  const { deps, clock } = await makeTestDeps({ EARSHOT_SECRET_KEY: KEY, ...env });
  const source = (await insertSource(deps.db, { name: 'Forum', kind: 'push' })).id;
  return { deps, clock, source };
}

const auditText = async (db: Db) => JSON.stringify(await db.select().from(auditLog));

describe('erasure', () => {
  it('by case: identifiers, links, actions and the case go; other cases and the mentions stay; audited without data', async () => {
    const { deps, source } = await setup();
    const gone = await addCase(deps.db, 'EL-40512377', [
      { kind: 'handle', value: 'kim_v' },
      { kind: 'email', value: 'kim.v@example.com' },
    ]);
    const kept = await addCase(deps.db, 'EL-61448102', [{ kind: 'handle', value: 'other_person' }]);
    await storeMentions(deps, source, [entry('a', { author: 'kim_v' }), entry('b', { author: 'other_person' })]);
    expect(await deps.db.select().from(mentionCaseLinks)).toHaveLength(2);

    expect(await eraseCaseByRef(deps, 'EL-40512377', null)).toEqual({ identifiers: 2, links: 1, actions: 1, cases: 1, alert_notes: 0 });
    expect((await deps.db.select().from(cases)).map((c) => c.id)).toEqual([kept]);
    expect((await deps.db.select().from(caseIdentifiers)).every((i) => i.caseId === kept)).toBe(true);
    expect((await deps.db.select().from(caseActions)).every((a) => a.caseId === kept)).toBe(true);
    expect((await deps.db.select().from(mentionCaseLinks)).map((l) => l.caseId)).toEqual([kept]);
    expect(await deps.db.select().from(mentions)).toHaveLength(2);
    expect(gone).not.toBe(kept);

    const [entryRow] = await deps.db.select().from(auditLog);
    expect(entryRow).toMatchObject({ action: 'case.erase', target: 'case:EL-40512377', details: { erased: { identifiers: 2, links: 1, actions: 1, cases: 1 } } });
    const text = await auditText(deps.db);
    for (const secret of ['kim_v', 'kim.v@example.com']) expect(text).not.toContain(secret);
  });

  it("by author: the hashed identifier on every case, the author's links and mentions go; counts in the audit log", async () => {
    const { deps, source } = await setup();
    const a = await addCase(deps.db, 'EL-40512377', [
      { kind: 'handle', value: 'kim_v' },
      { kind: 'phone', value: '+37120000001' },
    ]);
    const b = await addCase(deps.db, 'TE-61448102', [{ kind: 'handle', value: 'kim_v' }]);
    await storeMentions(deps, source, [
      entry('a', { author: '@Kim_V', text: 'Lumera called me 9 times today about case 40512377. Terrible.' }),
      entry('b', { author: 'kim_v', text: 'Lumera sent another letter.' }),
      entry('c', { author: 'someone_else', text: 'Lumera called me about case 40512377.' }),
    ]);
    expect(await deps.db.select().from(mentionCaseLinks)).toHaveLength(5); // a→A, a→B, b→A, b→B, c→A

    expect(await eraseAuthorByName(deps, '@KIM_V', null)).toEqual({ identifiers: 2, links: 4, mentions: 2, alert_notes: 0, alert_reasons: 0, digest_sends: 0 });
    expect((await deps.db.select().from(caseIdentifiers)).map((i) => [i.caseId, i.kind])).toEqual([[a, 'phone']]);
    expect((await deps.db.select().from(mentions)).map((m) => m.author)).toEqual(['someone_else']);
    expect(await deps.db.select().from(mentionAnalysis)).toHaveLength(1);
    expect((await deps.db.select().from(mentionCaseLinks)).map((l) => l.caseId)).toEqual([a]);
    expect((await deps.db.select().from(cases)).map((c) => c.id).sort()).toEqual([a, b].sort());
    const [row] = await deps.db.select().from(auditLog);
    expect(row).toMatchObject({ action: 'author.erase', details: { erased: { identifiers: 2, links: 4, mentions: 2 } } });
    expect((await auditText(deps.db)).toLowerCase()).not.toContain('kim_v');
  });
});

describe('prune (retention)', () => {
  it('keeps everything without EARSHOT_RETENTION_DAYS', async () => {
    const { deps, source } = await setup();
    await storeMentions(deps, source, [entry('old', { publishedAt: T0 - 1000 * DAY })]);
    // Only the author-hash back-fill runs, and this mention has no author to hash.
    expect(await prune(deps)).toEqual({ counts: { mentions: 0, case_links: 0, audit_entries: 0, author_hashes_backfilled: 0, author_keys_filled: 0, source_polls_removed: 0 } });
    expect(await deps.db.select().from(mentions)).toHaveLength(1);
  });

  it('purges mentions, case links and audit entries older than the retention, by a fixed clock', async () => {
    const { deps, clock, source } = await setup({ EARSHOT_RETENTION_DAYS: '30' });
    await addCase(deps.db, 'EL-40512377', [{ kind: 'handle', value: 'kim_v' }]);
    await storeMentions(deps, source, [
      entry('old', { author: 'kim_v', publishedAt: T0 - 40 * DAY }),
      entry('new', { author: 'kim_v', publishedAt: T0 - 1 * DAY }),
      entry('plain', { publishedAt: T0 - 29 * DAY }),
    ]);
    await audit(deps.db, { at: T0 - 31 * DAY, actorUserId: null, action: 'case.view', target: 'case:EL-40512377' });
    await audit(deps.db, { at: T0 - 2 * DAY, actorUserId: null, action: 'case.view', target: 'case:EL-40512377' });

    // A source's poll record is kept 30 days, whatever the retention.
    const poll = { sourceId: source, outcome: 'ok' as const, newCount: 1, updated: 0, unchanged: 0, duplicates: 0, skipped: 0, error: null, durationMs: 5 };
    await recordPoll(deps.db, { ...poll, at: T0 - 31 * DAY });
    await recordPoll(deps.db, { ...poll, at: T0 - 29 * DAY });

    const first = await runJob(deps, 'prune');
    expect(first).toMatchObject({ status: 'ok', counts: { mentions: 1, case_links: 1, audit_entries: 1, source_polls_removed: 1 } });
    expect((await deps.db.select().from(mentions)).map((m) => m.externalKey).sort()).toEqual(['new', 'plain']);
    expect(await deps.db.select().from(mentionCaseLinks)).toHaveLength(1);
    expect(await deps.db.select().from(auditLog)).toHaveLength(1);

    // 31 days on, everything left (the link was created at T0) is past the retention.
    clock.advance(31 * DAY);
    expect(await prune(deps)).toEqual({ counts: { mentions: 2, case_links: 1, audit_entries: 1, author_hashes_backfilled: 0, author_keys_filled: 0, source_polls_removed: 1 } });
    expect(await deps.db.select().from(mentions)).toHaveLength(0);
  });
});

describe('prune (search index)', () => {
  it('merges the search index into one segment, and search still finds every mention', async () => {
    const { deps, source } = await setup();
    // Three deliveries, three transactions: three segments.
    for (const key of ['a', 'b', 'c']) await storeMentions(deps, source, [entry(key, { text: `Lumera sent a letter about the debt (${key})` })]);
    const segments = async () => Number((await deps.db.all<{ n: number }>(sql`SELECT count(DISTINCT segid) AS n FROM mentions_fts_idx`))[0]!.n);
    expect(await segments()).toBeGreaterThan(1);
    await prune(deps);
    expect(await segments()).toBe(1);
    const found = await deps.db.all<{ id: number }>(sql`SELECT rowid AS id FROM mentions_fts WHERE mentions_fts MATCH 'letter'`);
    expect(found).toHaveLength(3);
  });
});

describe('cases imported after their mentions', () => {
  it('link the mentions that cite their reference', async () => {
    const { storeCases } = await import('../../src/core/cases/import-cases.ts');
    const { deps, source } = await setup();
    await storeMentions(deps, source, [
      entry('early', { text: 'Lumera sent me a letter about case 40512377, the amount is wrong.' }),
      entry('other', { text: 'Lumera sent me a letter about case 99999999.' }),
    ]);
    expect(await deps.db.select().from(mentionCaseLinks)).toHaveLength(0);
    await storeCases(deps, [
      {
        caseRef: 'LV-40512377',
        creditor: 'Telia',
        segment: 'unable',
        country: 'LV',
        openedAt: T0 - 90 * DAY,
        status: 'open',
        closedAt: null,
        amount: null,
        currency: null,
        language: null,
        team: null,
        identifiers: [],
      },
    ]);
    const links = await deps.db.select().from(mentionCaseLinks);
    expect(links.map((l) => [l.method, l.status, l.confidence])).toEqual([['case_ref', 'suggested', 0.9]]);
    const [linked] = await deps.db.select().from(mentions).where(eq(mentions.id, links[0]!.mentionId));
    expect(linked!.externalKey).toBe('early');
  });
});
