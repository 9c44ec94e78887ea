/**
 * Routes whose request body is a raw file (a logo image, an e-invoice XML) live in their own
 * encapsulated scope: only there do those media types have a parser, with their own body
 * limit, and framework errors (too large, wrong type) are answered naming the field, like
 * every other input problem.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError } from '../../shared/errors.ts';
import { errorHandler } from './problems.ts';

/**
 * The uploaded bytes, behind a getter: request-wide hooks that walk a body's enumerable
 * properties (the text guard) must not iterate millions of buffer indexes.
 */
export class RawBody {
  readonly #bytes: Buffer;
  constructor(bytes: Buffer) {
    this.#bytes = bytes;
  }
  get bytes(): Buffer {
    return this.#bytes;
  }
}

export type RawBodyErrorCode = 'payload_too_large' | 'unsupported_media_type' | 'validation';

/** A problem about the upload, naming its field ("logo", "body"). */
export function rawBodyError(field: string, code: RawBodyErrorCode, message: string): AppError {
  return new AppError(code, `${field}: ${message}`, [{ path: field, message }]);
}

export interface RawBodyScope {
  /** The media types accepted as the body. */
  types: readonly string[];
  maxBytes: number;
  /** The field errors name. */
  field: string;
  /** How the limit and the types read in messages: "512 KB", "image/png, image/jpeg". */
  maxText: string;
  typesText: string;
}

/** Registers `routes` in a scope that parses only `options.types`, as a RawBody. */
export function rawBodyScope(app: FastifyInstance, options: RawBodyScope, routes: (scope: FastifyInstance) => void): void {
  void app.register((scope, _opts, done) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser([...options.types], { parseAs: 'buffer', bodyLimit: options.maxBytes }, (_request, body, next) => {
      next(null, new RawBody(body as Buffer));
    });
    scope.setErrorHandler((error: FastifyError, request, reply) => {
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return errorHandler(rawBodyError(options.field, 'payload_too_large', `must be at most ${options.maxText}`), request, reply);
      if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || error.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') {
        return errorHandler(rawBodyError(options.field, 'unsupported_media_type', `must be sent as ${options.typesText}`), request, reply);
      }
      return errorHandler(error, request, reply);
    });
    routes(scope);
    done();
  });
}
