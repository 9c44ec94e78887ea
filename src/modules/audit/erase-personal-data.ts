/**
 * GDPR erasure reaches the audit log: when a customer is anonymized, the before/after of
 * every audit event about it — the customer itself, its invoices, credit notes and payments,
 * the e-mail messages sent for them — lose the customer's personal data. So do the stored
 * events of the events API and the stored responses of Idempotency-Key requests about it. Runs in the anonymization's transaction.
 *
 * Two passes over each JSON document:
 * - by position: in an event about the customer, its personal fields; anywhere, a `customer`
 *   object's personal fields, and recipient fields (`sent_to`, `to`, `to_address`);
 * - by content: any string that contains one of the customer's personal values (present or
 *   past: its row, earlier versions in its own audit events, the frozen snapshots of its
 *   documents, the addresses its invoices were sent to) becomes `(erased)`.
 *
 * What stays: who did what and when, amounts, numbers and states — the trail itself. The
 * frozen customer snapshot on issued invoices and credit notes is NOT touched: issued
 * documents are kept intact as the law requires (GDPR Art. 17(3)(b) and (e): retention
 * obligations of commercial and tax law), see docs/api.md.
 */
import type { Executor } from '../../kernel/context.ts';

/** What an erased value reads. */
export const ERASED_VALUE = '(erased)';

/** A customer's personal fields, wherever a customer object appears. */
const PERSONAL_FIELDS = new Set(['name', 'email', 'phone', 'address', 'tax_id', 'notes', 'electronic_address']);
/** Personal wherever they appear in an event about the customer: recipients, its name beside a document. */
const RECIPIENT_FIELDS = new Set(['sent_to', 'to', 'to_address', 'customer_name']);
/** Shorter values (a country code, a three-letter town) are only erased by position, never by content. */
const MIN_VALUE_LENGTH = 4;

/** Every personal string of a customer-shaped object (the address flattened). */
function personalValues(value: unknown, into: Set<string>): void {
  if (value === null || typeof value !== 'object') return;
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    if (!PERSONAL_FIELDS.has(key) && !RECIPIENT_FIELDS.has(key)) continue;
    collectStrings(typeof field === 'string' && key === 'address' ? parseJson(field) : field, into);
  }
}

function collectStrings(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.length >= MIN_VALUE_LENGTH && text !== ERASED_VALUE) into.add(text.toLowerCase());
  } else if (Array.isArray(value)) {
    for (const item of value) collectStrings(item, into);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) collectStrings(item, into);
  }
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

interface Scrubber {
  values: Set<string>;
}

function containsPersonal(text: string, scrubber: Scrubber): boolean {
  const lower = text.toLowerCase();
  for (const value of scrubber.values) if (lower.includes(value)) return true;
  return false;
}

function erasedField(value: unknown): unknown {
  return value === null || value === undefined ? value : ERASED_VALUE;
}

/**
 * The document with personal data erased. `customerLevel`: this object is the customer
 * itself (an event whose resource is the customer, or a `customer` object anywhere).
 */
function scrub(value: unknown, scrubber: Scrubber, customerLevel: boolean): unknown {
  if (typeof value === 'string') return containsPersonal(value, scrubber) ? ERASED_VALUE : value;
  if (Array.isArray(value)) return value.map((item) => scrub(item, scrubber, false));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    if ((customerLevel && PERSONAL_FIELDS.has(key)) || RECIPIENT_FIELDS.has(key)) out[key] = erasedField(field);
    else out[key] = scrub(field, scrubber, key === 'customer' || key === 'customer_snapshot');
  }
  return out;
}

function scrubText(text: string | null, scrubber: Scrubber, customerLevel: boolean): string | null {
  if (text === null) return null;
  const parsed = parseJson(text);
  const scrubbed = typeof parsed === 'string' ? scrub(parsed, scrubber, false) : scrub(parsed, scrubber, customerLevel);
  return JSON.stringify(scrubbed);
}

/**
 * Erases the customer's personal data from the organization's audit events and stored
 * Idempotency-Key responses. Call it BEFORE the customer row and its e-mail messages are
 * scrubbed: it reads the values to erase from them. Returns the number of events changed.
 */
export async function eraseCustomerFromAudit(trx: Executor, orgId: string, customerId: string): Promise<number> {
  const invoiceIds = trx.selectFrom('invoices').select('id').where('organization_id', '=', orgId).where('customer_id', '=', customerId);
  const creditNoteIds = trx.selectFrom('credit_notes').select('id').where('organization_id', '=', orgId).where('customer_id', '=', customerId);
  const paymentIds = trx.selectFrom('payments').select('id').where('organization_id', '=', orgId).where('customer_id', '=', customerId);
  const messageIds = trx.selectFrom('email_messages').select('id').where('organization_id', '=', orgId).where('invoice_id', 'in', invoiceIds);

  const events = await trx
    .selectFrom('audit_events')
    .select(['id', 'resource_type', 'resource_id', 'before', 'after'])
    .where('organization_id', '=', orgId)
    .where((eb) =>
      eb.or([
        eb.and([eb('resource_type', '=', 'customer'), eb('resource_id', '=', customerId)]),
        eb.and([eb('resource_type', '=', 'invoice'), eb('resource_id', 'in', invoiceIds)]),
        eb.and([eb('resource_type', '=', 'credit_note'), eb('resource_id', 'in', creditNoteIds)]),
        eb.and([eb('resource_type', '=', 'payment'), eb('resource_id', 'in', paymentIds)]),
        eb.and([eb('resource_type', '=', 'email_message'), eb('resource_id', 'in', messageIds)]),
      ]),
    )
    .execute();

  // Every personal value the customer has had: its row now, earlier versions in its own
  // events, its documents' frozen snapshots, the addresses its invoices went to.
  const values = new Set<string>();
  const customer = await trx.selectFrom('customers').selectAll().where('organization_id', '=', orgId).where('id', '=', customerId).executeTakeFirst();
  if (customer) personalValues(customer, values);
  for (const event of events) {
    if (event.resource_type !== 'customer') continue;
    personalValues(parseJson(event.before), values);
    personalValues(parseJson(event.after), values);
  }
  const snapshots = [
    ...(await trx.selectFrom('invoices').select(['customer_snapshot', 'sent_to']).where('organization_id', '=', orgId).where('customer_id', '=', customerId).execute()),
    ...(await trx.selectFrom('credit_notes').select(['customer_snapshot']).where('organization_id', '=', orgId).where('customer_id', '=', customerId).execute()),
  ];
  for (const row of snapshots) {
    personalValues(parseJson(row.customer_snapshot), values);
    if ('sent_to' in row) collectStrings(row.sent_to, values);
  }
  const recipients = await trx.selectFrom('email_messages').select('to_address').where('organization_id', '=', orgId).where('invoice_id', 'in', invoiceIds).execute();
  for (const row of recipients) collectStrings(row.to_address, values);
  // Generated placeholders, the id and anything already erased are not personal.
  values.delete(customerId.toLowerCase());
  const scrubber: Scrubber = { values };

  let changed = 0;
  for (const event of events) {
    const customerLevel = event.resource_type === 'customer';
    const before = scrubText(event.before, scrubber, customerLevel);
    const after = scrubText(event.after, scrubber, customerLevel);
    if (before === event.before && after === event.after) continue;
    await trx.updateTable('audit_events').set({ before, after }).where('organization_id', '=', orgId).where('id', '=', event.id).execute();
    changed++;
  }

  // The stored events about the same resources (GET /events). Ids carry their type's prefix:
  // matching the id alone is enough.
  const stored = await trx
    .selectFrom('events')
    .select(['id', 'resource_type', 'object'])
    .where('organization_id', '=', orgId)
    .where((eb) =>
      eb.or([
        eb('resource_id', '=', customerId),
        eb('resource_id', 'in', invoiceIds),
        eb('resource_id', 'in', creditNoteIds),
        eb('resource_id', 'in', paymentIds),
      ]),
    )
    .execute();
  for (const event of stored) {
    const object = scrubText(event.object, scrubber, event.resource_type === 'customer');
    if (object === null || object === event.object) continue;
    await trx.updateTable('events').set({ object }).where('organization_id', '=', orgId).where('id', '=', event.id).execute();
  }

  // Stored responses of Idempotency-Key requests about the customer (they name its id).
  const responses = await trx
    .selectFrom('idempotency_keys')
    .select(['key', 'principal_id', 'response_body'])
    .where('organization_id', '=', orgId)
    .where('response_body', 'like', `%${customerId}%`)
    .execute();
  for (const row of responses) {
    const body = scrubText(row.response_body, scrubber, false);
    if (body === row.response_body) continue;
    await trx
      .updateTable('idempotency_keys')
      .set({ response_body: body })
      .where('organization_id', '=', orgId)
      .where('key', '=', row.key)
      .where('principal_id', '=', row.principal_id)
      .execute();
  }
  return changed;
}
