/**
 * A saved method reported by a gateway's webhook (`setup_succeeded`), stored exactly once:
 * the row is inserted with ON CONFLICT DO NOTHING on the unique (organization, provider,
 * method reference), so however many times and in whatever order the events come, one
 * inserts and the rest change nothing (a method removed since stays removed).
 *
 * The setup must belong to this organization and customer: the metadata Settle set on the
 * setup (organization_id, customer_id) must name this organization and one of its customers,
 * and the provider's customer must be the one Settle made for that customer. Anything else
 * is ignored (answered 200, as a retry would change nothing).
 *
 * The method saved last becomes the customer's default: saving a new card means "use this one".
 */
import { lockCustomers } from '../../../db/dialect.ts';
import { inTransaction } from '../../../db/transaction.ts';
import type { RequestContext } from '../../../kernel/context.ts';
import { nowIso } from '../../../kernel/context.ts';
import { emit } from '../../../kernel/events.ts';
import { newId } from '../../../shared/ids.ts';
import type { GatewayEvent } from '../payment-provider.ts';
import { PaymentMethodsRepo } from './payment-methods.repo.ts';
import { paymentMethodOut } from './saved-methods.service.ts';

export type SetupOutcome = 'saved' | 'duplicate' | 'ignored';

export async function recordSavedMethod(ctx: RequestContext, provider: string, event: Extract<GatewayEvent, { kind: 'setup_succeeded' }>): Promise<SetupOutcome> {
  const { settleCustomerId: customerId, paymentMethodRef, customerRef } = event;
  if (event.organizationId !== ctx.orgId || customerId === null || paymentMethodRef === null || customerRef === null) return 'ignored';
  return inTransaction(ctx.db, async (trx) => {
    const customer = await trx.selectFrom('customers').select(['id', 'anonymized_at']).where('organization_id', '=', ctx.orgId).where('id', '=', customerId).executeTakeFirst();
    if (customer === undefined || customer.anonymized_at !== null) return 'ignored';
    await lockCustomers(trx, ctx.db.dialect, ctx.orgId, [customerId]);
    const repo = new PaymentMethodsRepo(trx, ctx.orgId);
    const gatewayCustomer = await repo.gatewayCustomer(customerId, provider);
    if (gatewayCustomer === undefined || gatewayCustomer.customer_ref !== customerRef) return 'ignored';
    const row = {
      id: newId('spm'),
      customer_id: customerId,
      provider,
      customer_ref: customerRef,
      payment_method_ref: paymentMethodRef,
      type: event.type ?? 'card',
      brand: event.brand,
      last4: event.last4,
      exp_month: event.expMonth,
      exp_year: event.expYear,
      is_default: 0,
      setup_event_id: event.eventId,
      created_at: nowIso(ctx.clock),
      removed_at: null,
    };
    if (!(await repo.insertMethod(row))) return 'duplicate';
    await repo.setDefault(customerId, row.id);
    const out = paymentMethodOut({ ...row, is_default: 1, organization_id: ctx.orgId });
    await emit(trx, ctx, {
      type: 'customer.payment_method_saved',
      resource: { type: 'customer', id: customerId },
      after: { ...out, gateway_event_id: event.eventId },
    });
    return 'saved';
  });
}
