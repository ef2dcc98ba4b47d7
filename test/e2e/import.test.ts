import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { earshot, tempWorkspace } from '../helpers/earshot-process.ts';

const ws = tempWorkspace({ LOG_LEVEL: 'warn' });
afterAll(() => ws.remove());

function file(name: string, content: string) {
  const path = join(ws.dir, name);
  writeFileSync(path, content);
  return path;
}

const SUMMARY = /^(\d+) rows read: (\d+) new, (\d+) updated, (\d+) unchanged, (\d+) skipped \(bad rows\); [\d.]+ s, \d+ rows\/s; source "(.+)" \(id \d+(, created)?\)$/m;

function summary(stdout: string) {
  const m = SUMMARY.exec(stdout);
  if (!m) throw new Error(`no summary in ${JSON.stringify(stdout)}`);
  const [, read, created, updated, unchanged, skipped, source, isNew] = m;
  return { read: +read!, new: +created!, updated: +updated!, unchanged: +unchanged!, skipped: +skipped!, source, created: Boolean(isNew) };
}

describe('earshot import mentions', () => {
  const csv = [
    'id,body,date,language',
    'pl-1,"Lumera dzwoni codziennie, nawet w niedzielę.",1714557600,pl',
    'sv-1,PERSONAL-DATA-ROW,next week,sv',
    'en-1,"Lumera answered quickly and agreed a plan.",2024-05-01T12:00:00+02:00,en',
    'fi-1,"Lumera lähetti laskun uudelleen.",1714557600000,fi',
  ].join('\n');

  it('imports a CSV with mapped columns, lists bad rows on stderr without their content, exits 0', async () => {
    const path = file('lumera.csv', csv);
    const args = ['import', 'mentions', path, '--source', 'Lumera export', '--map', 'text=body,published_at=date,external_id=id'];
    const first = await earshot(args, ws.env);
    expect(first.code, first.stderr).toBe(0);
    expect(summary(first.stdout)).toEqual({ read: 4, new: 3, updated: 0, unchanged: 0, skipped: 1, source: 'Lumera export', created: true });
    expect(first.stderr).toContain('line 3: skipped, published_at (column "date"): not a date');
    expect(first.stderr).not.toContain('PERSONAL-DATA-ROW');

    // The same file again changes nothing; an edited row updates.
    const again = await earshot(args, ws.env);
    expect(again.code).toBe(0);
    expect(summary(again.stdout)).toMatchObject({ read: 4, new: 0, updated: 0, unchanged: 3, skipped: 1, created: false });
    file('lumera.csv', csv.replace('Lumera lähetti laskun uudelleen.', 'Lumera lähetti laskun kolmannen kerran.'));
    expect(summary((await earshot(args, ws.env)).stdout)).toMatchObject({ new: 0, updated: 1, unchanged: 2 });
  });

  it('imports JSON Lines by extension, into an existing push source', async () => {
    const path = file(
      'more.jsonl',
      [
        JSON.stringify({ text: 'Lumera atkal zvanīja vakarā.', external_id: 'lv-1', language: 'lv' }),
        'not json',
        JSON.stringify({ text: 'Lumera was patient with me.', url: 'https://example.com/lumera/1' }),
      ].join('\n'),
    );
    const r = await earshot(['import', 'mentions', path, '--source', 'Lumera export'], ws.env);
    expect(r.code).toBe(0);
    expect(summary(r.stdout)).toMatchObject({ read: 3, new: 2, skipped: 1, created: false });
    expect(r.stderr).toContain('line 2: skipped, not valid JSON');
  });

  // A command line the command cannot read exits 2 with its usage; a file it cannot use exits 1.
  it.each([
    ['no file', ['import', 'mentions', '--source', 'X'], 2, 'usage: earshot import mentions FILE'],
    ['no --source', ['import', 'mentions', 'x.csv'], 2, 'usage: earshot import mentions FILE'],
    ['an unknown option', ['import', 'mentions', 'x.csv', '--source', 'X', '--bogus'], 2, "Unknown option '--bogus'"],
    ['an option of another import', ['import', 'cases', 'x.csv', '--source', 'X'], 2, "Unknown option '--source'; usage: earshot import cases|actions FILE"],
    ['a missing file', ['import', 'mentions', '/nonexistent/lumera.csv', '--source', 'X'], 1, 'cannot read /nonexistent/lumera.csv: no such file'],
    ['an unknown format', ['import', 'mentions', 'lumera.xlsx', '--source', 'X'], 1, 'cannot tell the format'],
    ['a mapped column the file lacks', ['import', 'mentions', 'LUMERA_CSV', '--source', 'X', '--map', 'text=comment'], 1, 'the file has no column "comment" (for text)'],
  ] as const)('a clear message and exit code for %s', async (_, args, code, message) => {
    const r = await earshot(
      args.map((a) => (a === 'LUMERA_CSV' ? join(ws.dir, 'lumera.csv') : a)),
      ws.env,
    );
    expect(r.code).toBe(code);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });

  it('is listed in --help', async () => {
    expect((await earshot(['--help'], ws.env)).stdout).toMatch(/^ {2}import mentions FILE --source NAME/m);
  });
});
