// The `earshot` command: its commands, in the order `earshot --help` lists them. Each is declared (options, help,
// what it does) in its own module through command.ts.
import { tokenCommands, userCommands } from './account-commands.ts';
import { analyzeCommand, exportCommands, reanalyzeCommand } from './analyser-commands.ts';
import { benchCommand } from './bench-command.ts';
import { runProgram } from './command.ts';
import { digestCommand } from './digest-command.ts';
import { eraseCommand } from './erase-command.ts';
import { evalCommand } from './eval.ts';
import { importCommands } from './import-command.ts';
import { migrateCommand, pollCommand, runCommand, serveCommand } from './server-commands.ts';
import { trainCommand } from './train.ts';

await runProgram(
  {
    name: 'earshot',
    summary: 'earshot — reputation and sentiment monitor for debt collection',
    commands: [
      serveCommand,
      migrateCommand,
      pollCommand,
      runCommand,
      analyzeCommand,
      userCommands,
      tokenCommands,
      importCommands,
      eraseCommand,
      digestCommand,
      reanalyzeCommand,
      trainCommand,
      exportCommands,
      evalCommand,
      benchCommand,
    ],
    footer:
      'Environment: PORT (8787), HOST (127.0.0.1), DATABASE_URL (file:./data/earshot.db), DATABASE_AUTH_TOKEN,\n' +
      'EARSHOT_ADMIN_TOKEN, EARSHOT_METRICS_TOKEN, EARSHOT_DEMO (0|1), LOG_LEVEL. See README.md.',
  },
  process.argv.slice(2),
);
