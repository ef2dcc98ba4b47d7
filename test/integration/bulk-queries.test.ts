// Bulk queries pass their rows as one JSON parameter per chunk (db/queries/bulk.ts): rows that span several chunks
// are written and read whole, and what a batch reports it removed is counted the same way.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { chunks, countOf } from '../../db/queries/bulk.ts';
import { casesByRefDigits } from '../../db/queries/case-links.ts';
import { casesByRef, upsertCases, type CaseWrite } from '../../db/queries/cases.ts';
import { T0, testDb } from '../helpers/test-deps.ts';

describe('chunks', () => {
  it('splits rows in order into parts of at most the size (500 unless told), the last one shorter', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([], 2)).toEqual([]);
    const many = Array.from({ length: 1001 }, (_, i) => i);
    expect(chunks(many).map((p) => p.length)).toEqual([500, 500, 1]);
    expect(chunks(many).flat()).toEqual(many);
  });
});

describe('bulk writes and reads across chunks', () => {
  it('stores 1,201 cases in three chunks, finds every one by reference and by digits, and counts them', async () => {
    const db = await testDb();
    const rows: CaseWrite[] = Array.from({ length: 1201 }, (_, i) => ({
      caseRef: `LV-${40_000_000 + i}`,
      creditor: 'Telia',
      segment: 'unable',
      country: 'LV',
      openedAt: T0,
      closedAt: null,
      status: 'open',
      amount: null,
      currency: null,
      language: null,
      team: null,
      rowHash: `h${i}`,
      identifiers: [],
    }));
    await upsertCases(db, rows, T0);

    expect(await countOf(db, sql`SELECT count(*) AS n FROM cases`)).toBe(1201);
    expect(await countOf(db, sql`SELECT count(*) AS n FROM cases WHERE creditor = 'Elisa'`)).toBe(0);
    expect(
      [
        ...(
          await casesByRef(
            db,
            rows.map((r) => r.caseRef),
          )
        ).keys(),
      ].sort(),
    ).toEqual(rows.map((r) => r.caseRef).sort());
    const byDigits = await casesByRefDigits(
      db,
      rows.map((r) => r.caseRef.slice(3)),
    );
    expect(byDigits.map((c) => c.caseRef).sort()).toEqual(rows.map((r) => r.caseRef).sort());
  });
});
