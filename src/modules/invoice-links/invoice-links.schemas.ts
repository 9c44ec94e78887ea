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
          'The same URL every e-mail about the invoice carries. Null for a revoked link, and for a live link ' +
          'made before Settle kept link tokens (sealed) or whose token cannot be opened with the current secret key',
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
      .meta({ description: 'true: revoke the live link (its URL stops working, also in e-mails already sent) and make a new one, whose URL this response shows' }),
  })
  .strict()
  .nullish()
  .transform((v) => v ?? {});
