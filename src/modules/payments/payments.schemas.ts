/**
 * Request and response schemas for payments, refunds and applied customer credit.
 *
 * Amounts arrive as decimal strings or JSON numbers. Their form (a plain positive decimal,
 * at most the cap) is checked here; whether they have too many decimals depends on the
 * invoice's currency, which only the service knows, so it parses them with parseAmount.
 */
import { z } from 'zod';
import { CurrencyCode, DecimalInput, IsoDate, ListQuery, optionalText, requiredText } from '../../kernel/http/schemas.ts';
import { DecimalError, parseScaled } from '../../domain/money/index.ts';
import { CsvLocale, IdSelection, ListFormat, SortParam } from '../../kernel/http/csv-export.ts';

/** Methods a client may record. */
export const PAYMENT_METHODS = ['cash', 'bank_transfer', 'card', 'check', 'online', 'other', 'direct_debit'] as const;
/**
 * Output-only: a payment made from the customer's credit balance (POST /invoices/:id/apply-credit).
 * Cash-collected figures (revenue, collected) must exclude it: that cash was already counted
 * as the payment whose excess became the credit.
 */
export const CUSTOMER_CREDIT_METHOD = 'customer_credit';
export const ALL_PAYMENT_METHODS = [...PAYMENT_METHODS, CUSTOMER_CREDIT_METHOD] as const;

/** The largest amount accepted for one payment or refund, in major units of any currency. */
export const MAX_AMOUNT_MAJOR = 100_000_000_000n;
/** Wide enough for any ISO 4217 exponent (at most 4): used only to check the form of an amount. */
const FORM_SCALE = 6;
const MAX_AMOUNT_AT_FORM_SCALE = MAX_AMOUNT_MAJOR * 10n ** BigInt(FORM_SCALE);

/**
 * A positive amount in a currency not known yet: "12.50" or 12.5, not zero, not negative,
 * no exponent, at most 100,000,000,000. The value passes through unchanged for parseAmount.
 */
export const PositiveAmountInput = DecimalInput.superRefine((value, ctx) => {
  let scaled: bigint;
  try {
    scaled = parseScaled(value, FORM_SCALE);
  } catch (error) {
    if (!(error instanceof DecimalError)) throw error;
    ctx.addIssue({ code: 'custom', message: error.message.includes('decimal places') ? 'has too many decimal places' : error.message });
    return;
  }
  if (scaled <= 0n) ctx.addIssue({ code: 'custom', message: 'must be greater than zero' });
  else if (scaled > MAX_AMOUNT_AT_FORM_SCALE) ctx.addIssue({ code: 'custom', message: `must be at most ${MAX_AMOUNT_MAJOR}` });
}).meta({ description: 'Decimal string (or number) in the invoice currency, e.g. "19.99"' });

/** A calendar date YYYY-MM-DD that exists (no 2026-02-30), not before 2000-01-01. */
export const PaymentDate = IsoDate.refine((d) => d >= '2000-01-01', 'must not be before 2000-01-01');

export const Refund = z.object({
  id: z.string(),
  amount: z.string(),
  reason: z.string(),
  date: z.string(),
  created_at: z.string(),
  gateway_refund_id: z.string().nullable().meta({ description: "The gateway's refund id when the money went back through a gateway" }),
});

export const Payment = z
  .object({
    id: z.string(),
    invoice_id: z.string(),
    invoice_number: z.string().nullable(),
    customer_id: z.string(),
    currency: z.string(),
    amount: z.string().meta({ description: 'Received: applied to the invoice + excess left as customer credit' }),
    applied_amount: z.string(),
    excess_amount: z.string(),
    refunded_amount: z.string(),
    date: z.string(),
    method: z.enum(ALL_PAYMENT_METHODS),
    reference: z.string().nullable(),
    notes: z.string().nullable(),
    refunds: z.array(Refund),
    created_at: z.string(),
    group_id: z
      .string()
      .nullable()
      .meta({ description: 'The payment over several invoices (POST /payments with customer_id) this payment is part of; null for one recorded on one invoice' }),
    gateway: z.string().nullable().meta({ description: "The payment gateway it arrived through ('stripe'); null when recorded by hand" }),
    gateway_payment_id: z.string().nullable().meta({ description: "The gateway's payment id (Stripe: the payment intent)" }),
    gateway_method: z.string().nullable().meta({ description: "The gateway's method type, e.g. 'card', 'sepa_debit'" }),
  })
  .meta({ id: 'Payment' });
export type PaymentOut = z.output<typeof Payment>;

/** A payment in the list: with its customer's name. */
export const PaymentListItem = Payment.extend({ customer_name: z.string() }).meta({ id: 'PaymentListItem' });
export type PaymentListItemOut = z.output<typeof PaymentListItem>;

export const PaymentList = z
  .object({
    data: z.array(PaymentListItem),
    next_cursor: z.string().nullable(),
    total: z.number().int().meta({ description: 'How many payments match the filters (all pages)' }),
  })
  .meta({ id: 'PaymentList' });

export const CreatePayment = z
  .object({
    invoice_id: z.string().min(1).max(64),
    amount: PositiveAmountInput,
    date: PaymentDate,
    method: z.enum(PAYMENT_METHODS, { error: `must be one of ${PAYMENT_METHODS.join(', ')}` }),
    reference: optionalText(200),
    notes: optionalText(5000),
    allow_overpayment: z.boolean().default(false),
  })
  .strict()
  .meta({ id: 'CreateInvoicePayment', description: 'A payment on one invoice' });
export type CreatePaymentInput = z.output<typeof CreatePayment>;

export const PaymentAllocationInput = z
  .object({
    invoice_id: z.string().min(1).max(64),
    amount: PositiveAmountInput,
  })
  .strict();

/** One sum received from a customer, spread over several of their open invoices. */
export const CreateCustomerPayment = z
  .object({
    customer_id: z.string().min(1).max(64),
    amount: PositiveAmountInput,
    currency: CurrencyCode.optional().meta({
      description: "The payment's currency; default: the customer's currency, else the organization's. Only invoices in it are paid",
    }),
    date: PaymentDate,
    method: z.enum(PAYMENT_METHODS, { error: `must be one of ${PAYMENT_METHODS.join(', ')}` }),
    reference: optionalText(200),
    notes: optionalText(5000),
    allocations: z
      .array(PaymentAllocationInput)
      .min(1, 'must name at least one invoice (leave it out to pay the oldest due first)')
      .max(200)
      .optional()
      .meta({
        description:
          'Which open invoices get how much; without it, the oldest due first (due date, issue date, number). ' +
          'Whatever is not allocated becomes customer credit',
      }),
  })
  .strict()
  .meta({ id: 'CreateCustomerPayment', description: 'One payment over several open invoices of a customer' });
export type CreateCustomerPaymentInput = z.output<typeof CreateCustomerPayment>;

/** POST /payments: either on one invoice (invoice_id) or over a customer's invoices (customer_id). */
export const CreatePaymentRequest = z.union([CreatePayment, CreateCustomerPayment]);

/**
 * Which of the two forms a body is: exactly one of invoice_id and customer_id (otherwise a
 * 422 naming the field), checked before the form's own schema so errors name real fields.
 */
export const PaymentTarget = z.looseObject({}).superRefine((body, ctx) => {
  const hasInvoice = body.invoice_id !== undefined;
  const hasCustomer = body.customer_id !== undefined;
  if (hasInvoice && hasCustomer) {
    ctx.addIssue({ code: 'custom', path: ['customer_id'], message: 'must not be sent together with invoice_id (invoice_id: one invoice; customer_id: several)' });
  } else if (!hasInvoice && !hasCustomer) {
    ctx.addIssue({ code: 'custom', path: ['invoice_id'], message: 'is required (or customer_id, for one payment over several invoices)' });
  }
});

export const CustomerPayment = z
  .object({
    id: z.string().meta({ description: 'The group id its per-invoice payments share (their group_id)' }),
    customer_id: z.string(),
    currency: z.string(),
    amount: z.string().meta({ description: 'Received in all' }),
    applied_amount: z.string().meta({ description: 'Applied to invoices' }),
    unapplied_amount: z.string().meta({ description: 'Left over: added to the customer credit' }),
    date: z.string(),
    method: z.enum(PAYMENT_METHODS),
    reference: z.string().nullable(),
    notes: z.string().nullable(),
    allocations: z.array(z.object({ invoice_id: z.string(), invoice_number: z.string().nullable(), amount: z.string(), payment_id: z.string() })),
    payments: z.array(Payment).meta({ description: 'One payment per invoice; the last one also carries the unapplied amount as its excess' }),
  })
  .meta({ id: 'CustomerPayment' });
export type CustomerPaymentOut = z.output<typeof CustomerPayment>;

export const RefundPayment = z
  .object({
    amount: PositiveAmountInput.optional(),
    reason: requiredText(500),
  })
  .strict();
export type RefundPaymentInput = z.output<typeof RefundPayment>;

/** The body is optional: without an amount, as much credit as the invoice can take is applied. */
export const ApplyCredit = z
  .object({ amount: PositiveAmountInput.optional() })
  .strict()
  .nullish()
  .transform((v) => v ?? {});
export type ApplyCreditInput = z.output<typeof ApplyCredit>;

/** The fields GET /payments sorts by (`?sort=-amount`). */
export const PAYMENT_SORT_FIELDS = ['date', 'amount', 'customer_name', 'method'] as const;

export const PaymentListQuery = ListQuery.extend({
  invoice_id: z.string().min(1).max(64).optional(),
  customer_id: z.string().min(1).max(64).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  currency: CurrencyCode.optional(),
  method: z.enum(ALL_PAYMENT_METHODS).optional(),
  q: z.string().max(200).optional(),
  ids: IdSelection,
  sort: SortParam(PAYMENT_SORT_FIELDS),
  format: ListFormat,
  locale: CsvLocale,
});
export type PaymentListQueryInput = z.output<typeof PaymentListQuery>;
