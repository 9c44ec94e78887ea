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

/**
 * A cell for a CSV in a locale's own dialect: German, French and Spanish spreadsheets split
 * on ";" and read "12,50" as a number, so `delimiter` is quoted as a comma is above.
 * Formula neutralisation as in `csvCell`. A `decimal` is an amount as the API writes it
 * ("-12.50"), given the locale's decimal separator, and kept numeric (never escaped).
 */
export function csvLocaleCell(value: CsvCell | { decimal: string }, delimiter: string, decimalSeparator: string): string {
  if (value !== null && typeof value === 'object') {
    if (!PLAIN_NUMBER.test(value.decimal)) return csvLocaleCell(value.decimal, delimiter, decimalSeparator);
    const text = value.decimal.replace('.', decimalSeparator);
    return text.includes(delimiter) ? `"${text}"` : text;
  }
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) || text.includes(delimiter) ? `"${text.replace(/"/g, '""')}"` : text;
}
