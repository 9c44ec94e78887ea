import { z } from 'zod';

export const TimelineEntry = z
  .object({
    at: z.string().meta({ description: 'When it happened (RFC 3339, UTC)' }),
    action: z.string().meta({
      description:
        'What happened: the audit action (invoice.created, invoice.finalized, invoice.sent, invoice.viewed, invoice.reminder_sent, …), ' +
        'or payment.recorded, customer_credit.applied, payment.refunded, credit_note.created. New actions may appear: show unknown ones generically',
    }),
    actor: z.object({ type: z.string().meta({ description: 'user, api_token or system' }), name: z.string().nullable() }),
    summary: z.string().optional(),
    details: z.record(z.string(), z.unknown()).meta({ description: 'The audit entry (before/after), or the payment, refund or credit note' }),
  })
  .meta({ id: 'InvoiceTimelineEntry' });
export type TimelineEntryOut = z.output<typeof TimelineEntry>;

export const InvoiceTimeline = z.object({ data: z.array(TimelineEntry) }).meta({ id: 'InvoiceTimeline' });
