/**
 * GDPR erasure reaches the webhook log: when a customer is anonymized, the stored bodies of
 * the organization's deliveries about it (the customer's own events, its invoices, payments
 * and credit notes) lose its personal data, and so do the receivers' answers recorded with
 * them, which may quote it. Deliveries still waiting are then sent as erased. Runs in the
 * anonymization's transaction, as a subscriber of `customer.anonymized`.
 *
 * By then the customer's row and its audit trail are already erased, so the values to look
 * for come from the payloads themselves (the customer as it was published, the customer
 * objects and names on its documents) and from the frozen snapshots on its issued documents,
 * which the law keeps intact. The scrubbing itself is the audit log's (audit/personal-data.ts).
 */
import type { Executor } from '../../kernel/context.ts';
import type { EventSubscriber } from '../../kernel/events.ts';
import { collectStrings, containsPersonal, ERASED_VALUE, parseJson, personalValues, scrubDocument } from '../audit/personal-data.ts';

type Json = Record<string, unknown>;

const CHUNK = 500;

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The customer's personal values wherever a payload shows them. */
function collectFromPayload(value: unknown, customerId: string, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectFromPayload(item, customerId, into);
    return;
  }
  if (!isObject(value)) return;
  // The customer itself, or a document of it with its name and recipients beside it.
  if (value.id === customerId) personalValues(value, into);
  if (value.customer_id === customerId) {
    collectStrings([value.customer_name, value.sent_to], into);
    if (isObject(value.customer)) personalValues(value.customer, into);
  }
  for (const field of Object.values(value)) collectFromPayload(field, customerId, into);
}

/** The delivery body with the customer's data erased; the object of a customer event is the customer itself. */
function scrubPayload(payload: string, eventType: string, customerId: string, values: ReadonlySet<string>): string {
  const body = parseJson(payload);
  if (!isObject(body) || !isObject(body.data)) return JSON.stringify(scrubDocument(body, values, false));
  const object = body.data.object;
  const aboutCustomer = eventType.startsWith('customer.') && isObject(object) && object.id === customerId;
  return JSON.stringify({ ...body, data: { ...body.data, object: scrubDocument(object, values, aboutCustomer) } });
}

/** Erases the customer's personal data from the organization's webhook deliveries; the number of deliveries changed. */
export async function eraseCustomerFromWebhooks(trx: Executor, orgId: string, customerId: string): Promise<number> {
  // Every payload about it names its id (the customer's own, or customer_id on a document).
  const deliveries = await trx
    .selectFrom('webhook_deliveries')
    .select(['id', 'event_type', 'payload'])
    .where('organization_id', '=', orgId)
    .where('payload', 'like', `%${customerId}%`)
    .execute();
  if (deliveries.length === 0) return 0;

  const values = new Set<string>();
  for (const delivery of deliveries) collectFromPayload(parseJson(delivery.payload), customerId, values);
  const snapshots = [
    ...(await trx.selectFrom('invoices').select('customer_snapshot').where('organization_id', '=', orgId).where('customer_id', '=', customerId).execute()),
    ...(await trx.selectFrom('credit_notes').select('customer_snapshot').where('organization_id', '=', orgId).where('customer_id', '=', customerId).execute()),
  ];
  for (const row of snapshots) personalValues(parseJson(row.customer_snapshot), values);
  values.delete(customerId.toLowerCase());

  let changed = 0;
  for (const delivery of deliveries) {
    const payload = scrubPayload(delivery.payload, delivery.event_type, customerId, values);
    if (payload === delivery.payload) continue;
    await trx.updateTable('webhook_deliveries').set({ payload }).where('organization_id', '=', orgId).where('id', '=', delivery.id).execute();
    changed++;
  }

  // What the receivers answered (a few KB each) may echo the data sent to them. In chunks:
  // a long-standing customer may have thousands of deliveries, more than one query may bind.
  const ids = deliveries.map((delivery) => delivery.id);
  for (let start = 0; start < ids.length; start += CHUNK) {
    const attempts = await trx
      .selectFrom('webhook_attempts')
      .select(['id', 'response_body', 'error'])
      .where('delivery_id', 'in', ids.slice(start, start + CHUNK))
      .execute();
    for (const attempt of attempts) {
      const responseBody = attempt.response_body !== null && containsPersonal(attempt.response_body, values) ? ERASED_VALUE : attempt.response_body;
      const error = attempt.error !== null && containsPersonal(attempt.error, values) ? ERASED_VALUE : attempt.error;
      if (responseBody === attempt.response_body && error === attempt.error) continue;
      await trx.updateTable('webhook_attempts').set({ response_body: responseBody, error }).where('id', '=', attempt.id).execute();
    }
  }
  return changed;
}

export const eraseWebhookPayloadsSubscriber: EventSubscriber = {
  name: 'webhook payload erasure',
  types: ['customer.anonymized'],
  async handle(trx, ctx, event) {
    await eraseCustomerFromWebhooks(trx, ctx.orgId, event.resource.id);
  },
};
