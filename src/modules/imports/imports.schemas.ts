import { z } from 'zod';
import { ListQuery } from '../../kernel/http/schemas.ts';
import { IMPORT_TYPES } from './imports.fields.ts';

export const ImportType = z.enum(IMPORT_TYPES);

const RowErrorOut = z
  .object({
    row: z.number().int().meta({ description: '1-based data row: the first line after the header line is row 1 (a spreadsheet shows it as line 2)' }),
    column: z.string().nullable().meta({ description: "The column's header as in the file; null when the problem is the row as a whole" }),
    message: z.string(),
  })
  .meta({ id: 'ImportRowError' });

export const ImportRecord = z
  .object({
    id: z.string(),
    type: ImportType,
    file_name: z.string().nullable(),
    rows: z.number().int().meta({ description: 'Data rows in the file (blank lines not counted)' }),
    created: z.number().int(),
    updated: z.number().int(),
    skipped: z.number().int(),
    created_by: z.string().nullable().meta({ description: 'The user who ran the import' }),
    created_at: z.string(),
  })
  .meta({ id: 'Import' });
export type ImportRecordOut = z.output<typeof ImportRecord>;

export const ImportResult = z
  .object({
    id: z.string().nullable().meta({ description: 'The import; null for a dry run or a refused run' }),
    type: ImportType,
    dry_run: z.boolean(),
    file_name: z.string().nullable(),
    rows: z.number().int(),
    valid: z.number().int().meta({ description: 'Rows without problems' }),
    created: z.number().int().meta({ description: 'Created (a dry run: would be created)' }),
    updated: z.number().int(),
    skipped: z.number().int().meta({ description: 'Duplicates left as they are (on_duplicate=skip)' }),
    created_by: z.string().nullable(),
    created_at: z.string().nullable(),
    error_count: z.number().int(),
    errors: z.array(RowErrorOut).meta({ description: `Row problems, at most 1000 listed` }),
    replayed: z.boolean().meta({ description: 'true: the same file was imported before; this is that import, nothing was created now' }),
  })
  .meta({ id: 'ImportResult' });
export type ImportResultOut = z.output<typeof ImportResult>;

/** 422 of a real run with invalid rows: a problem whose `errors` name the row and column, and the counts. */
export const ImportProblem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string(), row: z.number().int().optional(), column: z.string().nullable().optional() })).optional(),
    import: ImportResult.optional(),
  })
  .meta({ id: 'ImportProblem' });

export const ImportListQuery = ListQuery;

export const ImportList = z.object({ data: z.array(ImportRecord), next_cursor: z.string().nullable() }).meta({ id: 'ImportList' });

/** The form fields besides `file`, as strings. */
export const ImportFields = z
  .object({
    type: ImportType,
    mapping: z.string().max(100_000),
    decimal_separator: z.enum(['.', ',']).default('.'),
    dry_run: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
    on_duplicate: z.enum(['report', 'update', 'skip']).default('report'),
    delimiter: z.enum([',', ';', '\t', 'tab']).optional().transform((v) => (v === 'tab' ? '\t' : v)),
  })
  .strict();
