/**
 * Finding and erasing a customer's personal data in stored JSON documents (GDPR erasure),
 * shared by every store that keeps copies of API objects: the audit log
 * (erase-personal-data.ts) and webhook delivery payloads (webhooks/erase-webhook-payloads.ts).
 *
 * Two passes over each document:
 * - by position: in a document about the customer, its personal fields; anywhere, a
 *   `customer` object's personal fields, and recipient fields (`sent_to`, `to`, `to_address`);
 * - by content: any string that contains one of the customer's personal values becomes
 *   `(erased)`.
 */

/** What an erased value reads. */
export const ERASED_VALUE = '(erased)';

/** A customer's personal fields, wherever a customer object appears. */
const PERSONAL_FIELDS = new Set(['name', 'email', 'phone', 'address', 'tax_id', 'notes', 'electronic_address', 'custom_fields']);
/** Personal wherever they appear in an event about the customer: recipients, its name beside a document. */
const RECIPIENT_FIELDS = new Set(['sent_to', 'to', 'to_address', 'customer_name']);
/** Shorter values (a country code, a three-letter town) are only erased by position, never by content. */
const MIN_VALUE_LENGTH = 4;

/** Every personal string of a customer-shaped object (the address flattened), lower-cased into `into`. */
export function personalValues(value: unknown, into: Set<string>): void {
  if (value === null || typeof value !== 'object') return;
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    if (!PERSONAL_FIELDS.has(key) && !RECIPIENT_FIELDS.has(key)) continue;
    collectStrings(typeof field === 'string' && (key === 'address' || key === 'custom_fields') ? parseJson(field) : field, into);
  }
}

/** Every string in `value` long enough to be erased by content, lower-cased into `into`. */
export function collectStrings(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.length >= MIN_VALUE_LENGTH && text !== ERASED_VALUE) into.add(text.toLowerCase());
  } else if (Array.isArray(value)) {
    for (const item of value) collectStrings(item, into);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) collectStrings(item, into);
  }
}

/** JSON text parsed, or the text itself when it is not JSON. */
export function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Whether `text` contains one of the (lower-cased) personal values. */
export function containsPersonal(text: string, values: ReadonlySet<string>): boolean {
  const lower = text.toLowerCase();
  for (const value of values) if (lower.includes(value)) return true;
  return false;
}

function erasedField(value: unknown): unknown {
  return value === null || value === undefined ? value : ERASED_VALUE;
}

/**
 * The document with personal data erased. `customerLevel`: this object is the customer
 * itself (a document whose subject is the customer, or a `customer` object anywhere).
 */
export function scrubDocument(value: unknown, values: ReadonlySet<string>, customerLevel: boolean): unknown {
  if (typeof value === 'string') return containsPersonal(value, values) ? ERASED_VALUE : value;
  if (Array.isArray(value)) return value.map((item) => scrubDocument(item, values, false));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    if ((customerLevel && PERSONAL_FIELDS.has(key)) || RECIPIENT_FIELDS.has(key)) out[key] = erasedField(field);
    else out[key] = scrubDocument(field, values, key === 'customer' || key === 'customer_snapshot');
  }
  return out;
}

/** scrubDocument over stored JSON text (text that is not JSON is judged as one string). */
export function scrubJsonText(text: string | null, values: ReadonlySet<string>, customerLevel: boolean): string | null {
  if (text === null) return null;
  const parsed = parseJson(text);
  const scrubbed = typeof parsed === 'string' ? scrubDocument(parsed, values, false) : scrubDocument(parsed, values, customerLevel);
  return JSON.stringify(scrubbed);
}
