/**
 * Document number formats such as `INV-{YYYY}-{SEQ:5}`. Placeholders: {YYYY}, {YY}, {MM},
 * {DD} (from the issue date) and exactly one {SEQ} or {SEQ:n} (the sequence number,
 * zero-padded to n digits). Everything else is literal text.
 */

const TOKEN = /\{([A-Z]+)(?::(\d+))?\}/g;
const DATE_TOKENS = new Set(['YYYY', 'YY', 'MM', 'DD']);
const LITERAL = /^[\p{L}\p{N} ._/#-]*$/u;

export const DEFAULT_INVOICE_NUMBER_FORMAT = 'INV-{YYYY}-{SEQ:5}';
export const DEFAULT_CREDIT_NOTE_NUMBER_FORMAT = 'CN-{YYYY}-{SEQ:5}';

/** A series restarts each year when its format shows the year; otherwise it runs on forever. */
export function sequenceScope(format: string, issueDate: string): string {
  return /\{YYYY\}|\{YY\}/.test(format) ? issueDate.slice(0, 4) : '';
}

/** Returns a message describing what is wrong with the format, or null when it is valid. */
export function numberFormatProblem(format: string): string | null {
  if (format.length === 0 || format.length > 60) return 'must be 1 to 60 characters long';
  let seqCount = 0;
  for (const match of format.matchAll(TOKEN)) {
    const [, name = '', width] = match;
    if (name === 'SEQ') {
      seqCount += 1;
      if (width !== undefined && (Number(width) < 1 || Number(width) > 12)) return 'SEQ width must be between 1 and 12';
    } else if (!DATE_TOKENS.has(name) || width !== undefined) {
      return `unknown placeholder {${name}${width === undefined ? '' : `:${width}`}}; use {YYYY}, {YY}, {MM}, {DD} and {SEQ} or {SEQ:n}`;
    }
  }
  if (seqCount !== 1) return 'must contain exactly one {SEQ} or {SEQ:n} placeholder';
  const literal = format.replace(TOKEN, '');
  if (/[{}]/.test(literal)) return 'has an unmatched { or }';
  if (!LITERAL.test(literal)) return 'may only contain letters, digits, spaces and . _ / # - besides placeholders';
  return null;
}

/** The number for a given sequence value and issue date (YYYY-MM-DD). */
export function formatDocumentNumber(format: string, sequence: number, issueDate: string): string {
  const [yyyy = '', mm = '', dd = ''] = issueDate.split('-');
  return format.replace(TOKEN, (_match, name: string, width?: string) => {
    switch (name) {
      case 'YYYY':
        return yyyy;
      case 'YY':
        return yyyy.slice(2);
      case 'MM':
        return mm;
      case 'DD':
        return dd;
      default:
        return String(sequence).padStart(width === undefined ? 1 : Number(width), '0');
    }
  });
}
