import { z } from 'zod';
import { Email } from '../../kernel/http/schemas.ts';

export const PortalLink = z
  .object({
    id: z.string().meta({ description: 'The link (not its token)' }),
    customer_id: z.string(),
    url: z.string().nullable().meta({
      description:
        "The customer's portal: anyone with it sees the customer's finalized invoices, credit notes, payments and statement. " +
        'Shown once, in the response that creates it (only a hash of its token is stored); null afterwards',
    }),
    created_at: z.string(),
  })
  .meta({ id: 'PortalLink' });
export type PortalLinkOut = z.output<typeof PortalLink>;

/** GET: whether the customer has a live portal link (never its URL); 200 either way. */
export const PortalLinkState = z
  .object({
    customer_id: z.string(),
    active: z.boolean(),
    id: z.string().nullable(),
    url: z.null().meta({ description: 'Always null: the URL is shown only in the response that creates the link' }),
    created_at: z.string().nullable(),
  })
  .meta({ id: 'PortalLinkState' });
export type PortalLinkStateOut = z.output<typeof PortalLinkState>;

export const SendPortalLink = z
  .object({
    to: Email.optional().meta({ description: "Default: the customer's e-mail address" }),
  })
  .strict()
  .nullish()
  .transform((v) => v ?? {});
export type SendPortalLinkInput = z.output<typeof SendPortalLink>;

export const PortalLinkSent = PortalLink.extend({
  email_message_id: z.string(),
  to: z.string(),
  delivery: z.enum(['queued']).meta({ description: 'Queued for delivery (kept in the outbox when no mail server is configured)' }),
}).meta({ id: 'PortalLinkSent' });
export type PortalLinkSentOut = z.output<typeof PortalLinkSent>;
