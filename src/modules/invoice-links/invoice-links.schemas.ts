import { z } from 'zod';

export const InvoiceLink = z
  .object({
    url: z.string().meta({ description: 'The public page of the invoice; anyone with it can view the invoice and download its PDF' }),
    created_at: z.string(),
  })
  .meta({ id: 'InvoiceLink' });

export type InvoiceLinkOut = z.output<typeof InvoiceLink>;
