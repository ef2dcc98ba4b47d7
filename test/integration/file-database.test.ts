import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openLibsqlDb } from '../../src/runtime/db-libsql.ts';

const dir = mkdtempSync(join(tmpdir(), 'earshot-file-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a file database', () => {
  it('holds its settings on every statement, also when queries overlap: secure delete, the busy timeout, foreign keys, WAL', async () => {
    const { client } = await openLibsqlDb(`file:${join(dir, 'x.db')}`);
    try {
      const ask = (pragma: string) => client.execute(`PRAGMA ${pragma}`).then((r) => Object.values(r.rows[0]!)[0]);
      // Overlapping calls, as a Promise.all of a page's queries makes them.
      const answers = await Promise.all(Array.from({ length: 4 }, () => Promise.all([ask('secure_delete'), ask('busy_timeout'), ask('foreign_keys'), ask('journal_mode')])));
      for (const a of answers) expect(a).toEqual([1, 5000, 1, 'wal']);
    } finally {
      client.close();
    }
  });
});
