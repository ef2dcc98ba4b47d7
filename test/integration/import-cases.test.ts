import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { caseActions, caseIdentifiers, cases } from '../../db/schema/index.ts';
import type { BadRow } from '../../src/core/ingest/import-rows.ts';
import { identifierHasher } from '../../src/core/cases/identifiers.ts';
import { importActionsFile, importCasesFile } from '../../src/cli/import-cases-file.ts';
import { makeTestDeps } from '../helpers/test-deps.ts';

const KEY = 'lumera-test-key-0123456789abcdef-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'earshot-import-cases-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string) {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

type TestDeps = Awaited<ReturnType<typeof makeTestDeps>>['deps'];

async function run(kind: 'cases' | 'actions', deps: TestDeps, path: string, extra: { map?: string; format?: string } = {}) {
  const bad: BadRow[] = [];
  const importer = kind === 'cases' ? importCasesFile : importActionsFile;
  const summary = await importer(deps, { path, ...extra }, { onBadRow: (b) => bad.push(b) });
  return { summary, bad };
}

const CASES = [
  'case_ref,creditor,segment,country,opened_at,status,amount,currency,debtor_handles,debtor_emails,debtor_phones',
  'LV-40512377,Telia,unable,lv,2026-01-05,open,120.50,EUR,@IlzeB,ilze.berzina@example.test,20000001',
  'LV-40512378,Elisa,bogus,LV,2026-01-06,open,,,,,',
  'LV-40512379,Elisa,unable,LV,not-a-date,open,,,,,',
  ',Elisa,unable,LV,2026-01-06,open,,,,,',
  'LV-40512380,Elisa,unable,LV,2026-01-06',
  'LV-40512381,Elisa,willing_able,LV,1767225600,paying,,,,NOT-AN-EMAIL,',
  'LV-40512382,Elisa,no_info,FI,1767225600000,closed,,,,,',
].join('\n');

describe('importing cases', () => {
  it('imports good rows, reports every bad row by line and reason, and is idempotent', async () => {
    const { deps } = await makeTestDeps({ EARSHOT_SECRET_KEY: KEY });
    const path = file('cases.csv', CASES);
    const first = await run('cases', deps, path);
    expect(first.summary).toMatchObject({ what: 'cases', read: 7, new: 2, updated: 0, unchanged: 0, skipped: 5, stoppedAt: null });
    expect(first.bad).toEqual([
      { line: 3, reason: expect.stringContaining('segment: invalid option') },
      { line: 4, reason: expect.stringContaining('opened_at: not a date') },
      { line: 5, reason: 'case_ref: missing' },
      { line: 6, reason: 'expected 11 columns, found 5' },
      { line: 7, reason: 'debtor_emails: not an e-mail address' },
    ]);
    expect(JSON.stringify(first.bad)).not.toContain('NOT-AN-EMAIL');
    const rows = await deps.db.select().from(cases).orderBy(cases.caseRef);
    expect(rows.map((r) => [r.caseRef, r.country, r.openedAt, r.amount])).toEqual([
      ['LV-40512377', 'LV', Date.UTC(2026, 0, 5), 120.5],
      ['LV-40512382', 'FI', 1767225600000, null],
    ]);

    const again = await run('cases', deps, path);
    expect(again.summary).toMatchObject({ read: 7, new: 0, updated: 0, unchanged: 2, skipped: 5 });
    expect(await deps.db.select().from(cases)).toEqual(rows);
  });

  it("stores identifiers only as keyed hashes, and replaces a case's set when its row changes", async () => {
    const { deps } = await makeTestDeps({ EARSHOT_SECRET_KEY: KEY });
    const path = file('ids.csv', CASES);
    await run('cases', deps, path);
    const hash = (await identifierHasher(KEY))!;
    const ids = await deps.db.select().from(caseIdentifiers).orderBy(caseIdentifiers.kind);
    expect(ids.map((i) => [i.kind, i.hash])).toEqual([
      ['email', await hash('email', 'ilze.berzina@example.test')],
      ['handle', await hash('handle', 'ilzeb')],
      ['phone', await hash('phone', '+37120000001')],
    ]);
    // Nothing in any table holds the identifiers in clear.
    const everything = JSON.stringify([await deps.db.select().from(cases), ids]);
    for (const clear of ['ilze.berzina', 'ilzeb', 'IlzeB', '20000001']) expect(everything).not.toContain(clear);

    // A changed row updates the case and replaces its identifiers.
    file('ids.csv', CASES.replace('ilze.berzina@example.test,20000001', 'ilze.new@example.test,').replace(',open,120.50', ',paying,120.50'));
    const changed = await run('cases', deps, path);
    expect(changed.summary).toMatchObject({ new: 0, updated: 1, unchanged: 1 });
    const [c] = await deps.db.select().from(cases).where(eq(cases.caseRef, 'LV-40512377'));
    expect(c!.status).toBe('paying');
    const after = await deps.db.select().from(caseIdentifiers).orderBy(caseIdentifiers.kind);
    expect(after.map((i) => [i.kind, i.hash])).toEqual([
      ['email', await hash('email', 'ilze.new@example.test')],
      ['handle', await hash('handle', 'ilzeb')],
    ]);
  });

  it('refuses a file with identifier columns without EARSHOT_SECRET_KEY, before storing anything', async () => {
    const { deps } = await makeTestDeps();
    await expect(run('cases', deps, file('nokey.csv', CASES))).rejects.toThrow(/EARSHOT_SECRET_KEY/);
    expect(await deps.db.select().from(cases)).toEqual([]);
    // Without identifier columns a key is not needed.
    const plain = file('plain.csv', 'case_ref,creditor,segment,country,opened_at,status\nLV-1,Telia,unable,LV,2026-01-05,open\n');
    expect((await run('cases', deps, plain)).summary).toMatchObject({ new: 1, skipped: 0 });
  });

  it('reads JSON Lines with identifier arrays and mapped columns', async () => {
    const { deps } = await makeTestDeps({ EARSHOT_SECRET_KEY: KEY });
    const path = file(
      'cases.jsonl',
      [
        JSON.stringify({ ref: 'LV-7', creditor: 'Elisa', segment: 'unwilling', country: 'ee', opened_at: 1767225600, status: 'open', debtor_emails: ['x.y@example.test'] }),
        'not json',
        JSON.stringify({ ref: 'LV-8', creditor: 'Elisa', segment: 'unwilling', country: 'EE', status: 'open' }),
      ].join('\n'),
    );
    const { summary, bad } = await run('cases', deps, path, { map: 'case_ref=ref' });
    expect(summary).toMatchObject({ read: 3, new: 1, skipped: 2 });
    expect(bad).toEqual([
      { line: 2, reason: 'not valid JSON' },
      { line: 3, reason: 'opened_at: missing' },
    ]);
    expect(await deps.db.select().from(caseIdentifiers)).toHaveLength(1);
  });

  it('refuses a file missing a required column before reading rows', async () => {
    const { deps } = await makeTestDeps();
    await expect(run('cases', deps, file('nocol.csv', 'case_ref,creditor\nLV-1,Telia\n'))).rejects.toThrow(/no column "segment"/);
  });
});

describe('importing actions', () => {
  const ACTIONS = [
    'case_ref,at,channel,action_type,team,agent,outcome',
    'LV-40512377,2026-01-10T21:30:00Z,sms,reminder,Riga 2,agent7,',
    'LV-40512377,1768080600000,phone,call,Riga 2,agent7,no answer',
    'LV-99999999,2026-01-10T21:30:00Z,sms,reminder,,,',
    'LV-40512377,2026-01-10T21:30:00Z,fax,reminder,,,',
    'LV-40512377,2026-01-10T21:30:00Z,sms,threat,,,',
    'LV-40512377,yesterday,sms,reminder,,,',
    'LV-40512377,2026-01-11',
    'LV-40512382,1768080600,letter,letter,,,',
  ].join('\n');

  it('imports actions of known cases, reports unknown cases and bad rows by line, and adds nothing on re-import', async () => {
    const { deps } = await makeTestDeps({ EARSHOT_SECRET_KEY: KEY });
    await run('cases', deps, file('for-actions.csv', CASES));
    const path = file('actions.csv', ACTIONS);
    const first = await run('actions', deps, path);
    expect(first.summary).toMatchObject({ what: 'actions', read: 8, new: 3, updated: 0, unchanged: 0, skipped: 5 });
    expect(first.bad).toEqual([
      { line: 4, reason: 'case_ref: no case with this case_ref' },
      { line: 5, reason: expect.stringContaining('channel: invalid option') },
      { line: 6, reason: expect.stringContaining('action_type: invalid option') },
      { line: 7, reason: expect.stringContaining('at: not a date') },
      { line: 8, reason: 'expected 7 columns, found 2' },
    ]);
    const stored = await deps.db.select().from(caseActions).orderBy(caseActions.id);
    expect(stored.map((a) => [a.channel, a.actionType, a.at, a.agent, a.outcome])).toEqual([
      ['sms', 'reminder', Date.UTC(2026, 0, 10, 21, 30), 'agent7', null],
      ['phone', 'call', 1768080600000, 'agent7', 'no answer'],
      ['letter', 'letter', 1768080600000, null, null],
    ]);

    const again = await run('actions', deps, path);
    expect(again.summary).toMatchObject({ read: 8, new: 0, updated: 0, unchanged: 3, skipped: 5 });
    expect(await deps.db.select().from(caseActions).orderBy(caseActions.id)).toEqual(stored);

    // A changed outcome updates the same action; a different agent is another action.
    file(
      'actions.csv',
      ACTIONS.replace('agent7,no answer', 'agent7,promised to pay').replace('LV-40512382,1768080600,letter,letter,,,', 'LV-40512382,1768080600,letter,letter,,agent9,'),
    );
    const changed = await run('actions', deps, path);
    expect(changed.summary).toMatchObject({ new: 1, updated: 1, unchanged: 1 });
    expect(await deps.db.select().from(caseActions)).toHaveLength(4);
  });
});
