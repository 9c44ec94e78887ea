/** Requests and responses of /subscriptions ("Recurring billing" in the web app). */
import { z } from 'zod';
import { BILLING_INTERVALS, BILLING_TIMINGS } from '../../domain/billing-cycle.ts';
import { CurrencyCode, IsoDate, ListQuery, optionalText, PaymentTermsDays } from '../../kernel/http/schemas.ts';
import { Invoice, LineInput } from '../invoices/invoices.schemas.ts';
import { UnitPrice } from '../products/products.schemas.ts';
import { DECIMAL_SCALE, formatScaledTrimmed } from '../../domain/money/index.ts';
import { MetricCode } from '../usage/usage.schemas.ts';

export const MAX_SUBSCRIPTION_LINES = 100;
export const MAX_METERED_ITEMS = 20;

export const SUBSCRIPTION_STATUSES = ['active', 'paused', 'canceled', 'ended'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];
export const COLLECTION_METHODS = ['draft', 'finalize', 'send', 'charge_automatically'] as const;
export type CollectionMethod = (typeof COLLECTION_METHODS)[number];

const Id = z.string().min(1).max(64);
/** Billing dates within a sane range (cycles are computed in four-digit years). */
const CycleDate = IsoDate.refine((s) => s >= '2000-01-01' && s <= '2999-12-31', 'must be between 2000-01-01 and 2999-12-31');

export const MeteredItemInput = z
  .object({
    metric_code: MetricCode,
    unit_price: UnitPrice.transform((scaled) => formatScaledTrimmed(scaled, DECIMAL_SCALE)),
    tax_rate_id: Id.nullish(),
    description: optionalText(2000).optional(),
    unit: optionalText(30).optional(),
    /** One invoice per usage event (e.g. a completed delivery) instead of one per period. */
    bill_immediately: z.boolean().default(false),
  })
  .strict();
export type MeteredItemInputValue = z.output<typeof MeteredItemInput>;

const fields = {
  customer_id: Id,
  currency: CurrencyCode.optional(),
  interval: z.enum(BILLING_INTERVALS),
  interval_count: z.number().int().min(1).max(365).default(1),
  start_date: CycleDate,
  billing_anchor_day: z.number().int().min(1).max(31).nullish(),
  end_date: CycleDate.nullish(),
  max_invoices: z.number().int().min(1).max(10_000).nullish(),
  billing: z.enum(BILLING_TIMINGS).default('in_advance'),
  collection: z.enum(COLLECTION_METHODS).default('finalize'),
  payment_terms_days: PaymentTermsDays.nullish(),
  prices_include_tax: z.boolean().default(false),
  lines: z.array(LineInput).max(MAX_SUBSCRIPTION_LINES, `must have at most ${MAX_SUBSCRIPTION_LINES} lines`).default([]),
  metered_items: z.array(MeteredItemInput).max(MAX_METERED_ITEMS, `must have at most ${MAX_METERED_ITEMS} metered items`).default([]),
  notes: optionalText(5000),
  terms: optionalText(5000),
};

export const CreateSubscription = z
  .object({
    ...fields,
    customer_id: fields.customer_id.optional(),
    interval: fields.interval.optional(),
    start_date: fields.start_date.optional(),
    /** "Make recurring": copy customer, currency, lines, notes and terms from this invoice (fields given win). */
    invoice_id: Id.optional().meta({ description: '"Make recurring": copy the customer, currency, lines, notes and terms of this invoice (fields given here take precedence)' }),
  })
  .strict();
export type CreateSubscriptionInput = z.output<typeof CreateSubscription>;

/** Applies to invoices not generated yet; the cycle's start and the customer stay as they are. */
export const UpdateSubscription = z
  .object({
    interval: fields.interval.optional(),
    interval_count: z.number().int().min(1).max(365).optional(),
    billing_anchor_day: fields.billing_anchor_day,
    end_date: fields.end_date,
    max_invoices: fields.max_invoices,
    billing: z.enum(BILLING_TIMINGS).optional(),
    collection: z.enum(COLLECTION_METHODS).optional(),
    payment_terms_days: fields.payment_terms_days,
    prices_include_tax: z.boolean().optional(),
    lines: z.array(LineInput).max(MAX_SUBSCRIPTION_LINES).optional(),
    metered_items: z.array(MeteredItemInput).max(MAX_METERED_ITEMS).optional(),
    notes: optionalText(5000).optional(),
    terms: optionalText(5000).optional(),
  })
  .strict();
export type UpdateSubscriptionInput = z.output<typeof UpdateSubscription>;

export const CancelSubscription = z
  .object({ at_period_end: z.boolean().default(false).meta({ description: 'true: bill the current period as usual and stop after it' }) })
  .strict()
  .nullish()
  .transform((v) => v ?? { at_period_end: false });

export const SubscriptionListQuery = ListQuery.extend({
  status: z.enum(SUBSCRIPTION_STATUSES).optional(),
  customer_id: Id.optional(),
});
export type SubscriptionListQueryInput = z.output<typeof SubscriptionListQuery>;

// ── Responses ────────────────────────────────────────────────────────────────

const SubscriptionLine = z.object({
  id: z.string(),
  product_id: z.string().nullable(),
  description: z.string().nullable(),
  quantity: z.string(),
  unit_price: z.string().nullable().meta({ description: "null: the product's price when each invoice is generated" }),
  unit: z.string().nullable(),
  tax_rate_id: z.string().nullable(),
  discount: z.string().nullable(),
});

const MeteredItem = z.object({
  id: z.string(),
  metric_code: z.string(),
  unit_price: z.string(),
  unit: z.string().nullable(),
  tax_rate_id: z.string().nullable(),
  description: z.string().nullable(),
  bill_immediately: z.boolean(),
});

export const Subscription = z
  .object({
    id: z.string(),
    customer_id: z.string(),
    customer: z.object({ id: z.string(), name: z.string() }),
    currency: z.string(),
    interval: z.enum(BILLING_INTERVALS),
    interval_count: z.number().int(),
    start_date: z.string(),
    billing_anchor_day: z.number().int().nullable(),
    end_date: z.string().nullable(),
    max_invoices: z.number().int().nullable(),
    billing: z.enum(BILLING_TIMINGS),
    collection: z.enum(COLLECTION_METHODS),
    payment_terms_days: z.number().int().nullable(),
    prices_include_tax: z.boolean(),
    lines: z.array(SubscriptionLine),
    metered_items: z.array(MeteredItem),
    notes: z.string().nullable(),
    terms: z.string().nullable(),
    status: z.enum(SUBSCRIPTION_STATUSES),
    current_period_start: z.string().nullable().meta({ description: 'The period today falls in (null before the start and after the end)' }),
    current_period_end: z.string().nullable(),
    next_invoice_date: z.string().nullable().meta({ description: 'When the next invoice will be generated (null: none will be)' }),
    invoice_count: z.number().int(),
    amount: z.string().meta({ description: 'What the fixed lines come to per period, before tax (metered usage not included)' }),
    cancel_at_period_end: z.boolean(),
    paused_at: z.string().nullable(),
    canceled_at: z.string().nullable(),
    ended_at: z.string().nullable(),
    billing_error: z.string().nullable().meta({ description: 'Why the last attempt to generate its invoice failed (null: it did not); it is tried again every few minutes' }),
    created_from_invoice_id: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Subscription' });
export type SubscriptionOut = z.output<typeof Subscription>;

export const SubscriptionList = z.object({ data: z.array(Subscription), next_cursor: z.string().nullable() });

export const UpcomingInvoice = Invoice.extend({
  id: z.null(),
  billing_date: z.string().meta({ description: 'When it will be generated' }),
}).meta({ id: 'UpcomingInvoice' });
