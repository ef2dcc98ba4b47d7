import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditLog, caseActions, caseIdentifiers, cases, mentionCaseLinks, mentions } from '../../db/schema/index.ts';
import { identifierHasher } from '../../src/core/cases/identifiers.ts';
import { openLibsqlDb } from '../../src/runtime/db-libsql.ts';
import { earshot, tempWorkspace } from '../helpers/earshot-process.ts';

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
      for (const [ref, n] of [['LV-40512377', 1], ['EL-61448102', 2]] as const) {
        const [c] = await db.insert(cases).values({ caseRef: ref, creditor: 'Telia', segment: 'unable', country: 'LV', openedAt: 1_700_000_000_000, status: 'open', rowHash: ref }).returning();
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
