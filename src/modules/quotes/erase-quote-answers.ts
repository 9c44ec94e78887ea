/**
 * GDPR erasure (customer.anonymized, in the same transaction): the customer's quote pages are
 * closed for good (the token hash and its sealed copy are dropped, so `/p/{token}` is the bare
 * 404 — the page shows the live customer details, which are now erased) and the personal data
 * of the answers is cleared: who accepted, from which address, the reason given, where it was
 * sent. The quotes, their figures and the times of the answers stay.
 */
import type { EventSubscriber } from '../../kernel/events.ts';

export const eraseQuoteAnswersSubscriber: EventSubscriber = {
  name: 'quotes: close the pages and erase the answers of an anonymized customer',
  types: ['customer.anonymized'],
  async handle(trx, ctx, event) {
    await trx
      .updateTable('quotes')
      .set({ link_token_hash: null, link_token_sealed: null, accepted_name: null, accepted_ip: null, decline_reason: null, sent_to: null })
      .where('organization_id', '=', ctx.orgId)
      .where('customer_id', '=', event.resource.id)
      .execute();
  },
};
