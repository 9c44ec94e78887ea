/**
 * The one application error type. Services and domain code throw these with a fixed code;
 * the HTTP layer maps codes to RFC 9457 problem responses in one place (server/problems.ts).
 */
export type ErrorCode =
  | 'bad_request'
  | 'validation'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  /** A payment gateway (or another upstream service) failed or could not be reached: 502. */
  | 'bad_gateway';

export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors: FieldError[] = [],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }

  static validation(path: string, message: string): AppError {
    return new AppError('validation', `${path}: ${message}`, [{ path, message }]);
  }

  static notFound(what: string): AppError {
    return new AppError('not_found', `${what} not found`);
  }

  static conflict(message: string): AppError {
    return new AppError('conflict', message);
  }
}
