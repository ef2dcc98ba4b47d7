// `earshot import mentions|cases|actions FILE`: a CSV or JSON Lines file read batch by batch, with progress on
// stderr and a summary on stdout.
import type { Deps } from '../core/deps.ts';
import { nodeDeps } from '../runtime/node-deps.ts';
import { command, type Family } from './command.ts';
import { caseSummaryLine, importActionsFile, importCasesFile } from './import-cases-file.ts';
import { type ImportHooks, importMentionsFile, summaryLine } from './import-file.ts';
import { importProgress } from './import-progress.ts';

const fileOptions = {
  map: { type: 'string', value: 'field=column,...', help: "the file's column for a field, where their names differ" },
  format: { type: 'string', value: 'csv|jsonl', help: "the file's format, where its extension does not say" },
} as const;

/** Runs an import with progress on stderr, then prints its summary. */
async function importWithProgress<S extends { stoppedAt: number | null }>(work: (deps: Deps, hooks: ImportHooks) => Promise<S>, line: (s: S) => string) {
  const { deps, client } = await nodeDeps();
  const progress = importProgress(process.stderr);
  let summary;
  try {
    summary = await work(deps, { onBadRow: progress.badRow, onProgress: progress.update });
  } finally {
    progress.done();
    client.close();
  }
  console.log(line(summary));
  // Bad rows alone still exit 0 (the file was read); a file that could not be read to its end does not.
  if (summary.stoppedAt !== null) {
    console.error(`error: reading stopped at line ${summary.stoppedAt}; the rows before it were imported`);
    process.exitCode = 1;
  }
}

export const importCommands: Family = {
  name: 'import',
  summary: 'Import mentions, collection cases or their actions from a file',
  commands: [
    command({
      name: 'mentions',
      args: 'FILE',
      summary:
        'Import mentions from a CSV or JSON Lines file into a push source (created if missing); columns named like the ' +
        "API's fields (text, title, url, author, published_at, external_id, language) unless mapped; bad rows are listed " +
        'by line and skipped',
      options: { source: { type: 'string', value: 'NAME', required: true, help: 'the push source to import into, created if missing' }, ...fileOptions },
      run: ({ values, positionals: [path] }) =>
        importWithProgress((deps, hooks) => importMentionsFile(deps, { path: path!, source: values.source, map: values.map, format: values.format }, hooks), summaryLine),
    }),
    command({
      name: 'cases|actions',
      args: 'FILE',
      summary:
        'Import collection cases, or their actions, from a CSV or JSON Lines file (columns in the README); importing a ' +
        'file again changes nothing; bad rows are listed and skipped',
      options: fileOptions,
      run: ({ values, positionals: [path], name }) =>
        importWithProgress((deps, hooks) => {
          const options = { path: path!, map: values.map, format: values.format };
          return name === 'cases' ? importCasesFile(deps, options, hooks) : importActionsFile(deps, options, hooks);
        }, caseSummaryLine),
    }),
  ],
};
