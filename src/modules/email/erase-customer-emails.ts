/**
 * GDPR erasure reaches the outbox too: when a customer is anonymized, the messages sent for
 * its invoices lose their address, subject and body (they held its name and address), the
 * ones not delivered yet are stopped, and its invoices forget the address they were sent to.
 * The invoices themselves stay, as the books require. Runs in the anonymization's transaction.
 */
import type { Executor } from '../../kernel/context.ts';
import { EMAIL_SEND_JOB } from './deliver-email.ts';

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
  // A mail server's refusal often quotes the recipient ("550 <ann@…>: no such user"): the
  // message's and its delivery job's last errors go too, except Settle's own "Not sent: …".
  await trx
    .updateTable('email_messages')
    .set({ last_error: ERASED })
    .where('organization_id', '=', orgId)
    .where('invoice_id', 'in', invoiceIds)
    .where('last_error', 'is not', null)
    .where('last_error', 'not like', 'Not sent:%')
    .execute();
  const messageIds = (await trx.selectFrom('email_messages').select('id').where('organization_id', '=', orgId).where('invoice_id', 'in', invoiceIds).execute()).map((row) => row.id);
  if (messageIds.length > 0) {
    await trx
      .updateTable('jobs')
      .set({ last_error: ERASED })
      .where('organization_id', '=', orgId)
      .where('kind', '=', EMAIL_SEND_JOB)
      .where('payload', 'in', messageIds.map((id) => JSON.stringify({ message_id: id })))
      .where('last_error', 'is not', null)
      .execute();
  }
  await trx.updateTable('invoices').set({ sent_to: null }).where('organization_id', '=', orgId).where('customer_id', '=', customerId).where('sent_to', 'is not', null).execute();
}
