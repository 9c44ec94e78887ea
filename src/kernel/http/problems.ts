/**
 * Every error becomes an RFC 9457 problem response here, in one place: application
 * errors by their code, request validation by field, framework errors (bad JSON, body too
 * large, wrong media type) by their status. Anything else is logged with the request id
 * and answered as a bare 500, never with internals.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode, type FieldError } from '../../shared/errors.ts';
import { DomainError } from '../../domain/money/index.ts';
import { isRetryableTransactionError } from '../../db/transaction.ts';

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  bad_request: 400,
  validation: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  bad_gateway: 502,
};

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Authentication required',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  409: 'Conflict',
  413: 'Request body too large',
  415: 'Unsupported media type',
  422: 'Invalid input',
  429: 'Too many requests',
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
}

export function problemType(code: string): string {
  return `urn:settle:problem:${code}`;
}

export function sendProblem(reply: FastifyReply, status: number, code: string, detail?: string, errors?: FieldError[]): FastifyReply {
  const body: Problem = { type: problemType(code), title: TITLES[status] ?? 'Error', status };
  if (detail) body.detail = detail;
  if (errors && errors.length > 0) body.errors = errors;
  return reply.code(status).type('application/problem+json; charset=utf-8').send(body);
}

function fieldPath(instancePath: string, context: string | undefined): string {
  const path = instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.');
  if (context === 'body' || context === undefined) return path || 'body';
  const prefix = context === 'querystring' ? 'query' : context;
  return path ? path : prefix;
}

export function errorHandler(error: FastifyError | AppError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof AppError) {
    if (error.retryAfterSeconds !== undefined) void reply.header('Retry-After', String(error.retryAfterSeconds));
    return sendProblem(reply, STATUS_BY_CODE[error.code], error.code, error.message, error.fieldErrors);
  }
  if (error instanceof DomainError) {
    // Domain rules (money, tax) name the offending input by its path.
    const path = error.path ?? 'body';
    return sendProblem(reply, 422, 'validation', `${path}: ${error.message}`, [{ path, message: error.message }]);
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as { validationContext?: string }).validationContext;
    const errors = error.validation.map((issue) => ({
      path: fieldPath(issue.instancePath, context),
      message: issue.message ?? 'is invalid',
    }));
    const detail = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    return sendProblem(reply, 422, 'validation', detail, errors);
  }
  const fastifyError = error as FastifyError;
  const status = fastifyError.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    const code =
      status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : status === 429 ? 'rate_limited' : 'bad_request';
    const detail =
      fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError
        ? 'body: is not valid JSON'
        : fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
          ? 'body: must not be empty when Content-Type is application/json'
          : error.message;
    const errors = detail.startsWith('body:') ? [{ path: 'body', message: detail.slice(6) }] : undefined;
    return sendProblem(reply, status, code, detail, errors);
  }
  if (isRetryableTransactionError(error)) {
    // Still deadlocked or conflicting after every retry (db/transaction.ts): nothing was
    // committed, and the same request will very likely succeed in a moment.
    request.log.warn({ err: error }, 'transaction kept conflicting with others; gave up');
    void reply.header('Retry-After', '1');
    return sendProblem(reply, 503, 'busy', 'The request conflicted with others running at the same time; nothing was changed. Try again.');
  }
  request.log.error({ err: error }, 'unhandled error');
  return sendProblem(reply, 500, 'internal', 'An unexpected error occurred. It has been logged with the request id.');
}
