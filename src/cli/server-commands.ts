// `earshot serve`, `migrate`, `poll` and `run`: the server, its database and its scheduled jobs.
import { isJobName, JOBS, type JobName } from '../../jobs/registry.ts';
import { runJob } from '../../jobs/run-job.ts';
import { appliedMigrationCount } from '../../db/queries/database.ts';
import { makeAllSourcesDue } from '../../db/queries/sources.ts';
import { AppError } from '../core/errors.ts';
import { openLibsqlDb, migrateDb } from '../runtime/db-libsql.ts';
import { configFromEnv, nodeDeps } from '../runtime/node-deps.ts';
import { startNode } from '../runtime/node.ts';
import { command } from './command.ts';

export const serveCommand = command({
  name: 'serve',
  summary: 'Start the API, dashboard and scheduler (what `npm start` runs)',
  async run() {
    const node = await startNode(configFromEnv());
    const stop = async () => {
      node.deps.log.info('shutting down');
      await node.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
});

export const migrateCommand = command({
  name: 'migrate',
  summary: 'Apply database migrations and exit',
  async run() {
    const config = configFromEnv();
    const { db, client } = await openLibsqlDb(config.databaseUrl, config.databaseAuthToken);
    await migrateDb(db);
    console.log(`database migrated (${await appliedMigrationCount(db)} migrations applied)`);
    client.close();
  },
});

export const pollCommand = command({
  name: 'poll',
  summary: 'Run one polling cycle now',
  options: { all: { type: 'boolean', help: 'poll every active feed, not only those due' } },
  run: ({ values }) => runJobNow('poll-sources', { allSourcesDue: !!values.all }),
});

export const runCommand = command({
  name: 'run',
  args: 'JOB',
  summary: `Run a scheduled job now (${Object.keys(JOBS).join(', ')})`,
  run({ positionals: [job] }) {
    if (!isJobName(job!)) throw new AppError('BAD_REQUEST', `unknown job "${job}"; jobs: ${Object.keys(JOBS).join(', ')}`);
    return runJobNow(job, { allSourcesDue: false });
  },
});

async function runJobNow(job: JobName, o: { allSourcesDue: boolean }) {
  const { deps, client } = await nodeDeps();
  try {
    if (o.allSourcesDue) await makeAllSourcesDue(deps.db);
    const result = await runJob(deps, job);
    console.log(JSON.stringify(result));
    if (result.status === 'failed') process.exitCode = 1;
  } finally {
    client.close();
  }
}
