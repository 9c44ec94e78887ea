/**
 * A customer's saved methods follow the customer: deleted with it (a customer without
 * documents), and removed with their display facts scrubbed when it is anonymized (GDPR).
 * Both in the transaction that deletes or anonymizes it. Anonymizing does not detach the
 * methods at the gateway (no provider call inside a transaction): the methods are no longer
 * used by Settle; remove them at the gateway to erase them there.
 */
import { nowIso } from '../../../kernel/context.ts';
import type { EventSubscriber } from '../../../kernel/events.ts';
import { PaymentMethodsRepo } from './payment-methods.repo.ts';

export const savedMethodsErasureSubscriber: EventSubscriber = {
  name: 'payment-methods.customer-erasure',
  types: ['customer.deleted', 'customer.anonymized'],
  async handle(trx, ctx, event) {
    const repo = new PaymentMethodsRepo(trx, ctx.orgId);
    if (event.type === 'customer.deleted') await repo.deleteCustomer(event.resource.id);
    else await repo.eraseCustomer(event.resource.id, nowIso(ctx.clock));
  },
};
