// Reading an import file as a stream of records (see core/ingest/import-rows.ts for what becomes of them): CSV
// through csv-parse, JSON Lines split here. Only one read-ahead chunk and one record are held at a time, so a
// 1 GB file costs what a 1 MB one does.
import type { ReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { badRequest } from '../core/errors.ts';
import type { FileRecord } from '../core/ingest/import-rows.ts';

export const FILE_FORMATS = ['csv', 'jsonl'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

/** The longest record read; past it the file is taken to be broken (an unclosed quote would swallow the rest). */
const MAX_RECORD_CHARS = 4 * 1024 * 1024;

/** --format if given, else the file's extension. */
export function fileFormat(path: string, format?: string): FileFormat {
  if (format !== undefined) {
    if ((FILE_FORMATS as readonly string[]).includes(format)) return format as FileFormat;
    throw badRequest(`--format must be one of ${FILE_FORMATS.join(', ')}`);
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  throw badRequest(`cannot tell the format of ${path} from its name (.csv, .jsonl, .ndjson); use --format csv|jsonl`);
}

export interface RecordFile {
  size: number;
  bytesRead: () => number;
  records: AsyncGenerator<FileRecord>;
  /** Set once reading ended early because the rest of the file could not be read (CSV quoting broken). */
  stoppedAt: () => number | null;
}

const WHY_UNREADABLE: Record<string, string> = { ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'it is a folder' };

/**
 * Opens a file for import; a file that cannot be opened fails here, before anything is imported. `onHeader` sees a
 * CSV's column names before any row and may throw to refuse the file.
 */
export async function openRecordFile(path: string, format: FileFormat, onHeader: (columns: string[]) => void = () => {}): Promise<RecordFile> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    throw badRequest(`cannot read ${path}: ${WHY_UNREADABLE[code] ?? (code || 'unreadable')}`);
  }
  const stat = await handle.stat();
  if (!stat.isFile()) {
    await handle.close();
    throw badRequest(`cannot read ${path}: not a file`);
  }
  const input: ReadStream = handle.createReadStream({ highWaterMark: 64 * 1024 });
  let stoppedAt: number | null = null;
  const records = format === 'csv' ? csvRecords(input, onHeader, (line) => (stoppedAt = line)) : jsonlRecords(input);
  return { size: stat.size, bytesRead: () => input.bytesRead, records, stoppedAt: () => stoppedAt };
}

/** Line breaks in a record's raw text: CRLF, LF or CR, each counted once. */
const lineBreaks = (raw: string) => raw.match(/\r\n|\r|\n/g)?.length ?? 0;

/**
 * RFC 4180 records keyed by the header row. Line numbers are counted here from each record's raw text: csv-parse's
 * own count takes a CRLF inside a quoted field for two lines.
 */
async function* csvRecords(input: Readable, onHeader: (columns: string[]) => void, stop: (line: number) => void): AsyncGenerator<FileRecord> {
  // The one error left once quotes and column counts are relaxed: a quoted field that never closes. csv-parse can
  // only skip it by swallowing the rest of the file, so reading stops at the last good record before it.
  let brokenAfter: number | null = null;
  const parser = input.pipe(
    parse({
      bom: true,
      raw: true,
      record_delimiter: ['\r\n', '\n', '\r'], // mixed endings too; auto-detection fixes on the first one seen
      relax_quotes: true, // a stray quote inside an unquoted field (5" screen) is text, as in spreadsheets
      relax_column_count: true, // checked below, so that such a row is reported rather than ending the import
      max_record_size: MAX_RECORD_CHARS,
      skip_records_with_error: true,
      on_skip: (err) => void (brokenAfter ??= Number(err?.records ?? 0)), // records read before it
    }),
  );
  input.once('error', (err) => parser.destroy(err));
  let header: string[] | null = null;
  let line = 1;
  let parsed = 0;
  try {
    for await (const { record, raw } of parser as AsyncIterable<{ record: string[]; raw: string }>) {
      if (brokenAfter !== null && parsed >= brokenAfter) break;
      parsed++;
      const start = line;
      line += lineBreaks(raw);
      if (record.length === 1 && record[0] === '') continue; // a blank line
      if (!header) {
        header = record;
        onHeader(header);
        continue;
      }
      if (record.length !== header.length) {
        yield { line: start, error: `expected ${header.length} columns, found ${record.length}` };
        continue;
      }
      const values: Record<string, unknown> = {};
      header.forEach((name, i) => {
        if (!Object.hasOwn(values, name)) values[name] = record[i]; // a repeated column name: the first one counts
      });
      yield { line: start, values };
    }
  } finally {
    parser.destroy();
    input.destroy();
  }
  if (brokenAfter !== null) {
    stop(line);
    yield { line, error: 'a quoted field opens here and is never closed, so the rest of the file cannot be read' };
  }
}

/** One JSON object per line; blank lines are passed over. */
async function* jsonlRecords(input: Readable): AsyncGenerator<FileRecord> {
  const decoder = new TextDecoder(); // UTF-8; drops a leading BOM
  let pending = '';
  let line = 0;
  let overlong = false; // inside a line already reported as too long, until its end
  const record = (text: string): FileRecord | null => {
    if (!text.trim()) return null;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return { line, error: 'not valid JSON' };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { line, error: 'not a JSON object' };
    return { line, values: value as Record<string, unknown> };
  };
  try {
    for await (const chunk of input) {
      pending += decoder.decode(chunk as Buffer, { stream: true });
      let from = 0;
      for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n', from)) {
        const text = pending.slice(from, nl);
        from = nl + 1;
        if (overlong) {
          overlong = false; // the end of the long line
          continue;
        }
        line++;
        const r = record(text);
        if (r) yield r;
      }
      pending = pending.slice(from);
      if (!overlong && pending.length > MAX_RECORD_CHARS) {
        line++;
        overlong = true;
        yield { line, error: `longer than ${MAX_RECORD_CHARS / 1024 / 1024} MiB` };
      }
      if (overlong) pending = '';
    }
    pending += decoder.decode();
    if (!overlong) {
      line++;
      const r = record(pending);
      if (r) yield r;
    }
  } finally {
    input.destroy();
  }
}
