/**
 * Reminder events (kernel/events.ts). Each concerns an invoice and names it as the resource,
 * so it shows on the invoice's timeline. invoice.reminder_sent is public (webhooks).
 */
export {};

declare module '../../kernel/events.ts' {
  interface EventCatalogue {
    /** A reminder was queued for the customer (a step, or by hand): step, recipient, message. */
    'invoice.reminder_sent': undefined;
    /** The reminder e-mail reached the customer's mail server (audit only). */
    'invoice.reminder_delivered': undefined;
    /** A late-fee invoice was issued for this overdue invoice (audit only; the fee invoice has its own events). */
    'invoice.late_fee_created': undefined;
    'invoice.reminders_paused': undefined;
    'invoice.reminders_resumed': undefined;
    'organization.reminders_updated': undefined;
  }
}
