/**
 * POST /imports takes multipart/form-data (the CSV as `file`, the options as fields), so it
 * lives in its own encapsulated scope: only there is @fastify/multipart registered, with its
 * limits, and framework errors about the upload (too large, not multipart) name `file`, as
 * raw-body uploads do (kernel/http/raw-body.ts). The imports list and detail are plain routes.
 */
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { errorHandler, problemType } from '../../kernel/http/problems.ts';
import { rawBodyError } from '../../kernel/http/raw-body.ts';
import { IdParams, problemResponses } from '../../kernel/http/schemas.ts';
import { AppError } from '../../shared/errors.ts';
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, MAX_IMPORT_TEXT } from './imports.csv.ts';
import { parseMapping } from './imports.fields.ts';
import { ImportFields, ImportList, ImportListQuery, ImportProblem, ImportRecord, ImportResult } from './imports.schemas.ts';
import { ImportRejected, getImport, listImports, runImport, type ImportOptions, type Upload } from './imports.service.ts';

const tags = ['Imports'];
const TOO_LARGE = `must be at most ${MAX_IMPORT_TEXT}`;

/** The upload's parts: the file's bytes and the other fields, checked. */
async function readForm(request: FastifyRequest): Promise<{ upload: Upload; options: ImportOptions }> {
  let upload: Upload | null = null;
  const fields: Record<string, string> = {};
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') throw AppError.validation(part.fieldname.slice(0, 50) || 'body', 'is not a field of an import (the CSV goes in "file")');
        if (upload !== null) throw AppError.validation('file', 'must be one file');
        upload = { bytes: await part.toBuffer(), fileName: part.filename ? part.filename.slice(0, 255) : null };
      } else {
        if (part.valueTruncated || part.fieldnameTruncated) throw AppError.validation(part.fieldname.slice(0, 50), 'is too long');
        if (part.fieldname in fields) throw AppError.validation(part.fieldname, 'is given twice');
        fields[part.fieldname] = typeof part.value === 'string' ? part.value : String(part.value);
      }
    }
  } catch (error) {
    if (error instanceof AppError || (error as FastifyError).code?.startsWith('FST_')) throw error;
    throw AppError.validation('file', 'could not be read: the request is not well-formed multipart/form-data');
  }
  if (upload === null) throw AppError.validation('file', 'is required: the CSV file as a multipart/form-data part named "file"');
  const parsed = ImportFields.safeParse(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.code === 'unrecognized_keys' ? (issue.keys[0] ?? 'body') : (issue?.path.map(String).join('.') ?? 'body');
    throw AppError.validation(path || 'body', issue?.code === 'unrecognized_keys' ? 'is not a field of an import' : (issue?.message ?? 'is invalid'));
  }
  const f = parsed.data;
  return {
    upload,
    options: {
      type: f.type,
      mapping: parseMapping(f.mapping),
      decimalSeparator: f.decimal_separator,
      dryRun: f.dry_run,
      onDuplicate: f.on_duplicate,
      delimiter: f.delimiter,
    },
  };
}

function uploadError(error: FastifyError): AppError | null {
  switch (error.code) {
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return rawBodyError('file', 'payload_too_large', TOO_LARGE);
    case 'FST_FILES_LIMIT':
      return rawBodyError('file', 'payload_too_large', 'must be one file');
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return rawBodyError('body', 'payload_too_large', 'has too many fields');
    case 'FST_PROTO_VIOLATION':
      return rawBodyError('body', 'validation', 'has a field name that is not allowed');
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return rawBodyError('file', 'unsupported_media_type', 'must be sent as multipart/form-data');
    default:
      return null;
  }
}

export function registerImportRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    await scope.register(multipart, { limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 10, parts: 12, fieldSize: 200_000 } });
    scope.setErrorHandler((error: FastifyError, request, reply) => errorHandler(uploadError(error) ?? error, request, reply));

    scope.withTypeProvider<ZodTypeProvider>().post(
      '/imports',
      {
        config: { requires: 'accountant' },
        schema: {
          tags,
          summary: `Import customers, products or tax rates from a CSV file (multipart/form-data; at most ${MAX_IMPORT_TEXT} and ${MAX_IMPORT_ROWS.toLocaleString('en')} rows; all or nothing)`,
          consumes: ['multipart/form-data'],
          response: { 200: ImportResult, 201: ImportResult, 422: ImportProblem, ...problemResponses(401, 403, 409, 413, 415) },
        },
      },
      async (request, reply) => {
        const { upload, options } = await readForm(request);
        try {
          const { status, result } = await runImport(contextOf(request, deps), upload, options);
          return reply.code(status).send(result);
        } catch (error) {
          if (!(error instanceof ImportRejected)) throw error;
          const { result } = error;
          const errors = result.errors.map((e) => ({ path: 'file', row: e.row, column: e.column, message: `row ${e.row}${e.column === null ? '' : `, column "${e.column}"`}: ${e.message}` }));
          return reply
            .code(422)
            .type('application/problem+json; charset=utf-8')
            .send({ type: problemType('validation'), title: 'Invalid input', status: 422, detail: `file: ${result.error_count} problem(s) in ${result.rows - result.valid} row(s); nothing was imported`, errors, import: result });
        }
      },
    );
  });

  api.get(
    '/imports',
    {
      config: { requires: 'accountant' },
      schema: { tags, summary: 'Imports that ran, newest first', querystring: ImportListQuery, response: { 200: ImportList, ...problemResponses(401, 403, 422) } },
    },
    async (request) => listImports(contextOf(request, deps), request.query),
  );

  api.get(
    '/imports/:id',
    {
      config: { requires: 'accountant' },
      schema: { tags, summary: 'One import: its file, counts, who ran it and when', params: IdParams, response: { 200: ImportRecord, ...problemResponses(401, 403, 404) } },
    },
    async (request) => getImport(contextOf(request, deps), request.params.id),
  );
}
