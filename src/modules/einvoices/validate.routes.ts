/**
 * POST /einvoices/validate: checks any UBL or CII e-invoice (ours or a supplier's) against the
 * official EN 16931 rules. The XML is the request body (application/xml or text/xml, at most
 * 5 MB, UTF-8). An unreadable document is a 422 naming the body; a readable one gets the
 * rule findings, valid or not.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { problemResponses } from '../../kernel/http/schemas.ts';
import { errorHandler } from '../../kernel/http/problems.ts';
import { AppError } from '../../shared/errors.ts';
import { EInvoiceValidationOut } from './einvoices.schemas.ts';
import { NotAnEInvoiceError, validateEInvoice } from './validation/validate.ts';

export const XML_TYPES = ['application/xml', 'text/xml'];
export const EINVOICE_MAX_BYTES = 5 * 1024 * 1024;

/** Wraps the raw body so an empty upload is told apart from no parser at all. */
class UploadedXml {
  constructor(readonly bytes: Buffer) {}
}

function bodyError(code: 'payload_too_large' | 'unsupported_media_type' | 'validation', message: string): AppError {
  return new AppError(code, `body: ${message}`, [{ path: 'body', message }]);
}

export function xmlText(body: unknown): string {
  if (!(body instanceof UploadedXml) || body.bytes.length === 0) throw bodyError('validation', 'is empty: send the e-invoice XML as the request body');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body.bytes);
  } catch {
    throw bodyError('validation', 'must be UTF-8 encoded');
  }
}

export function registerValidateRoutes(app: FastifyInstance, _deps: AppDeps): void {
  void app.register((scope, _opts, done) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(XML_TYPES, { parseAs: 'buffer', bodyLimit: EINVOICE_MAX_BYTES }, (_request, body, next) => {
      next(null, new UploadedXml(body as Buffer));
    });
    scope.setErrorHandler((error: FastifyError, request, reply) => {
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return errorHandler(bodyError('payload_too_large', 'must be at most 5 MB'), request, reply);
      if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || error.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') {
        return errorHandler(bodyError('unsupported_media_type', 'must be sent as application/xml or text/xml'), request, reply);
      }
      return errorHandler(error, request, reply);
    });

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
    done();
  });
}
