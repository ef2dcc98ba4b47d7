import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/core/errors.ts';
import { checkColumns, linedBatches, normaliseDate, parseColumnMap, toItem, type FileRecord } from '../../../src/core/ingest/import-rows.ts';
import { MENTION_ROWS } from '../../../src/cli/import-file.ts';

const FIELDS = MENTION_ROWS.fields;
const identity = parseColumnMap(undefined, FIELDS);

async function* from(records: FileRecord[]) {
  yield* records;
}

async function collect<T>(gen: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of gen) out.push(x);
  return out;
}

describe('parseColumnMap', () => {
  it.each([
    ['no --map: every field from its own column', undefined, {}],
    ['one field renamed', 'text=body', { text: 'body' }],
    ['several, with spaces', ' text = Body , published_at=date,external_id=id ', { text: 'Body', published_at: 'date', external_id: 'id' }],
    ['a column name holding "="', 'title=a=b', { title: 'a=b' }],
  ])('%s', (_, spec, changed) => {
    expect(parseColumnMap(spec, FIELDS)).toEqual({ ...identity, ...changed });
  });

  it.each([
    ['not field=column', 'text', '"text" is not field=column'],
    ['empty column', 'text=', 'is not field=column'],
    ['unknown field', 'body=text', 'unknown field "body"'],
    ['the same field twice', 'text=a,text=b', '"text" is mapped twice'],
  ])('refuses %s', (_, spec, message) => {
    expect(() => parseColumnMap(spec, FIELDS)).toThrow(AppError);
    expect(() => parseColumnMap(spec, FIELDS)).toThrow(message);
  });
});

describe('checkColumns', () => {
  it.each([
    ['the default names', ['text', 'url'], undefined, null],
    ['mapped text present', ['body', 'date'], 'text=body,published_at=date', null],
    ['no text column', ['body', 'url'], undefined, 'no column "text"'],
    ['a mapped column missing (typo)', ['text', 'when'], 'published_at=wen', '"wen" (for published_at)'],
  ])('%s', (_, header, map, error) => {
    const check = () => checkColumns(header, parseColumnMap(map, FIELDS), MENTION_ROWS);
    if (error === null) expect(check).not.toThrow();
    else expect(check).toThrow(error);
  });

  it('never echoes the header, which may be a row of data', () => {
    let message = '';
    try {
      checkColumns(['Anna Virtanen', '0401234567'], identity, MENTION_ROWS);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('no column "text"');
    expect(message).not.toMatch(/Virtanen|0401234567/);
  });
});

describe('normaliseDate', () => {
  it.each([
    ['ISO 8601 with Z stays', '2024-05-01T10:00:00Z', '2024-05-01T10:00:00Z'],
    ['ISO 8601 with an offset stays', '2024-05-01T12:00:00+02:00', '2024-05-01T12:00:00+02:00'],
    ['a bare date is midnight UTC', '2024-05-01', '2024-05-01T00:00:00Z'],
    ['epoch seconds (text)', '1714557600', '2024-05-01T10:00:00.000Z'],
    ['epoch seconds (JSON number)', 1714557600, '2024-05-01T10:00:00.000Z'],
    ['epoch milliseconds', '1714557600123', '2024-05-01T10:00:00.123Z'],
    ['fractional epoch seconds', '1714557600.5', '2024-05-01T10:00:00.500Z'],
    ['surrounding spaces', ' 1714557600 ', '2024-05-01T10:00:00.000Z'],
    ['an epoch too large for a date is left to fail', '99999999999999999999', '99999999999999999999'],
    ['anything else is left for validation', '1 May 2024', '1 May 2024'],
  ])('%s', (_, input, expected) => {
    expect(normaliseDate(input)).toBe(expected);
  });
});

describe('toItem', () => {
  const map = (spec?: string) => parseColumnMap(spec, FIELDS);
  it.each([
    [
      'the default columns',
      { text: 'Lumera ringde tre gånger idag.', url: 'https://example.com/sv/1', language: 'sv' },
      undefined,
      { text: 'Lumera ringde tre gånger idag.', url: 'https://example.com/sv/1', language: 'sv' },
    ],
    [
      'mapped columns and an epoch date',
      { body: 'Lumera zadzwoniła w sprawie raty.', when: '1714557600', id: 'pl-7' },
      'text=body,published_at=when,external_id=id',
      { text: 'Lumera zadzwoniła w sprawie raty.', published_at: '2024-05-01T10:00:00.000Z', external_id: 'pl-7' },
    ],
    ['empty cells are absent, other columns ignored', { text: 'Lumera vastasi nopeasti.', url: '', title: '  ', note: 'x' }, undefined, { text: 'Lumera vastasi nopeasti.' }],
    ['a numeric id from JSON becomes text', { text: 'Lumera piezvanīja vakar.', external_id: 42 }, undefined, { text: 'Lumera piezvanīja vakar.', external_id: '42' }],
  ])('maps %s', (_, values, spec, expected) => {
    expect(toItem(values, map(spec), MENTION_ROWS)).toEqual({ ok: true, item: expected });
  });

  it.each([
    ['no text', { url: 'https://example.com/1' }, undefined, 'text: missing'],
    ['blank text', { text: '   ' }, undefined, 'text: missing'],
    ['no text in the mapped column', { text: 'ignored', body: '' }, 'text=body', 'text (column "body"): missing'],
    ['a URL that is not http(s)', { text: 'Lumera', url: 'ftp://example.com/x' }, undefined, 'url: invalid URL'],
    ['a date without a time zone', { text: 'Lumera', published_at: '2024-05-01T10:00:00' }, undefined, 'published_at: not a date'],
    ['a date that is no date', { text: 'Lumera', date: 'yesterday' }, 'published_at=date', 'published_at (column "date"): not a date'],
    ['a text field holding an object', { text: { nested: true } }, undefined, 'text: invalid input: expected string'],
  ])('refuses %s, without the value in the reason', (_, values, spec, reason) => {
    const r = toItem(values as Record<string, unknown>, map(spec), MENTION_ROWS);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toContain(reason);
      expect(r.reason).not.toMatch(/yesterday|ftp:|example\.com/);
    }
  });

  it('reads own columns only, never the prototype', () => {
    expect(toItem({}, map('text=__proto__'), MENTION_ROWS)).toMatchObject({ ok: false, reason: 'text (column "__proto__"): missing' });
  });
});

describe('linedBatches', () => {
  it('yields batches of N records read, with bad rows by line and reader errors passed through', async () => {
    const records: FileRecord[] = [
      { line: 2, values: { text: 'Lumera called about the invoice.' } },
      { line: 3, values: { text: '' } },
      { line: 5, error: 'expected 3 columns, found 4' }, // line 4 is a blank line the reader passed over
      { line: 6, values: { text: 'Lumera ringde igen.', published_at: 'soon' } },
      { line: 7, values: { text: 'Lumera lähetti kirjeen.' } },
    ];
    const batches = await collect(linedBatches(from(records), MENTION_ROWS, identity, 2));
    expect(batches.map((b) => b.read)).toEqual([2, 2, 1]);
    expect(batches.map((b) => b.rows.map((r) => r.line))).toEqual([[2], [], [7]]);
    expect(batches.flatMap((b) => b.bad)).toEqual([
      { line: 3, reason: 'text: missing' },
      { line: 5, reason: 'expected 3 columns, found 4' },
      { line: 6, reason: 'published_at: not a date (ISO 8601 with a time zone, or epoch seconds or milliseconds)' },
    ]);
  });

  it('yields nothing for no records', async () => {
    expect(await collect(linedBatches(from([]), MENTION_ROWS, identity))).toEqual([]);
  });

  it('uses 500 records per batch by default', async () => {
    const many = Array.from({ length: 1201 }, (_, i): FileRecord => ({ line: i + 2, values: { text: `Lumera ${i}` } }));
    expect((await collect(linedBatches(from(many), MENTION_ROWS, identity))).map((b) => b.rows.length)).toEqual([500, 500, 201]);
  });
});
