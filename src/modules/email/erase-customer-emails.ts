/**
 * GDPR erasure reaches the outbox too: when a customer is anonymized, the messages sent for
 * its invoices lose their address, subject and body (they held its name and address), the
 * ones not delivered yet are stopped, and its invoices forget the address they were sent to.
 * The invoices themselves stay, as the books require. Runs in the anonymization's transaction.
 */
import type { Executor } from '../../server/context.ts';

/** What an erased message's address, subject and body read. */
export const ERASED = '(erased)';

export async function eraseCustomerEmails(trx: Executor, orgId: string, customerId: string, now: string): Promise<void> {
  const invoiceIds = trx.selectFrom('invoices').select('id').where('organization_id', '=', orgId).where('customer_id', '=', customerId);
  // Not delivered yet: it never will be.
  await trx
    .updateTable('email_messages')
    .set({ status: 'failed', last_error: 'Not sent: the customer’s personal data was erased', updated_at: now })
    .where('organization_id', '=', orgId)
    .where('invoice_id', 'in', invoiceIds)
    .where('status', 'in', ['queued', 'sending', 'outbox'])
    .execute();
  await trx
    .updateTable('email_messages')
    .set({ to_address: ERASED, subject: ERASED, body: ERASED, link_url: null, updated_at: now })
    .where('organization_id', '=', orgId)
    .where('invoice_id', 'in', invoiceIds)
    .execute();
  await trx.updateTable('invoices').set({ sent_to: null }).where('organization_id', '=', orgId).where('customer_id', '=', customerId).where('sent_to', 'is not', null).execute();
}
