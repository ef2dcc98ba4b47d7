import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHANNELS, ESCALATIONS, LANGUAGES, PAYER_STANCES, SENTIMENT_LABELS, TACTICS, VULNERABILITIES } from '../../db/schema/constants.ts';
import { earshot, tempWorkspace } from '../helpers/earshot-process.ts';

const ws = tempWorkspace({ LOG_LEVEL: 'warn' });
afterAll(() => ws.remove());

describe('the earshot command', () => {
  it('--help lists the commands', async () => {
    const r = await earshot(['--help'], ws.env);
    expect(r.code).toBe(0);
    for (const cmd of ['serve', 'migrate', 'poll', 'analyze', 'user', 'run', 'bench', 'train', 'eval', 'export']) expect(r.stdout).toMatch(new RegExp(`^  ${cmd}\\b`, 'm'));
  });

  it('analyze reads JSON Lines and writes every taxonomy field; bad lines are reported without their content', async () => {
    const input = [
      JSON.stringify({ id: 'a', text: 'Lumera called me 9 times today and threatened court, case 40512377. Terrible.' }),
      'SECRET-NOT-JSON',
      JSON.stringify({ id: 'b' }),
      JSON.stringify({ id: 7, text: 'Коллекторы звонят каждый день' }),
    ].join('\n');
    const r = await earshot(['analyze'], ws.env, input);
    expect(r.code).toBe(1); // some lines were bad
    expect(r.stderr).toContain('line 2: skipped, not valid JSON');
    expect(r.stderr).toContain('line 3: skipped, "text" must be a string');
    expect(r.stderr).not.toContain('SECRET');
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out.map((o) => o.id)).toEqual(['a', 7]);
    for (const o of out) {
      expect(Object.keys(o).sort()).toEqual(
        ['case_refs', 'channel', 'confidence', 'escalation', 'evidence', 'id', 'language', 'payer_stance', 'relevant', 'sentiment', 'tactics', 'vulnerability'].sort(),
      );
      // Every label given comes with its calibrated probability.
      for (const t of o.tactics) expect(o.confidence).toContainEqual(expect.objectContaining({ field: 'tactics', label: t, probability: expect.any(Number) }));
      expect(LANGUAGES).toContain(o.language);
      expect(SENTIMENT_LABELS).toContain(o.sentiment.label);
      expect(PAYER_STANCES).toContain(o.payer_stance);
      for (const t of o.tactics) expect(TACTICS).toContain(t);
      for (const c of o.channel) expect(CHANNELS).toContain(c);
      for (const v of o.vulnerability) expect(VULNERABILITIES).toContain(v);
      for (const e of o.escalation) expect(ESCALATIONS).toContain(e);
    }
    expect(out[0]).toMatchObject({ language: 'en', relevant: true, sentiment: { label: 'negative' }, case_refs: ['40512377'] });
    expect(out[0].tactics).toEqual(expect.arrayContaining(['contact_frequency', 'threat_legal']));
    expect(out[1].language).toBe('ru');
  });

  it('analyze takes texts as arguments too', async () => {
    const r = await earshot(['analyze', 'The agent was kind and agreed a payment plan.'], ws.env);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: 1, sentiment: { label: 'positive' }, tactics: expect.arrayContaining(['payment_plan']) });
  });

  it('migrate, user create/token/list, and clear errors for bad input', async () => {
    expect((await earshot(['migrate'], ws.env)).stdout).toMatch(/database migrated \(\d+ migrations applied\)/);
    expect((await earshot(['user', 'create', '--email', 'x@y.z', '--role', 'overlord'], ws.env)).stderr).toContain('--role must be one of');
    expect((await earshot(['user', 'create', '--email', 'x@y.z', '--role', 'viewer', '--password-stdin'], ws.env, 'short')).stderr).toContain('at least 10');
    expect((await earshot(['user', 'create', '--email', 'x@y.z', '--role', 'viewer'], ws.env)).code).toBe(0);
    const dup = await earshot(['user', 'create', '--email', 'x@y.z', '--role', 'viewer'], ws.env);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('already exists');
    const token = (await earshot(['user', 'token', '--email', 'x@y.z'], ws.env)).stdout.trim();
    expect(token).toMatch(/^esk_[\w-]{40,}$/);
    expect((await earshot(['user', 'list'], ws.env)).stdout).toContain('x@y.z\tviewer');
    const unknown = await earshot(['frobnicate'], ws.env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command');
  }, 60_000); // a dozen commands, each a fresh process

  it('a bad environment stops with every problem named', async () => {
    const r = await earshot(['migrate'], { ...ws.env, PORT: 'eighty', EARSHOT_ADMIN_TOKEN: 'short' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('PORT');
    expect(r.stderr).toContain('EARSHOT_ADMIN_TOKEN');
  });
});

// Every command and subcommand answers --help without doing anything else, and refuses a command line it cannot
// read with one line and exit code 2. A fresh workspace: none of this may create its database.
describe('the earshot command line', () => {
  const quiet = tempWorkspace({ LOG_LEVEL: 'warn' });
  afterAll(() => quiet.remove());
  const noDatabase = () => expect(existsSync(join(quiet.dir, 'earshot.db'))).toBe(false);
  /** Runs these command lines two at a time (each is a process that compiles the sources). */
  const runAll = async (lines: string[][]) => {
    const results: Awaited<ReturnType<typeof earshot>>[] = [];
    for (let i = 0; i < lines.length; i += 2) results.push(...(await Promise.all(lines.slice(i, i + 2).map((l) => earshot(l, quiet.env)))));
    return results;
  };
  /** Every command and subcommand, with the options its help must explain. */
  const COMMANDS: Record<string, string[]> = {
    serve: [],
    migrate: [],
    poll: ['--all'],
    run: [],
    analyze: [],
    'user create': ['--email EMAIL', '--role ROLE', '--name NAME', '--password-stdin'],
    'user token': ['--email EMAIL', '--name NAME'],
    'user disable': ['--email EMAIL'],
    'user enable': ['--email EMAIL'],
    'user list': [],
    'token list': ['--email EMAIL'],
    'token revoke': [],
    'import mentions': ['--source NAME', '--map field=column,...', '--format csv|jsonl'],
    'import cases': ['--map field=column,...', '--format csv|jsonl'],
    'import actions': ['--map field=column,...', '--format csv|jsonl'],
    erase: ['--case REF', '--author AUTHOR'],
    digest: ['--week W', '--to ADDRESS', '--role R', '--time-zone TZ', '--language L', '--out FILE.html', '--send', '--force'],
    reanalyze: ['--all'],
    train: ['--data DIR', '--corpus DIR', '--with FILE', '--folds K', '--out DIR', '--set opt=N', '--weight kind=N', '--keep field=N'],
    'export corrections': ['--out FILE'],
    eval: ['--data DIR', '--json', '--baseline FILE', '--save-baseline FILE'],
    bench: ['--items N', '--data DIR', '--scale S', '--years N', '--rows N', '--json'],
  };

  it('--help of every command shows its usage and options, exits 0 and does nothing else', async () => {
    // What `earshot --help` lists is what is tested here, so a new command comes with its test.
    const top = await earshot(['--help'], quiet.env);
    const listed = top.stdout
      .split('\n')
      .filter((l) => /^ {2}[a-z]/.test(l))
      .flatMap((l) => {
        const words = l.trim().split(/\s+/);
        const name = words.slice(0, words.findIndex((w) => !/^[a-z|]+$/.test(w)) >>> 0);
        return name
          .at(-1)!
          .split('|')
          .map((last) => [...name.slice(0, -1), last].join(' '));
      });
    expect(listed.sort()).toEqual(Object.keys(COMMANDS).sort());

    const names = Object.keys(COMMANDS);
    const results = await runAll(names.map((c) => [...c.split(' '), '--help']));
    names.forEach((c, i) => {
      const r = results[i]!;
      expect(r.code, `${c}: ${r.stderr}`).toBe(0);
      expect(r.stderr, c).toBe('');
      // `user enable` shares its usage with `user disable`, and `import actions` with `import cases`.
      const [family, sub] = c.split(' ');
      expect(r.stdout.split('\n')[0], c).toMatch(new RegExp(`^Usage: earshot ${family}${sub ? ` (\\w+\\|)?${sub}(\\|\\w+)?` : ''}( |$)`));
      for (const option of [...COMMANDS[c]!, '-h, --help']) expect(r.stdout, `${c} ${option}`).toContain(`\n  ${option} `);
    });
    noDatabase();
  }, 120_000);

  it('-h is --help; a family lists its commands; `earshot` alone lists everything', async () => {
    const [short, user, imports, bare] = await runAll([['import', 'mentions', '-h'], ['user', '--help'], ['import', '-h'], []]);
    expect(short!.code).toBe(0);
    expect(short!.stdout).toMatch(/^Usage: earshot import mentions FILE --source NAME/);
    expect(short!.stdout).toMatch(/^ {2}--source NAME +the push source/m);
    expect(user!.code).toBe(0);
    for (const sub of ['create', 'token', 'disable|enable', 'list']) expect(user!.stdout).toMatch(new RegExp(`^ {2}user ${sub.replace('|', '\\|')}\\b`, 'm'));
    expect(user!.stdout).not.toMatch(/^ {2}import/m);
    expect(imports!.stdout).toMatch(/^ {2}import cases\|actions FILE/m);
    expect(bare!.code).toBe(0);
    expect(bare!.stdout).toMatch(/^ {2}bench \[SECTION\]/m);
    noDatabase();
  }, 60_000);

  it('analyze --help shows the help instead of analysing "--help"; after -- it is a text', async () => {
    const help = await earshot(['analyze', '--help'], quiet.env);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: earshot analyze \[TEXT\.\.\.\]/);
    expect(help.stdout).not.toContain('"sentiment"');
    const text = await earshot(['analyze', '--', '--help'], quiet.env);
    expect(text.code).toBe(0);
    expect(JSON.parse(text.stdout)).toMatchObject({ id: 1, sentiment: expect.any(Object) });
  });

  // One command of each family, and a few ways to leave out what a command needs. Concurrent: each is a process.
  it.concurrent.each([
    [['serve', '--bogus'], "Unknown option '--bogus'", 'usage: earshot serve'],
    [['migrate', '--bogus'], "Unknown option '--bogus'", 'usage: earshot migrate'],
    [['poll', '--bogus'], "Unknown option '--bogus'", 'usage: earshot poll'],
    [['run', 'prune', '--bogus'], "Unknown option '--bogus'", 'usage: earshot run JOB'],
    [['analyze', '--bogus'], "Unknown option '--bogus'", 'usage: earshot analyze [TEXT...]'],
    [['user', 'create', '--email', 'a@b.c', '--role', 'viewer', '--bogus'], "Unknown option '--bogus'", 'usage: earshot user create --email EMAIL --role ROLE'],
    [['user', '--bogus'], "Unknown option '--bogus'", 'usage: earshot user create|token|disable|enable|list'],
    [['token', 'list', '--bogus'], "Unknown option '--bogus'", 'usage: earshot token list'],
    [['import', 'mentions', 'x.csv', '--source', 'X', '--bogus'], "Unknown option '--bogus'", 'usage: earshot import mentions FILE --source NAME'],
    [['erase', '--case', 'LV-1', '--bogus'], "Unknown option '--bogus'", 'usage: earshot erase --case REF | --author AUTHOR'],
    [['digest', '--bogus'], "Unknown option '--bogus'", 'usage: earshot digest'],
    [['reanalyze', '--bogus'], "Unknown option '--bogus'", 'usage: earshot reanalyze'],
    [['train', '--bogus'], "Unknown option '--bogus'", 'usage: earshot train'],
    [['export', 'corrections', '--bogus'], "Unknown option '--bogus'", 'usage: earshot export corrections'],
    [['eval', '--bogus'], "Unknown option '--bogus'", 'usage: earshot eval'],
    [['bench', '--bogus'], "Unknown option '--bogus'", 'usage: earshot bench [SECTION]'],
    [['bench', 'nonsense'], 'unknown section "nonsense"', 'usage: earshot bench [SECTION]'],
    [['user', 'create', '--role', 'viewer'], 'missing --email EMAIL', 'usage: earshot user create'],
    [['user', 'create', '--email'], "Option '--email <value>' argument missing", 'usage: earshot user create'],
    [['user'], 'missing command', 'usage: earshot user'],
    [['user', 'frobnicate'], 'unknown command "user frobnicate"', 'usage: earshot user'],
    [['run'], 'missing JOB', 'usage: earshot run JOB'],
    [['token', 'revoke'], 'missing ID', 'usage: earshot token revoke ID'],
    [['import', 'mentions', 'x.csv'], 'missing --source NAME', 'usage: earshot import mentions FILE'],
    [['erase'], 'give one of --case or --author', 'usage: earshot erase'],
    [['migrate', 'now'], "unexpected argument 'now'", 'usage: earshot migrate'],
    [['digest', '--force'], '--force only goes with --send', 'usage: earshot digest'],
  ])('refuses `earshot %j` with one line and exit code 2', async (args, problem, usage) => {
    const r = await earshot(args, quiet.env);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.endsWith('\n') && !r.stderr.slice(0, -1).includes('\n'), r.stderr).toBe(true);
    expect(r.stderr).toMatch(/^error: /);
    expect(r.stderr).toContain(problem);
    expect(r.stderr).toContain(`; ${usage}`);
    noDatabase();
  });
});
