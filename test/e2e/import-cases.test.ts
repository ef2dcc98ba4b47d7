import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { earshot, tempWorkspace } from '../helpers/earshot-process.ts';

const KEY = 'lumera-test-key-0123456789abcdef-0123456789';
const ws = tempWorkspace({ LOG_LEVEL: 'warn', EARSHOT_SECRET_KEY: KEY });
afterAll(() => ws.remove());

function file(name: string, content: string) {
  const path = join(ws.dir, name);
  writeFileSync(path, content);
  return path;
}

const SUMMARY = /^(\d+) rows read: (\d+) new, (\d+) updated, (\d+) unchanged, (\d+) skipped \(bad rows\); [\d.]+ s, \d+ rows\/s; (cases|actions)$/m;

function summary(stdout: string) {
  const m = SUMMARY.exec(stdout);
  if (!m) throw new Error(`no summary in ${JSON.stringify(stdout)}`);
  const [, read, created, updated, unchanged, skipped, what] = m;
  return { read: +read!, new: +created!, updated: +updated!, unchanged: +unchanged!, skipped: +skipped!, what };
}

const CASES = [
  'case_ref,creditor,segment,country,opened_at,status,debtor_emails,debtor_phones',
  'LV-40512377,Telia,unable,lv,2026-01-05,open,ilze.berzina@example.test;ilze@example.test,20000001',
  'LV-40512378,Elisa,bogus,LV,2026-01-06,open,,',
  'LV-40512379,Elisa,willing_able,LV,2026-01-06,open,,',
].join('\n');

const ACTIONS = [
  'case_ref,at,channel,action_type,agent',
  'LV-40512377,2026-01-10T21:30:00Z,sms,reminder,agent7',
  'LV-40512379,1768080600,phone,call,agent2',
  'LV-99999999,1768080600,phone,call,agent2',
  'LV-40512379,1768080600,phone',
].join('\n');

describe('earshot import cases / actions', () => {
  it('imports cases and actions with bad rows listed by line, exits 0, and a second run changes nothing', async () => {
    const cases = file('cases.csv', CASES);
    const first = await earshot(['import', 'cases', cases], ws.env);
    expect(first.code, first.stderr).toBe(0);
    expect(summary(first.stdout)).toEqual({ read: 3, new: 2, updated: 0, unchanged: 0, skipped: 1, what: 'cases' });
    expect(first.stderr).toContain('line 3: skipped, segment: invalid option');
    expect(summary((await earshot(['import', 'cases', cases], ws.env)).stdout)).toMatchObject({ new: 0, unchanged: 2, skipped: 1 });

    const actions = file('actions.csv', ACTIONS);
    const a = await earshot(['import', 'actions', actions], ws.env);
    expect(a.code, a.stderr).toBe(0);
    expect(summary(a.stdout)).toEqual({ read: 4, new: 2, updated: 0, unchanged: 0, skipped: 2, what: 'actions' });
    expect(a.stderr).toContain('line 4: skipped, case_ref: no case with this case_ref');
    expect(a.stderr).toContain('line 5: skipped, expected 5 columns, found 3');
    expect(summary((await earshot(['import', 'actions', actions], ws.env)).stdout)).toMatchObject({ new: 0, unchanged: 2, skipped: 2 });

    // The database files hold no debtor identifier in clear.
    for (const name of readdirSync(ws.dir).filter((n) => n.startsWith('earshot.db'))) {
      const bytes = readFileSync(join(ws.dir, name)).toString('latin1');
      expect(bytes).not.toContain('ilze.berzina');
      expect(bytes).not.toContain('20000001');
    }
  });

  it('refuses a file with identifier columns without EARSHOT_SECRET_KEY (exit 1)', async () => {
    const { EARSHOT_SECRET_KEY: _key, ...env } = ws.env;
    const path = file('nokey.csv', CASES.replaceAll('LV-4051', 'LV-5051'));
    const r = await earshot(['import', 'cases', path], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: debtor identifiers need EARSHOT_SECRET_KEY');
    expect(r.stdout).toBe('');
    // Cases without identifier columns need no key.
    const plain = file('plain.jsonl', JSON.stringify({ case_ref: 'LV-60000001', creditor: 'Telia', segment: 'no_info', country: 'SE', opened_at: '2026-02-01', status: 'open' }));
    const ok = await earshot(['import', 'cases', plain], env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(summary(ok.stdout)).toMatchObject({ read: 1, new: 1 });
  });

  it('exits 2 with usage on bad arguments, 1 with a clear message on unreadable files', async () => {
    const usage = await earshot(['import', 'cases'], ws.env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('earshot import cases|actions FILE');
    const source = await earshot(['import', 'actions', file('x.csv', ACTIONS), '--source', 'x'], ws.env);
    expect(source.code).toBe(2);
    const missing = await earshot(['import', 'actions', join(ws.dir, 'none.csv')], ws.env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no such file');
    const nocol = await earshot(['import', 'actions', file('nocol.csv', 'case_ref,at\nLV-1,2026-01-01\n')], ws.env);
    expect(nocol.code).toBe(1);
    expect(nocol.stderr).toContain('no column "channel", "action_type"');
  });
});
