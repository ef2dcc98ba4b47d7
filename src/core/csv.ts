// CSV for people to open in a spreadsheet: RFC 4180 quoting, CRLF rows, and no cell a spreadsheet would run as a
// formula (a leading =, +, -, @, tab or carriage return gets a leading apostrophe, as OWASP advises).

const FORMULA = /^[=+\-@\t\r]/;

/** One cell: numbers as they are, text quoted when it must be and defused when it could be a formula. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header row and the data rows, as one CSV document. */
export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
