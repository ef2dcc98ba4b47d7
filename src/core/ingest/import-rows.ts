// Rows of an imported file (CSV or JSON Lines, read by the runtime) → validated items in batches, plus a report of
// every row that could not be used. Generic over the item schema so that mention imports and, later, case imports
// share one set of rules for column mapping, dates and bad rows.
import type { core, ZodType } from 'zod';
import { badRequest } from '../errors.ts';

/** Rows per batch: one database batch each, and the most an import holds in memory at once. */
export const IMPORT_BATCH_SIZE = 500;

/**
 * One record as a file reader found it, by the line it starts on (1-based): its values by column name, or why it
 * could not be read (a CSV row with the wrong number of columns, a line that is not JSON).
 */
export type FileRecord = { line: number; values: Record<string, unknown> } | { line: number; error: string };

/** A row left out, by line and reason; never its content, which may be personal data. */
export interface BadRow {
  line: number;
  reason: string;
}

export interface LinedBatch<T> {
  rows: { line: number; item: T }[];
  bad: BadRow[];
  /** Records this batch covers, good and bad. */
  read: number;
}

/** What one kind of import expects of a row. */
export interface RowSpec<T> {
  schema: ZodType<T>;
  /** Every field the schema reads; by default each comes from the column of the same name. */
  fields: readonly string[];
  /** Fields a file must have a column for (checked against a CSV header before any row is read). */
  required: readonly string[];
  /** Fields that take ISO 8601 or epoch seconds/milliseconds, normalised to ISO 8601 before validation. */
  dateFields: readonly string[];
}

/** The column each field is read from. */
export type ColumnMap = Record<string, string>;

/**
 * `"text=body,published_at=date"` → the column of every field (unnamed fields keep their own name).
 * Throws a BAD_REQUEST naming the problem: these are command-line arguments.
 */
export function parseColumnMap(spec: string | undefined, fields: readonly string[]): ColumnMap {
  const columns: ColumnMap = Object.fromEntries(fields.map((f) => [f, f]));
  const named = new Set<string>();
  for (const pair of (spec ?? '').split(',').filter((p) => p.trim())) {
    const eq = pair.indexOf('=');
    const field = pair.slice(0, eq).trim();
    const column = pair.slice(eq + 1).trim();
    if (eq < 0 || !field || !column) throw badRequest(`--map: "${pair.trim()}" is not field=column`);
    if (!fields.includes(field)) throw badRequest(`--map: unknown field "${field}"; fields: ${fields.join(', ')}`);
    if (named.has(field)) throw badRequest(`--map: "${field}" is mapped twice`);
    named.add(field);
    columns[field] = column;
  }
  return columns;
}

/**
 * Checks a file's column names before any row is read: a required field with no column, or a column named in
 * --map that the file lacks (a typo would otherwise import every row without that field). Throws BAD_REQUEST.
 */
export function checkColumns(header: readonly string[], columns: ColumnMap, spec: Pick<RowSpec<unknown>, 'required' | 'fields'>): void {
  const has = new Set(header);
  const missing = spec.fields.filter((f) => (spec.required.includes(f) || columns[f] !== f) && !has.has(columns[f]!));
  if (!missing.length) return;
  const what = missing.map((f) => (columns[f] === f ? `"${f}"` : `"${columns[f]}" (for ${f})`)).join(', ');
  // The header is not echoed: in a file without one, line 1 is a row of data.
  throw badRequest(`the file has no column ${what} (line 1 must name the columns; map others with --map field=column)`);
}

// Epoch values below this are seconds, above it milliseconds: 1e11 s is the year 5138, 1e11 ms is March 1973.
const SECONDS_BELOW = 1e11;

/** ISO 8601 stays as given (the schema judges it); epoch seconds or ms and a bare date become ISO 8601 in UTC. */
export function normaliseDate(value: unknown): unknown {
  const text = typeof value === 'string' ? value.trim() : value;
  const epoch = typeof text === 'number' ? text : typeof text === 'string' && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : null;
  if (epoch !== null) {
    const date = new Date(Math.abs(epoch) < SECONDS_BELOW ? epoch * 1000 : epoch);
    return Number.isNaN(date.getTime()) ? String(value) : date.toISOString();
  }
  // A calendar date alone has no time zone to get wrong: midnight UTC.
  if (typeof text === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(text)) return `${text}T00:00:00Z`;
  return text;
}

/** A row's values for the schema: empty cells are absent, numbers in text fields become text, dates are ISO. */
function candidate(values: Record<string, unknown>, columns: ColumnMap, spec: RowSpec<unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of spec.fields) {
    const column = columns[field]!;
    // Own properties only: a column named "__proto__" or "constructor" must not reach the prototype.
    const raw = Object.hasOwn(values, column) ? values[column] : undefined;
    if (raw === undefined || raw === null || (typeof raw === 'string' && !raw.trim())) continue;
    if (spec.dateFields.includes(field)) out[field] = normaliseDate(raw);
    else out[field] = typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : raw;
  }
  return out;
}

function describe(issue: core.$ZodIssue, row: Record<string, unknown>, columns: ColumnMap, spec: RowSpec<unknown>): string {
  const field = String(issue.path[0] ?? '');
  const where = field && columns[field] !== field ? `${field} (column "${columns[field]}")` : field || 'row';
  if (field && row[field] === undefined) return `${where}: missing`;
  if (spec.dateFields.includes(field)) return `${where}: not a date (ISO 8601 with a time zone, or epoch seconds or milliseconds)`;
  // Zod's messages name the expectation, never the value.
  return `${where}: ${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}`;
}

/** One row → the item, or the reason it is unusable. */
export function toItem<T>(values: Record<string, unknown>, columns: ColumnMap, spec: RowSpec<T>): { ok: true; item: T } | { ok: false; reason: string } {
  const row = candidate(values, columns, spec);
  const parsed = spec.schema.safeParse(row);
  if (parsed.success) return { ok: true, item: parsed.data };
  return { ok: false, reason: describe(parsed.error.issues[0]!, row, columns, spec) };
}

/**
 * Maps and validates records as they stream in and yields them every `batchSize` records read, good rows (with
 * their line: a row can still turn out bad when stored, an action whose case is unknown) and bad ones together, so
 * neither the items nor the bad-row reports pile up however long the file is.
 */
export async function* linedBatches<T>(records: AsyncIterable<FileRecord>, spec: RowSpec<T>, columns: ColumnMap, batchSize = IMPORT_BATCH_SIZE): AsyncGenerator<LinedBatch<T>> {
  let batch: LinedBatch<T> = { rows: [], bad: [], read: 0 };
  for await (const record of records) {
    batch.read++;
    if ('error' in record) batch.bad.push({ line: record.line, reason: record.error });
    else {
      const result = toItem(record.values, columns, spec);
      if (result.ok) batch.rows.push({ line: record.line, item: result.item });
      else batch.bad.push({ line: record.line, reason: result.reason });
    }
    if (batch.read >= batchSize) {
      yield batch;
      batch = { rows: [], bad: [], read: 0 };
    }
  }
  if (batch.read) yield batch;
}
