import { z } from 'zod';

export const InvoiceLink = z
  .object({
    url: z.string().meta({ description: 'The public page of the invoice; anyone with it can view the invoice and download its PDF' }),
    created_at: z.string(),
  })
  .meta({ id: 'InvoiceLink' });

export type InvoiceLinkOut = z.output<typeof InvoiceLink>;

export const InvoiceLinkHistoryItem = InvoiceLink.extend({
  revoked_at: z.string().nullable().meta({ description: 'When the link stopped working; null for the live link' }),
}).meta({ id: 'InvoiceLinkHistoryItem' });

export const InvoiceLinkList = z.object({ data: z.array(InvoiceLinkHistoryItem) }).meta({ id: 'InvoiceLinkList' });

export type InvoiceLinkListOut = z.output<typeof InvoiceLinkList>;
