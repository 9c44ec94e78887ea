/** Request and response schemas of gateway connections, payment links and the inbound webhook. */
import { z } from 'zod';

export const ConnectStripe = z
  .object({
    secret_key: z.string({ error: 'is required' }).trim().min(1, 'is required').max(255),
    webhook_secret: z.string({ error: 'is required' }).trim().min(1, 'is required').max(255),
  })
  .strict();
export type ConnectStripeInput = z.output<typeof ConnectStripe>;

export const PaymentGateway = z
  .object({
    provider: z.enum(['stripe']),
    connected: z.boolean(),
    mode: z.enum(['test', 'live']).nullable(),
    secret_key: z.string().nullable().meta({ description: 'Masked, e.g. "sk_test_…1234"; the key itself is never shown again' }),
    webhook_secret: z.string().nullable().meta({ description: 'Masked, e.g. "whsec_…abcd"' }),
    account_id: z.string().nullable(),
    webhook_url: z.string().meta({ description: "The URL to paste into Stripe's webhook settings for this organization" }),
    connected_at: z.string().nullable(),
  })
  .meta({ id: 'PaymentGateway' });
export type PaymentGatewayOut = z.output<typeof PaymentGateway>;

export const PaymentGatewayList = z.object({ data: z.array(PaymentGateway) }).meta({ id: 'PaymentGatewayList' });

export const PaymentLink = z
  .object({
    url: z.string().meta({ description: "The gateway's hosted checkout page for the amount due" }),
    expires_at: z.string(),
  })
  .meta({ id: 'PaymentLink' });

export const WebhookParams = z.object({
  organization_id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'is not a valid organization id'),
});
