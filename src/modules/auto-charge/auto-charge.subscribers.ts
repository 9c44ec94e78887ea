/**
 * Automatic charges follow the event stream, inside the emitting transaction:
 * - invoice.finalized of an invoice a `charge_automatically` subscription generated, with an
 *   amount due → an auto-charge row due at once (once per invoice); the scheduled task
 *   (charge-invoices.ts) charges it after the commit.
 * - the invoice paid in full, credited to zero, voided or marked uncollectible by any other
 *   way → a waiting charge stops (no more attempts).
 */
import { nowIso } from '../../kernel/context.ts';
import type { EmittedEvent, EventSubscriber } from '../../kernel/events.ts';
import { newId } from '../../shared/ids.ts';
import { AutoChargesRepo } from './auto-charge.repo.ts';

const OPEN = new Set(['open', 'partially_paid']);

export const autoChargeOnFinalize: EventSubscriber = {
  name: 'auto-charge.on-finalize',
  types: ['invoice.finalized'],
  async handle(trx, ctx, event) {
    const { invoice } = (event as EmittedEvent<'invoice.finalized'>).facts;
    if (invoice.subscription_id === null || !OPEN.has(invoice.status) || invoice.amount_due <= 0) return;
    const subscription = await trx
      .selectFrom('subscriptions')
      .select(['collection'])
      .where('organization_id', '=', ctx.orgId)
      .where('id', '=', invoice.subscription_id)
      .executeTakeFirst();
    if (subscription?.collection !== 'charge_automatically') return;
    const now = nowIso(ctx.clock);
    await new AutoChargesRepo(trx, ctx.orgId).insert({
      id: newId('ach'),
      invoice_id: invoice.id,
      customer_id: invoice.customer_id,
      subscription_id: invoice.subscription_id,
      status: 'pending',
      attempt_count: 0,
      next_attempt_at: now,
      first_attempt_at: null,
      last_attempt_at: null,
      charging_amount: null,
      charging_method_id: null,
      last_error: null,
      payment_intent_id: null,
      created_at: now,
      updated_at: now,
    });
  },
};

export const autoChargeStops: EventSubscriber = {
  name: 'auto-charge.stops',
  types: ['invoice.balance_changed', 'invoice.voided', 'invoice.marked_uncollectible'],
  async handle(trx, ctx, event) {
    const after = (event as EmittedEvent<'invoice.balance_changed'>).facts.after;
    if (OPEN.has(after.status) && after.amount_due > 0) return;
    // Only invoices of recurring billing are ever charged automatically: others cost no write.
    if (after.subscription_id === null) return;
    await new AutoChargesRepo(trx, ctx.orgId).stopWaiting(after.id, nowIso(ctx.clock));
  },
};
