/**
 * How the invoice timeline shows each action (GET /invoices/{id}/timeline): a label and a
 * one-glyph icon with a colour. Other modules add actions over time: an unknown one gets a
 * generic label made from its name, never an error.
 */
export interface TimelineEntry {
  at: string;
  action: string;
  actor: { type: string; name: string | null };
  summary?: string;
  details: Record<string, unknown>;
}

export interface TimelineLook {
  label: string;
  icon: string;
  color: string;
}

const LOOKS: Record<string, TimelineLook> = {
  'invoice.created': { label: 'Draft created', icon: '✎', color: 'gray' },
  'invoice.updated': { label: 'Draft changed', icon: '✎', color: 'gray' },
  'invoice.finalized': { label: 'Finalized', icon: '#', color: 'blue' },
  'invoice.sent': { label: 'Sent to the customer', icon: '✉', color: 'blue' },
  'invoice.email_sent': { label: 'E-mail delivered', icon: '✉', color: 'blue' },
  'invoice.viewed': { label: 'Viewed by the customer', icon: '◉', color: 'cyan' },
  'invoice.reminder_sent': { label: 'Reminder sent', icon: '⟳', color: 'orange' },
  'invoice.reminders_paused': { label: 'Reminders paused', icon: '⏸', color: 'gray' },
  'invoice.reminders_resumed': { label: 'Reminders resumed', icon: '▶', color: 'gray' },
  'invoice.late_fee_created': { label: 'Late fee invoiced', icon: '+', color: 'orange' },
  'invoice.payment_failed': { label: 'Automatic charge failed, will retry', icon: '!', color: 'red' },
  'invoice.charge_succeeded': { label: 'Charged automatically', icon: '✓', color: 'green' },
  'invoice.overdue': { label: 'Overdue', icon: '!', color: 'red' },
  'invoice.paid': { label: 'Paid in full', icon: '✓', color: 'green' },
  'invoice.credited': { label: 'Credited', icon: '−', color: 'grape' },
  'invoice.voided': { label: 'Voided', icon: '⊘', color: 'dark' },
  'invoice.marked_uncollectible': { label: 'Marked uncollectible', icon: '⊘', color: 'dark' },
  'invoice.checkout_created': { label: 'Online checkout opened', icon: '→', color: 'blue' },
  'invoice.gateway_payment_rejected': { label: 'Online payment not recorded', icon: '!', color: 'red' },
  'invoice.gateway_refund_rejected': { label: 'Refund in Stripe not recorded', icon: '!', color: 'red' },
  'invoice.link_created': { label: 'Customer link created', icon: '→', color: 'gray' },
  'invoice.link_revoked': { label: 'Customer link revoked', icon: '⊘', color: 'gray' },
  'payment.recorded': { label: 'Payment recorded', icon: '€', color: 'green' },
  'customer_credit.applied': { label: 'Customer credit applied', icon: '€', color: 'teal' },
  'payment.refunded': { label: 'Refunded', icon: '↩', color: 'orange' },
  'credit_note.created': { label: 'Credit note issued', icon: '−', color: 'grape' },
};

const GATEWAY_NAMES: Record<string, string> = { stripe: 'Stripe' };

/** The label, icon and colour of an entry; a payment through a gateway reads "Paid online via Stripe". */
export function timelineLook(entry: Pick<TimelineEntry, 'action' | 'details'>): TimelineLook {
  const gateway = typeof entry.details.gateway === 'string' ? entry.details.gateway : null;
  if (entry.action === 'payment.recorded' && gateway) {
    return { label: `Paid online via ${GATEWAY_NAMES[gateway] ?? gateway}`, icon: '€', color: 'green' };
  }
  if (entry.action === 'payment.refunded' && gateway) {
    return { label: `Refunded via ${GATEWAY_NAMES[gateway] ?? gateway}`, icon: '↩', color: 'orange' };
  }
  const known = LOOKS[entry.action];
  if (known) return known;
  const words = entry.action.replace(/[._]+/g, ' ').trim();
  return { label: words ? words.charAt(0).toUpperCase() + words.slice(1) : 'Event', icon: '•', color: 'gray' };
}

/** Who did it, in words. */
export function actorText(actor: TimelineEntry['actor']): string {
  if (actor.type === 'system') return actor.name ? `Settle (${actor.name})` : 'Settle';
  if (actor.type === 'api_token') return actor.name ? `API token “${actor.name}”` : 'API token';
  if (actor.type === 'customer') return 'The customer';
  return actor.name ?? 'A user';
}
