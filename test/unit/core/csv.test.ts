import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../../src/core/csv.ts';

describe('CSV', () => {
  it('quotes what must be quoted and defuses cells a spreadsheet would run as a formula', () => {
    expect(csvCell('Riga B')).toBe('Riga B');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    for (const lead of ['+1', '-1', '@SUM(A1)', '\tx']) expect(csvCell(lead).replace(/^"/, '')).toMatch(/^'/);
    expect([csvCell(12.5), csvCell(-3), csvCell(null), csvCell(undefined), csvCell(Number.NaN)]).toEqual(['12.5', '-3', '', '', '']);
  });

  it('writes a header and rows with CRLF line ends', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          [1, 'x'],
          [null, 'y,z'],
        ],
      ),
    ).toBe('a,b\r\n1,x\r\n,"y,z"\r\n');
  });
});
