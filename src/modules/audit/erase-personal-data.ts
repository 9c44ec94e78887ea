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
import { collectStrings, parseJson, personalValues, scrubJsonText } from './personal-data.ts';

export { ERASED_VALUE } from './personal-data.ts';

/**
 * Erases the customer's personal data from the organization's audit events and stored
 * Idempotency-Key responses. Call it BEFORE the customer row and its e-mail messages are
 * scrubbed: it reads the values to erase from them. Returns the number of events changed.
 */
export async function eraseCustomerFromAudit(trx: Executor, orgId: string, customerId: string): Promise<number> {
  const invoiceIds = trx.selectFrom('invoices').select('id').where('organization_id', '=', orgId).where('customer_id', '=', customerId);
  const creditNoteIds = trx.selectFrom('credit_notes').select('id').where('organization_id', '=', orgId).where('customer_id', '=', customerId);
  const paymentIds = trx.selectFrom('payments').select('id').where('organization_id', '=', orgId).where('customer_id', '=', customerId);
  const quoteIds = trx.selectFrom('quotes').select('id').where('organization_id', '=', orgId).where('customer_id', '=', customerId);
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
        eb.and([eb('resource_type', '=', 'quote'), eb('resource_id', 'in', quoteIds)]),
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
  // Quotes: who accepted them, from where, why they were declined and where they were sent.
  const answers = await trx
    .selectFrom('quotes')
    .select(['accepted_name', 'accepted_ip', 'decline_reason', 'sent_to'])
    .where('organization_id', '=', orgId)
    .where('customer_id', '=', customerId)
    .execute();
  for (const row of answers) for (const value of Object.values(row)) collectStrings(value, values);
  const recipients = await trx.selectFrom('email_messages').select('to_address').where('organization_id', '=', orgId).where('invoice_id', 'in', invoiceIds).execute();
  for (const row of recipients) collectStrings(row.to_address, values);
  // Generated placeholders, the id and anything already erased are not personal.
  values.delete(customerId.toLowerCase());

  let changed = 0;
  for (const event of events) {
    const customerLevel = event.resource_type === 'customer';
    const before = scrubJsonText(event.before, values, customerLevel);
    const after = scrubJsonText(event.after, values, customerLevel);
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
        eb('resource_id', 'in', quoteIds),
        eb('resource_id', 'in', paymentIds),
      ]),
    )
    .execute();
  for (const event of stored) {
    const object = scrubJsonText(event.object, values, event.resource_type === 'customer');
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
    const body = scrubJsonText(row.response_body, values, false);
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
