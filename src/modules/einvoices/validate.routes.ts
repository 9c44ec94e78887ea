/**
 * POST /einvoices/validate: checks any UBL or CII e-invoice (ours or a supplier's) against the
 * official EN 16931 rules. The XML is the request body (application/xml or text/xml, at most
 * 5 MB, UTF-8). An unreadable document is a 422 naming the body; a readable one gets the
 * rule findings, valid or not.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { problemResponses } from '../../kernel/http/schemas.ts';
import { RawBody, rawBodyError, rawBodyScope, type RawBodyErrorCode } from '../../kernel/http/raw-body.ts';
import type { AppError } from '../../shared/errors.ts';
import { EInvoiceValidationOut } from './einvoices.schemas.ts';
import { NotAnEInvoiceError, validateEInvoice } from './validation/validate.ts';

export const XML_TYPES = ['application/xml', 'text/xml'];
export const EINVOICE_MAX_BYTES = 5 * 1024 * 1024;

function bodyError(code: RawBodyErrorCode, message: string): AppError {
  return rawBodyError('body', code, message);
}

export function xmlText(body: unknown): string {
  if (!(body instanceof RawBody) || body.bytes.length === 0) throw bodyError('validation', 'is empty: send the e-invoice XML as the request body');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body.bytes);
  } catch {
    throw bodyError('validation', 'must be UTF-8 encoded');
  }
}

export function registerValidateRoutes(app: FastifyInstance, _deps: AppDeps): void {
  rawBodyScope(app, { types: XML_TYPES, maxBytes: EINVOICE_MAX_BYTES, field: 'body', maxText: '5 MB', typesText: 'application/xml or text/xml' }, (scope) => {
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/einvoices/validate',
      {
        config: { requires: 'viewer' },
        bodyLimit: EINVOICE_MAX_BYTES,
        schema: {
          tags: ['E-invoices'],
          summary: 'Check a UBL 2.1 or CII D16B e-invoice (the XML as the body) against the official EN 16931 rules',
          consumes: XML_TYPES,
          response: { 200: EInvoiceValidationOut, ...problemResponses(401, 413, 415, 422) },
        },
      },
      async (request) => {
        try {
          return await validateEInvoice(xmlText(request.body));
        } catch (error) {
          if (error instanceof NotAnEInvoiceError) throw bodyError('validation', error.message);
          throw error;
        }
      },
    );
  });
}
