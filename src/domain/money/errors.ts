/**
 * The one error type thrown by the pure domain (money, tax, totals). It is deliberately not
 * an HTTP error: the server maps `code` to a problem response in one place, and the web app
 * can show `message` as is, so messages name the offending field in plain words.
 */

/** Fixed set of codes, so callers can switch on them instead of parsing messages. */
export type DomainErrorCode =
  | 'invalid_decimal'
  | 'invalid_amount'
  | 'unknown_currency'
  | 'invalid_tax'
  | 'invalid_discount'
  | 'invalid_line'
  | 'invalid_allocation';

export class DomainError extends Error {
  override readonly name: string = 'DomainError';
  readonly code: DomainErrorCode;
  /** Where in the input the problem is, e.g. "lines.2.quantity"; absent when not tied to a field. */
  readonly path: string | undefined;

  constructor(code: DomainErrorCode, message: string, path?: string) {
    super(message);
    this.code = code;
    this.path = path;
  }
}
