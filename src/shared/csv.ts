/**
 * CSV export (RFC 4180): fields with commas, quotes or line breaks are quoted and quotes
 * doubled; lines end in CRLF. Spreadsheet formula injection is neutralised: a text cell
 * starting with =, +, -, @, tab or carriage return gets a leading apostrophe, so
 * `=HYPERLINK(…)` shows as text. Numbers (amounts) are written as they are, so "-12.50"
 * stays a number.
 */
export type CsvCell = string | number | bigint | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;
/** An amount or quantity as the API writes them: not formula-like even when negative. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
