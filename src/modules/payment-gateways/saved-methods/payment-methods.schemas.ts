/** Request and response schemas of saved payment methods. */
import { z } from 'zod';

export const PaymentMethod = z
  .object({
    id: z.string(),
    customer_id: z.string(),
    provider: z.string().meta({ description: 'The payment gateway that keeps the method, e.g. "stripe"' }),
    type: z.string().meta({ description: '"card", "sepa_debit", …' }),
    brand: z.string().nullable().meta({ description: 'Card brand ("visa", "mastercard", …); "sepa_debit" for a SEPA mandate' }),
    last4: z.string().nullable(),
    exp_month: z.number().int().nullable(),
    exp_year: z.number().int().nullable(),
    is_default: z.boolean().meta({ description: 'The method automatic charges use' }),
    created_at: z.string(),
  })
  .meta({ id: 'PaymentMethod' });
export type PaymentMethodOut = z.output<typeof PaymentMethod>;

export const PaymentMethodList = z.object({ data: z.array(PaymentMethod) }).meta({ id: 'PaymentMethodList' });

const httpUrl = z
  .string()
  .max(2000)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');

export const SETUP_METHOD_TYPES = ['card', 'sepa_debit'] as const;

export const SetupLinkInput = z
  .object({
    success_url: httpUrl.optional().meta({ description: 'Where the customer lands after saving; default: a Settle page saying it is saved' }),
    cancel_url: httpUrl.optional(),
    method_types: z.array(z.enum(SETUP_METHOD_TYPES)).min(1, 'must name at least one method type').max(2).optional(),
  })
  .strict()
  .nullish()
  .transform((body) => body ?? {});
export type SetupLinkInputValue = z.output<typeof SetupLinkInput>;

export const SetupLink = z
  .object({
    url: z.string().meta({ description: "The gateway's hosted page where the customer saves a card or SEPA mandate" }),
    expires_at: z.string(),
  })
  .meta({ id: 'PaymentMethodSetupLink' });

export const MethodParams = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'is not a valid id'),
  method_id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'is not a valid id'),
});
