// `earshot import cases FILE` and `earshot import actions FILE`: a collection system's export (CSV or JSON Lines)
// into cases and their actions, batch by batch, with the readers, column mapping and progress of `import mentions`.
import type { Deps } from '../core/deps.ts';
import { ACTION_BATCH_SIZE, ACTION_ROWS, CASE_ROWS, IDENTIFIER_FIELDS, storeActions, storeCases, type StoreCounts } from '../core/cases/import-cases.ts';
import { requireIdentifierHasher } from '../core/cases/identifiers.ts';
import { checkColumns, IMPORT_BATCH_SIZE, linedBatches, parseColumnMap, type BadRow, type ColumnMap, type LinedBatch } from '../core/ingest/import-rows.ts';
import { fileFormat, openRecordFile } from './file-records.ts';
import type { ImportHooks } from './import-file.ts';

export interface ImportCasesOptions {
  path: string;
  format?: string;
  /** `field=column,...` */
  map?: string;
}

export interface CaseImportSummary {
  what: 'cases' | 'actions';
  read: number;
  new: number;
  updated: number;
  unchanged: number;
  skipped: number;
  seconds: number;
  /** The line reading stopped at, when the rest of the file could not be read. */
  stoppedAt: number | null;
}

async function run<T>(
  what: 'cases' | 'actions',
  options: ImportCasesOptions,
  hooks: ImportHooks,
  setup: (columns: ColumnMap) => { onHeader: (header: string[]) => void; batches: (records: Parameters<typeof linedBatches<T>>[0]) => AsyncGenerator<LinedBatch<T>> },
  store: (items: T[]) => Promise<StoreCounts>,
): Promise<CaseImportSummary> {
  const started = performance.now();
  const spec = what === 'cases' ? CASE_ROWS : ACTION_ROWS;
  // Arguments first, then the file: nothing is stored unless all of them hold.
  const format = fileFormat(options.path, options.format);
  const columns = parseColumnMap(options.map, spec.fields);
  const { onHeader, batches } = setup(columns);
  const file = await openRecordFile(options.path, format, onHeader);
  const summary: CaseImportSummary = { what, read: 0, new: 0, updated: 0, unchanged: 0, skipped: 0, seconds: 0, stoppedAt: null };
  for await (const batch of batches(file.records)) {
    summary.read += batch.read;
    const stored = await store(batch.rows.map((r) => r.item));
    const bad: BadRow[] = [...batch.bad, ...stored.rejected.map((r) => ({ line: batch.rows[r.index]!.line, reason: r.reason }))];
    bad.sort((a, b) => a.line - b.line);
    summary.skipped += bad.length;
    for (const b of bad) hooks.onBadRow?.(b);
    summary.new += stored.new;
    summary.updated += stored.updated;
    summary.unchanged += stored.unchanged;
    hooks.onProgress?.({ rows: summary.read, bytes: file.bytesRead(), totalBytes: file.size });
  }
  summary.stoppedAt = file.stoppedAt();
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

export async function importCasesFile(deps: Deps, options: ImportCasesOptions, hooks: ImportHooks = {}): Promise<CaseImportSummary> {
  // Without the key, the error requireIdentifierHasher gives everyone: thrown at the header, which cannot wait.
  const noKey: unknown = await requireIdentifierHasher(deps.config.secretKey).then(
    () => null,
    (err: unknown) => err,
  );
  return run(
    'cases',
    options,
    hooks,
    (columns) => ({
      onHeader: (header) => {
        checkColumns(header, columns, CASE_ROWS);
        // A file that carries identifiers is refused whole without the key, before any row is stored.
        if (noKey && Object.keys(IDENTIFIER_FIELDS).some((f) => header.includes(columns[f]!))) throw noKey;
      },
      batches: (records) => linedBatches(records, CASE_ROWS, columns, IMPORT_BATCH_SIZE),
    }),
    (items) => storeCases(deps, items),
  );
}

export async function importActionsFile(deps: Deps, options: ImportCasesOptions, hooks: ImportHooks = {}): Promise<CaseImportSummary> {
  return run(
    'actions',
    options,
    hooks,
    (columns) => ({
      onHeader: (header) => checkColumns(header, columns, ACTION_ROWS),
      batches: (records) => linedBatches(records, ACTION_ROWS, columns, ACTION_BATCH_SIZE),
    }),
    (items) => storeActions(deps, items),
  );
}

/** The one-line summary the commands print. */
export function caseSummaryLine(s: CaseImportSummary): string {
  const rate = s.seconds > 0 ? Math.round(s.read / s.seconds) : s.read;
  return (
    `${s.read} rows read: ${s.new} new, ${s.updated} updated, ${s.unchanged} unchanged, ${s.skipped} skipped (bad rows); ` + `${s.seconds.toFixed(1)} s, ${rate} rows/s; ${s.what}`
  );
}
