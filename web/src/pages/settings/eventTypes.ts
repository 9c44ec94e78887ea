/**
 * The public event types (GET /events, webhooks) with words people use, grouped by the
 * resource they concern. A unit test (test/unit/web-event-types.test.ts) holds this list to
 * the server's own, so a type added there and not here fails; no server code is bundled.
 */
import i18next from 'i18next';

/** A translated string, or the English one where i18next is not set up (unit tests under Node). EVENT_LABELS stay the English words. */
function tr(key: string, english: string): string {
  if (!i18next.isInitialized) return english;
  const text = i18next.t(key);
  return text && text !== key ? text : english;
}

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
  'quote.created': 'Quote created',
  'quote.updated': 'Quote updated',
  'quote.deleted': 'Draft quote deleted',
  'quote.finalized': 'Quote finalized',
  'quote.sent': 'Quote sent',
  'quote.accepted': 'Quote accepted',
  'quote.declined': 'Quote declined',
  'quote.converted': 'Quote converted into an invoice',
} as const;

export type EventType = keyof typeof EVENT_LABELS;

export const EVENT_TYPES = Object.keys(EVENT_LABELS) as EventType[];

/** Types grouped by resource, in the order of the catalogue. */
export type EventResourceKind = 'customer' | 'product' | 'invoice' | 'quote' | 'payment' | 'credit_note' | 'subscription';

/** Types grouped by resource, in the order of the catalogue (label and noun in English; see groupLabel). */
export const EVENT_GROUPS: { key: EventResourceKind; label: string; noun: string; types: EventType[] }[] = (
  [
    { key: 'customer', label: 'Customers', noun: 'customer' },
    { key: 'product', label: 'Products', noun: 'product' },
    { key: 'invoice', label: 'Invoices', noun: 'invoice' },
    { key: 'quote', label: 'Quotes', noun: 'quote' },
    { key: 'payment', label: 'Payments', noun: 'payment' },
    { key: 'credit_note', label: 'Credit notes', noun: 'credit note' },
    { key: 'subscription', label: 'Recurring billing', noun: 'subscription' },
  ] as const
).map(({ key, label, noun }) => ({ key, label, noun, types: EVENT_TYPES.filter((t) => t.startsWith(`${key}.`)) }));

/** A group's name in the user's language ("Invoices", "Rechnungen"). */
export function groupLabel(group: (typeof EVENT_GROUPS)[number]): string {
  return tr(`webhooks.events.groups.${group.key}`, group.label);
}

/** A whole group picked, in the user's language ("all invoice events"). */
export function groupAllLabel(group: (typeof EVENT_GROUPS)[number]): string {
  return tr(`webhooks.events.allOf.${group.key}`, `all ${group.noun} events`);
}

/** What the event means, for any type (the test `ping`, or one this app does not know yet), in the user's language. */
export function eventLabel(type: string): string {
  if (type === 'ping') return tr('webhooks.events.ping', 'Test event');
  const english = (EVENT_LABELS as Record<string, string>)[type];
  return english ? tr(`webhooks.events.types.${type}`, english) : type;
}

/** `["*"]` means every event, including types added later. */
export const ALL_EVENTS = '*';
