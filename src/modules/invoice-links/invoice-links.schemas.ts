import { z } from 'zod';

export const InvoiceLink = z
  .object({
    id: z.string().meta({ description: 'The link (not its token): tells one link of the invoice from the next' }),
    url: z
      .string()
      .nullable()
      .meta({
        description:
          'The public page of the invoice; anyone with it can view the invoice and download its PDF. ' +
          'Shown once, in the response that creates the link (only a hash of its token is stored); null afterwards',
      }),
    created_at: z.string(),
  })
  .meta({ id: 'InvoiceLink' });

export type InvoiceLinkOut = z.output<typeof InvoiceLink>;

export const InvoiceLinkHistoryItem = InvoiceLink.extend({
  revoked_at: z.string().nullable().meta({ description: 'When the link stopped working; null for the live link' }),
}).meta({ id: 'InvoiceLinkHistoryItem' });

export const InvoiceLinkList = z.object({ data: z.array(InvoiceLinkHistoryItem) }).meta({ id: 'InvoiceLinkList' });

export type InvoiceLinkListOut = z.output<typeof InvoiceLinkList>;

export const CreateInvoiceLink = z
  .object({
    replace: z
      .boolean()
      .optional()
      .meta({ description: 'true: revoke the live link (its URL stops working) and make a new one, whose URL this response shows' }),
  })
  .strict()
  .nullish()
  .transform((v) => v ?? {});
