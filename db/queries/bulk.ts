// Bulk reads and writes pass their rows as one JSON parameter per chunk (json_each), so any number of rows costs a
// few bound parameters (D1: 100) and a few statements.
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';

/** Rows per JSON parameter (one statement each) unless a caller says otherwise: well under D1's per-statement limits. */
const CHUNK = 500;

export function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Rows (each already JSON) as JSON arrays of at most `maxChars` characters (a row is never split), for statements
 * over wide rows such as mentions and analyses: the fewer statements, the fewer prepares, and a trigger-laden upsert
 * takes about half a millisecond to prepare. 400,000 characters stay under D1's 2 MB per value whatever the script.
 */
export function jsonChunks(rows: string[], maxChars = 400_000): string[] {
  const out: string[] = [];
  let part: string[] = [];
  let size = 0;
  for (const json of rows) {
    if (part.length && size + json.length + 1 > maxChars) {
      out.push(`[${part.join(',')}]`);
      part = [];
      size = 0;
    }
    part.push(json);
    size += json.length + 1;
  }
  if (part.length) out.push(`[${part.join(',')}]`);
  return out;
}

/** The `n` a `SELECT count(*) AS n …` answers: what a batch is about to remove, for the counts it reports. */
export const countOf = async (db: Db, query: SQL) => Number((await db.all<{ n: number }>(query))[0]?.n ?? 0);

/**
 * The rows of a JSON parameter as the CTE `j(value)`, each decoded once into SQLite's binary JSON, for statements that
 * read many fields of every row: `json_extract` on text parses the whole row again for each field (1,000 analyses
 * with their evidence: 50 ms), on binary JSON it does not (3 ms). MATERIALIZED keeps SQLite from repeating the
 * decoding in every field. Use as sql`WITH ${jsonRows(json)} INSERT INTO … SELECT … FROM j`.
 */
export const jsonRows = (json: string) => sql`j AS MATERIALIZED (SELECT jsonb(value) AS value FROM json_each(${json}))`;
