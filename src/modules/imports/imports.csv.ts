/**
 * Reading an uploaded CSV file into a header and data records, with csv-parse: UTF-8 with or
 * without a byte order mark, "," ";" or tab delimited (guessed from the header line when not
 * given), quoted cells over several lines. Problems with the file as a whole name `file`.
 */
import { parse, type Options } from 'csv-parse';
import { AppError } from '../../shared/errors.ts';

/** At most this many data rows in one import. */
export const MAX_IMPORT_ROWS = 50_000;
/** The largest file accepted (bytes). */
export const MAX_IMPORT_BYTES = 16 * 1024 * 1024;
export const MAX_IMPORT_TEXT = '16 MB';

export const DELIMITERS = [',', ';', '\t'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

export interface CsvTable {
  headers: string[];
  /** Data records with their 1-based number (the first line after the header is row 1); blank records are left out. */
  records: { row: number; cells: string[] }[];
  delimiter: Delimiter;
}

export function fileError(message: string): AppError {
  return AppError.validation('file', message);
}

/** The delimiter used most often outside quotes on the first line (the header); "," on a tie. */
export function guessDelimiter(text: string): Delimiter {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best: Delimiter = ',';
  for (const candidate of DELIMITERS) if ((counts.get(candidate) ?? 0) > (counts.get(best) ?? 0)) best = candidate;
  return best;
}

/** UTF-8 text of the bytes, without a byte order mark; invalid UTF-8 is refused. */
export function decodeUtf8(bytes: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw fileError('is not UTF-8 text; save the spreadsheet as "CSV UTF-8"');
  }
  return text;
}

/** csv-parse's callback API (its package entry; the architecture check resolves no sub-path exports). */
function parseCsv(text: string, options: Options): Promise<string[][]> {
  return new Promise((resolve, reject) => {
    parse(text, options, (error, records: string[][] | undefined) => (error ? reject(error) : resolve(records ?? [])));
  });
}

export async function readCsv(bytes: Buffer, delimiter: Delimiter | undefined): Promise<CsvTable> {
  if (bytes.length === 0) throw fileError('is empty');
  const text = decodeUtf8(bytes);
  if (text.includes('\u0000')) throw fileError('contains NUL characters; it is not a text file');
  const chosen = delimiter ?? guessDelimiter(text);
  let records: string[][];
  try {
    records = await parseCsv(text, {
      delimiter: chosen,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: false,
      max_record_size: 1_000_000,
    });
  } catch (error) {
    const lines = (error as { lines?: unknown }).lines;
    const where = typeof lines === 'number' ? ` (near line ${lines})` : '';
    throw fileError(`could not be read as CSV${where}: ${error instanceof Error ? error.message.replace(/^Invalid [^:]*: /, '') : 'unknown error'}`);
  }
  const [header, ...data] = records;
  if (header === undefined || header.every((cell) => cell.trim() === '')) throw fileError('has no header line naming its columns');
  const headers = header.map((cell) => cell.trim());
  const seen = new Set<string>();
  for (const name of headers) {
    if (name !== '' && seen.has(name)) throw fileError(`has the column "${name}" twice; every column needs its own name`);
    seen.add(name);
  }
  const rows = data.map((cells, index) => ({ row: index + 1, cells })).filter(({ cells }) => cells.some((cell) => cell.trim() !== ''));
  if (rows.length > MAX_IMPORT_ROWS) throw fileError(`has more than ${MAX_IMPORT_ROWS.toLocaleString('en')} data rows; split it into several files`);
  if (rows.length === 0) throw fileError('has no data rows below its header');
  return { headers, records: rows, delimiter: chosen };
}
