/**
 * Request and response schemas for payments, refunds and applied customer credit.
 *
 * Amounts arrive as decimal strings or JSON numbers. Their form (a plain positive decimal,
 * at most the cap) is checked here; whether they have too many decimals depends on the
 * invoice's currency, which only the service knows, so it parses them with parseAmount.
 */
import { z } from 'zod';
import { DecimalInput, IsoDate, ListQuery, optionalText, requiredText } from '../../kernel/http/schemas.ts';
import { DecimalError, parseScaled } from '../../domain/money/index.ts';

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
    gateway: z.string().nullable().meta({ description: "The payment gateway it arrived through ('stripe'); null when recorded by hand" }),
    gateway_payment_id: z.string().nullable().meta({ description: "The gateway's payment id (Stripe: the payment intent)" }),
    gateway_method: z.string().nullable().meta({ description: "The gateway's method type, e.g. 'card', 'sepa_debit'" }),
  })
  .meta({ id: 'Payment' });
export type PaymentOut = z.output<typeof Payment>;

export const PaymentList = z.object({ data: z.array(Payment), next_cursor: z.string().nullable() }).meta({ id: 'PaymentList' });

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
  .strict();
export type CreatePaymentInput = z.output<typeof CreatePayment>;

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

export const PaymentListQuery = ListQuery.extend({
  invoice_id: z.string().min(1).max(64).optional(),
  customer_id: z.string().min(1).max(64).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
});
export type PaymentListQueryInput = z.output<typeof PaymentListQuery>;
