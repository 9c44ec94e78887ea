/**
 * The public event types (GET /events, webhooks) with words people use, grouped by the
 * resource they concern. A unit test (test/unit/web-event-types.test.ts) holds this list to
 * the server's own, so a type added there and not here fails; no server code is bundled.
 */

export const EVENT_LABELS = {
  'customer.created': 'Customer created',
  'customer.updated': 'Customer updated',
  'customer.deleted': 'Customer deleted',
  'customer.anonymized': 'Customer’s personal data erased',
  'product.created': 'Product created',
  'product.updated': 'Product updated',
  'product.deleted': 'Product deleted',
  'invoice.created': 'Invoice created',
  'invoice.updated': 'Invoice updated',
  'invoice.deleted': 'Draft invoice deleted',
  'invoice.finalized': 'Invoice finalized',
  'invoice.sent': 'Invoice sent',
  'invoice.paid': 'Invoice paid',
  'invoice.voided': 'Invoice voided',
  'invoice.marked_uncollectible': 'Invoice marked uncollectible',
  'invoice.overdue': 'Invoice overdue',
  'invoice.reminder_sent': 'Payment reminder sent',
  'payment.created': 'Payment recorded',
  'payment.refunded': 'Payment refunded',
  'credit_note.created': 'Credit note issued',
  'subscription.created': 'Recurring billing set up',
  'subscription.updated': 'Recurring billing changed',
  'subscription.paused': 'Recurring billing paused',
  'subscription.resumed': 'Recurring billing resumed',
  'subscription.canceled': 'Recurring billing canceled',
  'subscription.ended': 'Recurring billing ended',
  'invoice.payment_failed': 'Automatic charge failed',
  'invoice.viewed': 'Invoice viewed by the customer',
} as const;

export type EventType = keyof typeof EVENT_LABELS;

export const EVENT_TYPES = Object.keys(EVENT_LABELS) as EventType[];

/** Types grouped by resource, in the order of the catalogue. */
export const EVENT_GROUPS: { label: string; noun: string; types: EventType[] }[] = [
  { label: 'Customers', noun: 'customer', prefix: 'customer.' },
  { label: 'Products', noun: 'product', prefix: 'product.' },
  { label: 'Invoices', noun: 'invoice', prefix: 'invoice.' },
  { label: 'Payments', noun: 'payment', prefix: 'payment.' },
  { label: 'Credit notes', noun: 'credit note', prefix: 'credit_note.' },
  { label: 'Recurring billing', noun: 'subscription', prefix: 'subscription.' },
].map(({ label, noun, prefix }) => ({ label, noun, types: EVENT_TYPES.filter((t) => t.startsWith(prefix)) }));

/** What the event means, for any type (the test `ping`, or one this app does not know yet). */
export function eventLabel(type: string): string {
  if (type === 'ping') return 'Test event';
  return (EVENT_LABELS as Record<string, string>)[type] ?? type;
}

/** `["*"]` means every event, including types added later. */
export const ALL_EVENTS = '*';
