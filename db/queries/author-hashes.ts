// Keyed hashes of mention authors (mention_author_hashes), by which mentions are linked to the cases of the same
// person: written with the mentions, or by the back-fill for mentions stored before.
import { sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { runBatch } from '../client.ts';
import { chunks } from './bulk.ts';

/**
 * Statements (for the batch that stores mentions) replacing the author hashes of these mentions of a source, found
 * by external key: run after the mentions are written.
 */
export function replaceAuthorHashesStatements(db: Db, sourceId: number, rows: { externalKey: string; hashes: string[] }[]) {
  return chunks(rows).flatMap((part) => {
    const json = JSON.stringify(part.map((r) => ({ k: r.externalKey, h: r.hashes })));
    return [
      db.run(sql`
        DELETE FROM mention_author_hashes WHERE mention_id IN (
          SELECT m.id FROM json_each(${json}) j CROSS JOIN mentions m ON m.source_id = ${sourceId} AND m.external_key = json_extract(j.value, '$.k'))`),
      db.run(sql`
        INSERT OR IGNORE INTO mention_author_hashes (mention_id, hash)
        SELECT m.id, h.value FROM json_each(${json}) j
        CROSS JOIN mentions m ON m.source_id = ${sourceId} AND m.external_key = json_extract(j.value, '$.k')
        CROSS JOIN json_each(j.value, '$.h') h`),
    ];
  });
}

/** Adds author hashes of stored mentions by id (the back-fill). */
export async function insertAuthorHashes(db: Db, rows: { mentionId: number; hashes: string[] }[]): Promise<void> {
  const statements = chunks(rows.filter((r) => r.hashes.length)).map((part) =>
    db.run(sql`
      INSERT OR IGNORE INTO mention_author_hashes (mention_id, hash)
      SELECT json_extract(j.value, '$.m'), h.value FROM json_each(${JSON.stringify(part.map((r) => ({ m: r.mentionId, h: r.hashes })))}) j
      CROSS JOIN json_each(j.value, '$.h') h`),
  );
  await runBatch(db, statements);
}

/** Stored mentions with an author after `afterId`, in id order (the back-fill's walk). */
export async function mentionAuthorsAfter(db: Db, afterId: number, limit: number) {
  const rows = await db.all<{ id: number; author: string }>(sql`
    SELECT id, author FROM mentions WHERE id > ${afterId} AND author IS NOT NULL ORDER BY id LIMIT ${limit}`);
  return rows.map((r) => ({ id: Number(r.id), author: r.author }));
}

export async function backfillCursor(db: Db, name: string): Promise<number> {
  const rows = await db.all<{ last_id: number }>(sql`SELECT last_id FROM backfill_cursors WHERE name = ${name}`);
  return Number(rows[0]?.last_id ?? 0);
}

export async function setBackfillCursor(db: Db, name: string, lastId: number, now: number): Promise<void> {
  await db.run(sql`
    INSERT INTO backfill_cursors (name, last_id, updated_at) VALUES (${name}, ${lastId}, ${now})
    ON CONFLICT (name) DO UPDATE SET last_id = excluded.last_id, updated_at = excluded.updated_at`);
}
