// `earshot import mentions FILE`: a CSV or JSON Lines file into a push source, batch by batch, through the same
// normalisation, dedupe and analysis as mentions pushed through the API.
import { getSourceByName, insertSource } from '../../db/queries/sources.ts';
import { PushItem } from '../actions/mentions/schemas.ts';
import type { Deps } from '../core/deps.ts';
import { badRequest } from '../core/errors.ts';
import { checkColumns, IMPORT_BATCH_SIZE, linedBatches, parseColumnMap, type BadRow, type RowSpec } from '../core/ingest/import-rows.ts';
import { pushMentions, type PushedMention } from '../core/ingest/push-mentions.ts';
import { fileFormat, openRecordFile } from './file-records.ts';
import type { ImportProgress } from './import-progress.ts';

/** A mention row is validated exactly as a pushed mention is. */
export const MENTION_ROWS: RowSpec<PushedMention> = {
  schema: PushItem,
  fields: Object.keys(PushItem.shape),
  required: ['text'],
  dateFields: ['published_at'],
};

export interface ImportFileOptions {
  path: string;
  /** The push source's name; created if there is none. */
  source: string;
  format?: string;
  /** `field=column,...` */
  map?: string;
}

export interface ImportSummary {
  source: { id: number | null; name: string; created: boolean };
  read: number;
  new: number;
  updated: number;
  unchanged: number;
  /** Copies of mentions already stored from another source (not stored again). */
  duplicates: number;
  skipped: number;
  seconds: number;
  /** The line reading stopped at, when the rest of the file could not be read. */
  stoppedAt: number | null;
}

export interface ImportHooks {
  onBadRow?: (bad: BadRow) => void;
  onProgress?: (progress: ImportProgress) => void;
}

/** The named push source, if it exists; any other kind is refused (it is fed by polling, not by files). */
async function existingPushSource(deps: Pick<Deps, 'db'>, name: string) {
  const source = await getSourceByName(deps.db, name);
  if (source && source.kind !== 'push') throw badRequest(`source "${name}" is of kind ${source.kind}; mentions can only be imported into a source of kind push`);
  return source;
}

export async function importMentionsFile(deps: Deps, options: ImportFileOptions, hooks: ImportHooks = {}): Promise<ImportSummary> {
  const started = performance.now();
  const name = options.source.trim();
  if (!name || name.length > 100) throw badRequest('--source must be a source name of 1 to 100 characters');
  // Arguments first, then the file: nothing is created or stored unless all of them hold.
  const format = fileFormat(options.path, options.format);
  const columns = parseColumnMap(options.map, MENTION_ROWS.fields);
  const existing = await existingPushSource(deps, name);
  const file = await openRecordFile(options.path, format, (header) => checkColumns(header, columns, MENTION_ROWS));

  const summary: ImportSummary = {
    source: { id: existing?.id ?? null, name, created: false },
    read: 0,
    new: 0,
    updated: 0,
    unchanged: 0,
    duplicates: 0,
    skipped: 0,
    seconds: 0,
    stoppedAt: null,
  };
  for await (const batch of linedBatches(file.records, MENTION_ROWS, columns, IMPORT_BATCH_SIZE)) {
    summary.read += batch.read;
    const bad = [...batch.bad];
    if (batch.rows.length) {
      // Created with the first good batch, so a file refused at its header leaves no empty source behind.
      if (summary.source.id === null) {
        summary.source.id = (await insertSource(deps.db, { name, kind: 'push' })).id;
        summary.source.created = true;
      }
      const stored = await pushMentions(
        deps,
        summary.source.id,
        batch.rows.map((r) => r.item),
      );
      // Rows refused when stored (a publication date out of range) are bad rows too.
      bad.push(...stored.rejected.map((r) => ({ line: batch.rows[r.index]!.line, reason: r.reason })));
      summary.new += stored.new;
      summary.updated += stored.updated;
      summary.unchanged += stored.unchanged;
      summary.duplicates += stored.duplicates;
    }
    bad.sort((a, b) => a.line - b.line);
    summary.skipped += bad.length;
    for (const b of bad) hooks.onBadRow?.(b);
    hooks.onProgress?.({ rows: summary.read, bytes: file.bytesRead(), totalBytes: file.size });
  }
  summary.stoppedAt = file.stoppedAt();
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

/** The one-line summary the command prints. */
export function summaryLine(s: ImportSummary): string {
  const rate = s.seconds > 0 ? Math.round(s.read / s.seconds) : s.read;
  const duplicates = s.duplicates ? `, ${s.duplicates} duplicates of stored mentions` : '';
  const into = s.source.id === null ? `nothing stored` : `source "${s.source.name}" (id ${s.source.id}${s.source.created ? ', created' : ''})`;
  return (
    `${s.read} rows read: ${s.new} new, ${s.updated} updated, ${s.unchanged} unchanged${duplicates}, ${s.skipped} skipped (bad rows); ` +
    `${s.seconds.toFixed(1)} s, ${rate} rows/s; ${into}`
  );
}
