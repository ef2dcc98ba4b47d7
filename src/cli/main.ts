import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { isJobName, JOBS } from '../../jobs/registry.ts';
import { runJob } from '../../jobs/run-job.ts';
import { appliedMigrationCount } from '../../db/queries/database.ts';
import { makeAllSourcesDue } from '../../db/queries/sources.ts';
import { findUserByEmail, listAccounts, listTokens } from '../../db/queries/users.ts';
import { ROLES, type Role } from '../../db/schema/constants.ts';
import { createApiToken, createUser } from '../core/auth/accounts.ts';
import { changeUser, revokeApiToken } from '../core/auth/manage-users.ts';
import { eraseAuthorByName, eraseCaseByRef } from '../core/cases/erase.ts';
import { AppError } from '../core/errors.ts';
import { exportCorrections } from '../core/corrections/export-corrections.ts';
import { reanalyse } from '../core/ingest/reanalyse.ts';
import { createAnalyser } from '../core/nlp/analyser.ts';
import { runBench } from './bench.ts';
import { digestCommand } from './digest-command.ts';
import { runEval } from './eval.ts';
import { runTrain } from './train.ts';
import { importMentionsFile, summaryLine } from './import-file.ts';
import { caseSummaryLine, importActionsFile, importCasesFile } from './import-cases-file.ts';
import { importProgress } from './import-progress.ts';
import { openLibsqlDb, migrateDb } from '../runtime/db-libsql.ts';
import { configFromEnv, nodeDeps } from '../runtime/node-deps.ts';
import { startNode } from '../runtime/node.ts';

const HELP = `earshot — reputation and sentiment monitor for debt collection

Usage: earshot <command> [options]

Commands:
  serve                      Start the API, dashboard and scheduler (what \`npm start\` runs)
  migrate                    Apply database migrations and exit
  poll [--all]               Run one polling cycle now (--all: every active feed, not only those due)
  run <job>                  Run a scheduled job now (${Object.keys(JOBS).join(', ')})
  analyze [TEXT...]          Analyse texts given as arguments, or JSON Lines {"id","text"} on stdin;
                             writes one JSON line per input with every label and its evidence
  user create --email E --role R [--name N] [--password-stdin]
                             Create a user (roles: ${ROLES.join(', ')}); the password is read from stdin
  user token --email E [--name N]
                             Create an API token for a user and print it (shown once)
  user disable|enable --email E
                             Disable a user (their sessions end and their API tokens stop at once), or enable them
  user list                  List users, disabled ones too
  token list [--email E]     List API tokens: id, user, name, created, last used, revoked (never the tokens)
  token revoke ID            Revoke an API token at once
  import mentions FILE --source NAME [--map field=column,...] [--format csv|jsonl]
                             Import mentions from a CSV or JSON Lines file into a push source (created if missing);
                             columns named like the API's fields (text, title, url, author, published_at,
                             external_id, language) unless mapped; bad rows are listed by line and skipped
  import cases|actions FILE [--map field=column,...] [--format csv|jsonl]
                             Import collection cases, or their actions, from a CSV or JSON Lines file (columns
                             in the README); importing a file again changes nothing; bad rows are listed and skipped
  erase --case REF | --author AUTHOR
                             Erase a person's data on request: a case (identifiers, links, actions, the case) or an
                             author by the handle, name or e-mail they write under, letter case aside (hashed
                             identifiers on every case, links, stored mentions, alert notes on them); prints counts
  digest [--week W] [--to ADDRESS] [--role R] [--time-zone TZ] [--language L] [--out FILE.html] [--send] [--force]
                             Preview the weekly digest (text on stdout, HTML to --out) or send it; a send honours the
                             once-per-address-per-week record unless --force; default week: the one just ended
  reanalyze [--all]          Re-run the analyser over stored mentions analysed by another version (--all: every one);
                             people's corrections are kept
  train [--data DIR] [--with FILE]... [--folds K] [--set opt=N]... [--weight kind=N]...
                             Build the analyser's model from data/training/ and the licensed corpora in DIR (default
                             ../shared/data), plus corrections exported with 'export corrections'; K-fold grouped
                             cross-validation chooses calibration and thresholds; writes the model and its card
  export corrections [--out FILE]
                             Write people's label corrections as training rows (JSON Lines; text, labels, no names)
  eval [--data DIR] [--json] [--baseline FILE] [--save-baseline FILE]
                             Measure the analyser on labelled data shaped like shared/data (default ../shared/data)
  bench [analyser|poll|startup|bundle] [--items N] [--json]
                             Measure the analyser beside the sentiment and VADER packages (texts/s, load time),
                             a poll of an N-item feed (default 1000) served on 127.0.0.1, start-up time and the
                             server's memory, and the Worker bundle's size; no section: all of them
  bench analytics [--scale S] Analytics query time over synthetic cases (S=1: 100k cases, 1M actions, 1M mentions)
  bench alerts [--years N]    Alert calibration: false alerts per simulated year, burst detection delays
  bench import [--rows N]     Case and action import speed from CSV files (N actions, N/10 cases; default 1M)
  bench digest                Weekly digest build and render time for a week of 100,000 mentions, per role

Environment: PORT (8787), HOST (127.0.0.1), DATABASE_URL (file:./data/earshot.db), DATABASE_AUTH_TOKEN,
EARSHOT_ADMIN_TOKEN, EARSHOT_METRICS_TOKEN, EARSHOT_DEMO (0|1), LOG_LEVEL. See README.md.`;

async function readStdinLines(): Promise<string[]> {
  if (process.stdin.isTTY) return [];
  const lines: string[] = [];
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) lines.push(line);
  return lines;
}

async function analyze(args: string[]) {
  const analyser = createAnalyser();
  const emit = (id: unknown, text: string) => {
    const a = analyser.analyse({ text });
    process.stdout.write(JSON.stringify({ id, ...a }) + '\n');
  };
  if (args.length) return args.forEach((text, i) => emit(i + 1, text));
  let n = 0;
  let bad = 0;
  for (const line of await readStdinLines()) {
    n++;
    if (!line.trim()) continue;
    // Errors name the line and the problem, never its content (it may be personal data).
    let v: { id?: unknown; text?: unknown };
    try {
      v = JSON.parse(line);
    } catch {
      v = {};
      bad++;
      console.error(`line ${n}: skipped, not valid JSON`);
      continue;
    }
    if (typeof v?.text !== 'string') {
      bad++;
      console.error(`line ${n}: skipped, "text" must be a string`);
      continue;
    }
    emit(v.id ?? n, v.text);
  }
  if (bad) process.exitCode = 1;
}

async function user(args: string[]) {
  const [sub, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
  });
  const { deps, client } = await nodeDeps();
  try {
    if (sub === 'list') {
      for (const u of await listAccounts(deps.db)) console.log(`${u.id}\t${u.email}\t${u.role}\t${u.name}\t${u.disabledAt ? 'disabled' : 'active'}`);
      return;
    }
    if (!values.email) throw new AppError('BAD_REQUEST', '--email is required');
    if (sub === 'disable' || sub === 'enable') {
      const u = await findUserByEmail(deps.db, values.email);
      if (!u) throw new AppError('NOT_FOUND', `no user ${values.email}`);
      await changeUser(deps, u.id, { disabled: sub === 'disable' }, null);
      console.log(`${sub}d user ${u.id} ${u.email}${sub === 'disable' ? ': their sessions have ended and their API tokens no longer work' : ''}`);
      return;
    }
    if (sub === 'create') {
      if (!ROLES.includes(values.role as Role)) throw new AppError('BAD_REQUEST', `--role must be one of ${ROLES.join(', ')}`);
      const password = values['password-stdin'] ? (await readStdinLines())[0] ?? '' : null;
      if (password !== null && password.length < 10) throw new AppError('BAD_REQUEST', 'the password must be at least 10 characters');
      const u = await createUser(deps, { email: values.email, name: values.name, role: values.role as Role, password });
      console.log(`created user ${u.id} ${u.email} (${u.role})${password ? '' : ' without a password (API tokens only)'}`);
      return;
    }
    if (sub === 'token') {
      const u = await findUserByEmail(deps.db, values.email);
      if (!u) throw new AppError('NOT_FOUND', `no user ${values.email}`);
      console.log(await createApiToken(deps, u.id, values.name ?? 'cli'));
      return;
    }
    throw new AppError('BAD_REQUEST', 'usage: earshot user create|token|disable|enable|list');
  } finally {
    client.close();
  }
}

/** `earshot token list [--email E]` and `earshot token revoke ID`. */
async function token(args: string[]) {
  const usage = 'usage: earshot token list [--email E] | token revoke ID';
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { email: { type: 'string' } } });
  } catch (err) {
    throw new AppError('BAD_REQUEST', `${(err as Error).message}\n${usage}`);
  }
  const [sub, id, ...extra] = parsed.positionals;
  const revoking = sub === 'revoke' && /^\d{1,15}$/.test(id ?? '') && !extra.length && parsed.values.email === undefined;
  if (!revoking && !(sub === 'list' && id === undefined)) throw new AppError('BAD_REQUEST', usage);
  const { deps, client } = await nodeDeps();
  try {
    if (revoking) {
      const t = await revokeApiToken(deps, Number(id), null);
      console.log(`revoked token ${t.id} "${t.name}" of ${t.userEmail}`);
      return;
    }
    const u = parsed.values.email === undefined ? null : await findUserByEmail(deps.db, parsed.values.email);
    if (parsed.values.email !== undefined && !u) throw new AppError('NOT_FOUND', `no user ${parsed.values.email}`);
    const when = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());
    console.log('id\tuser\tname\tcreated\tlast used\trevoked');
    for (const t of await listTokens(deps.db, u?.id)) {
      console.log([t.id, t.userEmail, t.name, when(t.createdAt), when(t.lastUsedAt), when(t.revokedAt)].join('\t'));
    }
  } finally {
    client.close();
  }
}

const IMPORT_USAGE =
  'usage: earshot import mentions FILE --source NAME [--map field=column,...] [--format csv|jsonl]\n' +
  '       earshot import cases|actions FILE [--map field=column,...] [--format csv|jsonl]';

async function importCommand(args: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { source: { type: 'string' }, map: { type: 'string' }, format: { type: 'string' } },
    });
  } catch (err) {
    throw new AppError('BAD_REQUEST', `${(err as Error).message}\n${IMPORT_USAGE}`);
  }
  const { values, positionals } = parsed;
  const [what, path, ...extra] = positionals;
  if (what === 'cases' || what === 'actions') {
    if (!path || extra.length || values.source !== undefined) throw new AppError('BAD_REQUEST', IMPORT_USAGE);
    return importCasesCommand(what, { path, map: values.map, format: values.format });
  }
  if (what !== 'mentions' || !path || extra.length || values.source === undefined) throw new AppError('BAD_REQUEST', IMPORT_USAGE);
  const { deps, client } = await nodeDeps();
  const progress = importProgress(process.stderr);
  let summary;
  try {
    summary = await importMentionsFile(
      deps,
      { path, source: values.source, map: values.map, format: values.format },
      { onBadRow: progress.badRow, onProgress: progress.update },
    );
  } finally {
    progress.done();
    client.close();
  }
  console.log(summaryLine(summary));
  // Bad rows alone still exit 0 (the file was read); a file that could not be read to its end does not.
  if (summary.stoppedAt !== null) {
    console.error(`error: reading stopped at line ${summary.stoppedAt}; the rows before it were imported`);
    process.exitCode = 1;
  }
}

async function erase(args: string[]) {
  const usage = 'usage: earshot erase --case REF | --author AUTHOR';
  let values: { case?: string; author?: string };
  try {
    ({ values } = parseArgs({ args, options: { case: { type: 'string' }, author: { type: 'string' } } }));
  } catch (err) {
    throw new AppError('BAD_REQUEST', `${(err as Error).message}\n${usage}`);
  }
  if (!values.case === !values.author) throw new AppError('BAD_REQUEST', usage);
  const { deps, client } = await nodeDeps();
  try {
    const erased = values.case ? await eraseCaseByRef(deps, values.case, null) : await eraseAuthorByName(deps, values.author!, null);
    console.log(`erased: ${Object.entries(erased).map(([k, n]) => `${n} ${k}`).join(', ')} (recorded in the audit log)`);
  } finally {
    client.close();
  }
}

/** `import cases|actions`: the same progress, summary and exit codes as `import mentions`. */
async function importCasesCommand(what: 'cases' | 'actions', options: { path: string; map?: string; format?: string }) {
  const { deps, client } = await nodeDeps();
  const progress = importProgress(process.stderr);
  let summary;
  try {
    const hooks = { onBadRow: progress.badRow, onProgress: progress.update };
    summary = what === 'cases' ? await importCasesFile(deps, options, hooks) : await importActionsFile(deps, options, hooks);
  } finally {
    progress.done();
    client.close();
  }
  console.log(caseSummaryLine(summary));
  if (summary.stoppedAt !== null) {
    console.error(`error: reading stopped at line ${summary.stoppedAt}; the rows before it were imported`);
    process.exitCode = 1;
  }
}

/** `earshot export corrections [--out FILE]`: people's corrections as training rows (JSON Lines). */
async function exportCommand(args: string[]) {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' } } });
  if (positionals[0] !== 'corrections') throw new AppError('BAD_REQUEST', 'usage: earshot export corrections [--out FILE]');
  const { deps, client } = await nodeDeps();
  try {
    const rows = await exportCorrections(deps);
    const body = rows.map((r) => JSON.stringify(r) + '\n').join('');
    if (values.out) {
      writeFileSync(values.out, body);
      console.error(`${rows.length} corrections written to ${values.out}`);
    } else process.stdout.write(body);
  } finally {
    client.close();
  }
}

async function main(argv: string[]) {
  const [command, ...args] = argv;
  switch (command) {
    case 'serve': {
      const node = await startNode(configFromEnv());
      const stop = async () => {
        node.deps.log.info('shutting down');
        await node.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return;
    }
    case 'migrate': {
      const config = configFromEnv();
      const { db, client } = await openLibsqlDb(config.databaseUrl, config.databaseAuthToken);
      await migrateDb(db);
      console.log(`database migrated (${await appliedMigrationCount(db)} migrations applied)`);
      client.close();
      return;
    }
    case 'poll':
    case 'run': {
      const job = command === 'poll' ? 'poll-sources' : args[0] ?? '';
      if (!isJobName(job)) throw new AppError('BAD_REQUEST', `unknown job "${job}"; jobs: ${Object.keys(JOBS).join(', ')}`);
      const { deps, client } = await nodeDeps();
      try {
        if (command === 'poll' && args.includes('--all')) await makeAllSourcesDue(deps.db);
        const result = await runJob(deps, job);
        console.log(JSON.stringify(result));
        if (result.status === 'failed') process.exitCode = 1;
      } finally {
        client.close();
      }
      return;
    }
    case 'analyze':
    case 'analyse':
      return analyze(args);
    case 'user':
      return user(args);
    case 'token':
      return token(args);
    case 'bench':
      return runBench(args);
    case 'eval':
      return runEval(args);
    case 'train':
      return runTrain(args);
    case 'export':
      return exportCommand(args);
    case 'import':
      return importCommand(args);
    case 'erase':
      return erase(args);
    case 'digest':
      return digestCommand(args);
    case 'reanalyze':
    case 'reanalyse': {
      const { deps, client } = await nodeDeps();
      try {
        const started = performance.now();
        const result = await reanalyse(deps, {
          all: args.includes('--all'),
          onProgress: ({ done, total }) => process.stderr.write(`\rreanalysed ${done}/${total} (${Math.round((done / Math.max(total, 1)) * 100)}%)`),
        });
        process.stderr.write('\n');
        console.log(`${result.done} mentions analysed with analyser ${deps.analyser.version} in ${Math.round(performance.now() - started)} ms`);
      } finally {
        client.close();
      }
      return;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(HELP);
      return;
    default:
      console.error(`unknown command "${command}"\n\n${HELP}`);
      process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err instanceof AppError ? `error: ${err.message}` : err);
  process.exitCode = 1;
});
