/**
 * The import page's server calls and its local preview. The preview is read in the browser
 * with csv-parse (the parser the server uses), so headers can be mapped before uploading;
 * the server reads the file again and decides.
 */
import { parse } from 'csv-parse/browser/esm/sync';
import { ApiError } from '../../api/client.ts';
import type { ImportType } from '../../../../src/domain/import-fields.ts';
import type { ImportResultOut } from '../../../../src/modules/imports/imports.schemas.ts';

export type ImportResult = ImportResultOut;
export type OnDuplicate = 'report' | 'update' | 'skip';
export type DecimalSeparator = '.' | ',';

export interface Preview {
  headers: string[];
  rows: string[][];
  delimiter: string;
}

/** The delimiter used most outside quotes on the header line ("," on a tie), as the server guesses it. */
function guessDelimiter(text: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char in counts) counts[char] = (counts[char] ?? 0) + 1;
  }
  return Object.entries(counts).reduce((best, [d, n]) => (n > (counts[best] ?? 0) ? d : best), ',');
}

/** The header and the first `limit` data rows (blank rows left out). */
export function previewCsv(text: string, limit = 5): Preview {
  const clean = text.replace(/^\uFEFF/u, '');
  const delimiter = guessDelimiter(clean);
  // Only the beginning is previewed: cut at a line break well past what is shown.
  const records: string[][] = parse(clean.slice(0, 200_000), { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, to: limit + 1 });
  const [header = [], ...rows] = records;
  return { headers: header.map((h) => h.trim()), rows: rows.filter((r) => r.some((c) => c.trim() !== '')), delimiter };
}

export interface ImportRequest {
  file: File;
  type: ImportType;
  mapping: Record<string, string | null>;
  decimalSeparator: DecimalSeparator;
  onDuplicate: OnDuplicate;
  dryRun: boolean;
}

/** A refused real run: the problem's `import` has the row errors. */
export class ImportRefused extends ApiError {
  constructor(
    status: number,
    message: string,
    readonly result: ImportResult,
  ) {
    super(status, message);
  }
}

export async function sendImport(request: ImportRequest): Promise<ImportResult> {
  const form = new FormData();
  form.append('type', request.type);
  form.append('mapping', JSON.stringify(request.mapping));
  form.append('decimal_separator', request.decimalSeparator);
  form.append('on_duplicate', request.onDuplicate);
  form.append('dry_run', String(request.dryRun));
  form.append('file', request.file, request.file.name);
  const response = await fetch('/api/v1/imports', { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json' }, body: form });
  const text = await response.text();
  const data = (text ? JSON.parse(text) : null) as (ImportResult & { detail?: string; title?: string; errors?: { path: string; message: string }[]; import?: ImportResult }) | null;
  if (!response.ok) {
    const message = data?.detail ?? data?.title ?? `Request failed (${response.status})`;
    if (data?.import) throw new ImportRefused(response.status, message, data.import);
    throw new ApiError(response.status, message, data?.errors ?? []);
  }
  if (data === null) throw new ApiError(response.status, 'Empty answer');
  return data;
}
