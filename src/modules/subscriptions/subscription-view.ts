/** A stored subscription as the API returns it. */
import type { SubscriptionItemsTable, SubscriptionsTable } from '../../db/schema.ts';
import type { BillingInterval, BillingTiming } from '../../domain/billing-cycle.ts';
import { formatAmount } from '../../domain/money/index.ts';
import { currentPeriod } from './subscription-schedule.ts';
import type { CollectionMethod, SubscriptionOut, SubscriptionStatus } from './subscriptions.schemas.ts';

export function subscriptionOut(row: SubscriptionsTable, items: readonly SubscriptionItemsTable[], customerName: string, today: string): SubscriptionOut {
  const current = currentPeriod(row, today);
  return {
    id: row.id,
    customer_id: row.customer_id,
    customer: { id: row.customer_id, name: customerName },
    currency: row.currency,
    interval: row.interval as BillingInterval,
    interval_count: row.interval_count,
    start_date: row.start_date,
    billing_anchor_day: row.billing_anchor_day,
    end_date: row.end_date,
    max_invoices: row.max_invoices,
    billing: row.billing as BillingTiming,
    collection: row.collection as CollectionMethod,
    payment_terms_days: row.payment_terms_days,
    prices_include_tax: row.prices_include_tax === 1,
    lines: items
      .filter((item) => item.kind === 'fixed')
      .map((item) => ({
        id: item.id,
        product_id: item.product_id,
        description: item.description,
        quantity: item.quantity ?? '1',
        unit_price: item.unit_price,
        unit: item.unit,
        tax_rate_id: item.tax_rate_id,
        discount: item.discount,
      })),
    metered_items: items
      .filter((item) => item.kind === 'metered')
      .map((item) => ({
        id: item.id,
        metric_code: item.metric_code ?? '',
        unit_price: item.unit_price ?? '0',
        unit: item.unit,
        tax_rate_id: item.tax_rate_id,
        description: item.description,
        bill_immediately: item.bill_immediately === 1,
      })),
    notes: row.notes,
    terms: row.terms,
    status: row.status as SubscriptionStatus,
    current_period_start: current?.start ?? null,
    current_period_end: current?.end ?? null,
    next_invoice_date: row.next_billing_date,
    invoice_count: row.invoice_count,
    amount: formatAmount(BigInt(row.amount), row.currency),
    cancel_at_period_end: row.cancel_at_period_end === 1,
    paused_at: row.paused_at,
    canceled_at: row.canceled_at,
    ended_at: row.ended_at,
    billing_error: row.billing_error,
    created_from_invoice_id: row.created_from_invoice_id,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
