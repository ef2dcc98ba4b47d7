import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { insertSource } from '../../db/queries/sources.ts';
import { auditLog, caseActions, caseIdentifiers, cases, mentionCaseLinks, mentions } from '../../db/schema/index.ts';
import { createUser } from '../../src/core/auth/accounts.ts';
import { eraseAuthorByName } from '../../src/core/cases/erase.ts';
import { identifierHasher } from '../../src/core/cases/identifiers.ts';
import { storeMentions } from '../../src/core/ingest/store-mentions.ts';
import { changeAlert } from '../../src/core/alerts/lifecycle.ts';
import { raiseAlertFromMention } from '../../src/actions/alerts/raise.ts';
import { openLibsqlDb } from '../../src/runtime/db-libsql.ts';
import { earshot, tempWorkspace } from '../helpers/earshot-process.ts';
import { makeTestDeps, T0 } from '../helpers/test-deps.ts';

const KEY = 'test-secret-key-for-lumera-identifiers-0123456789';
const ws = tempWorkspace({ LOG_LEVEL: 'warn', EARSHOT_SECRET_KEY: KEY });
afterAll(() => ws.remove());

const open = () => openLibsqlDb(String(ws.env.DATABASE_URL));

describe('earshot erase', () => {
  it('--case and --author erase what they should, print counts only and record it in the audit log', async () => {
    expect((await earshot(['migrate'], ws.env)).code).toBe(0);
    const hasher = (await identifierHasher(KEY))!;
    {
      const { db, client } = await open();
      for (const [ref, n] of [
        ['LV-40512377', 1],
        ['EL-61448102', 2],
      ] as const) {
        const [c] = await db
          .insert(cases)
          .values({ caseRef: ref, creditor: 'Telia', segment: 'unable', country: 'LV', openedAt: 1_700_000_000_000, status: 'open', rowHash: ref })
          .returning();
        await db.insert(caseIdentifiers).values({ caseId: c!.id, kind: 'handle', hash: await hasher('handle', 'kim_v') });
        await db.insert(caseActions).values({ caseId: c!.id, at: 1_700_000_000_000 + n, channel: 'sms', actionType: 'sms', actionKey: `k${n}` });
      }
      client.close();
    }
    const path = join(ws.dir, 'mentions.csv');
    writeFileSync(path, ['external_id,author,text', 'm1,kim_v,"Lumera called me 9 times today, case 40512377."', 'm2,someone_else,"Lumera sent a letter."'].join('\n'));
    const imported = await earshot(['import', 'mentions', path, '--source', 'Forum export'], ws.env);
    expect(imported.code, imported.stderr).toBe(0);
    {
      const { db, client } = await open();
      expect(await db.select().from(mentionCaseLinks)).toHaveLength(2); // m1 → both cases (reference and handle)
      client.close();
    }

    const byCase = await earshot(['erase', '--case', 'LV-40512377'], ws.env);
    expect(byCase.code, byCase.stderr).toBe(0);
    expect(byCase.stdout).toContain('erased: 1 identifiers, 1 links, 1 actions, 1 cases');

    const byAuthor = await earshot(['erase', '--author', '@Kim_V'], ws.env);
    expect(byAuthor.code, byAuthor.stderr).toBe(0);
    expect(byAuthor.stdout).toContain('erased: 1 identifiers, 1 links, 1 mentions');
    expect(`${byCase.stdout}${byAuthor.stdout}`.toLowerCase()).not.toContain('kim');

    const { db, client } = await open();
    expect((await db.select().from(cases)).map((c) => c.caseRef)).toEqual(['EL-61448102']);
    expect(await db.select().from(caseIdentifiers)).toEqual([]);
    expect(await db.select().from(mentionCaseLinks)).toEqual([]);
    expect((await db.select().from(mentions)).map((m) => m.author)).toEqual(['someone_else']);
    const entries = await db.select().from(auditLog);
    expect(entries.map((e) => e.action)).toEqual(['case.erase', 'author.erase']);
    expect(JSON.stringify(entries).toLowerCase()).not.toContain('kim');
    client.close();

    const missing = await earshot(['erase', '--case', 'NOPE-1'], ws.env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('case not found');
    expect((await earshot(['erase'], ws.env)).stderr).toContain('usage: earshot erase');
  });

  it('`run prune` runs the retention job (a no-op without EARSHOT_RETENTION_DAYS)', async () => {
    const r = await earshot(['run', 'prune'], ws.env);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ job: 'prune', status: 'ok', counts: { mentions: 0, case_links: 0, audit_entries: 0 } });
  });
});

describe('erased words leave the database files', () => {
  const files = tempWorkspace({ LOG_LEVEL: 'warn' });
  afterAll(() => files.remove());
  const dbPath = String(files.env.DATABASE_URL).slice('file:'.length);
  /** The database and its WAL as bytes on disk, lower-cased: what someone with the files could read. */
  const onDisk = () =>
    [dbPath, `${dbPath}-wal`]
      .map((p) => (existsSync(p) ? readFileSync(p).toString('latin1') : ''))
      .join('\n')
      .toLowerCase();

  it('secure delete and a WAL checkpoint: no trace of the mentions, their analysis, index terms or the note about them', async () => {
    expect((await earshot(['migrate'], files.env)).code).toBe(0);
    // Opened as a running server opens it, and kept open throughout: closing the last connection would fold the WAL in.
    const { db, client, checkpointWal } = await openLibsqlDb(String(files.env.DATABASE_URL));
    try {
      const deps = { ...(await makeTestDeps()).deps, db, checkpointWal };
      const source = (await insertSource(db, { name: 'Forum', kind: 'push' })).id;
      const staff = await createUser(deps, { email: 'ana@lumera.example', role: 'comms' });
      await storeMentions(deps, source, [
        {
          externalKey: 'a',
          url: null,
          author: '@Kim_V',
          title: 'Quarzlith night calls',
          text: 'Lumera rang me at night about Brimblewort. Terrible.',
          publishedAt: T0,
          languageHint: 'en',
        },
        { externalKey: 'b', url: null, author: 'Kim V', title: null, text: 'Lumera Zephyrandel letter again.', publishedAt: T0, languageHint: 'en' },
        { externalKey: 'c', url: null, author: 'someone_else', title: null, text: 'Lumera Vellumcraft reminder.', publishedAt: T0, languageHint: 'en' },
      ]);
      const [first] = await db.select().from(mentions);
      const alert = await raiseAlertFromMention(deps, staff, first!.id, { reason: 'Night calls again' });
      await changeAlert(deps, alert, { note: 'Phoned back about Glimmerquist' }, staff.id);
      for (const word of ['quarzlith', 'brimblewort', 'zephyrandel', 'glimmerquist', 'vellumcraft']) expect(onDisk()).toContain(word);

      // A display name, from the command line (its process ends, as the command does)…
      const byName = await earshot(['erase', '--author', 'kim v'], files.env);
      expect(byName.code, byName.stderr).toBe(0);
      expect(byName.stdout).toContain('1 mentions');
      // …and a handle as the server would erase it, its connection staying open.
      expect(await eraseAuthorByName(deps, '@KIM_V', null)).toMatchObject({ mentions: 1, alert_notes: 1 });

      const disk = onDisk();
      for (const word of ['quarzlith', 'brimblewort', 'zephyrandel', 'glimmerquist']) expect(disk).not.toContain(word);
      expect(disk).toContain('vellumcraft'); // what was not erased is still there to be found
      expect((await db.select().from(mentions)).map((m) => m.author)).toEqual(['someone_else']);
    } finally {
      client.close();
    }
  });
});
