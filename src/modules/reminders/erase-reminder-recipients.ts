/**
 * GDPR erasure (customer.anonymized, in the same transaction): the addresses reminders were
 * sent to are personal data of the customer; they are cleared. The reminders themselves
 * (which step, when) stay, so a step is still never sent twice.
 */
import type { EventSubscriber } from '../../kernel/events.ts';

export const eraseReminderRecipientsSubscriber: EventSubscriber = {
  name: 'reminders: erase the recipients of an anonymized customer',
  types: ['customer.anonymized'],
  async handle(trx, ctx, event) {
    await trx
      .updateTable('invoice_reminders')
      .set({ recipient: null })
      .where('organization_id', '=', ctx.orgId)
      .where('invoice_id', 'in', (eb) => eb.selectFrom('invoices').select('id').where('organization_id', '=', ctx.orgId).where('customer_id', '=', event.resource.id))
      .execute();
  },
};
