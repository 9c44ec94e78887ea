/**
 * How the invoice timeline shows each action (GET /invoices/{id}/timeline): a label and a
 * one-glyph icon with a colour. Other modules add actions over time: an unknown one gets a
 * generic label made from its name, never an error.
 */
import { createElement, Fragment, type ReactNode } from 'react';
import i18next from 'i18next';

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

/** Each known action: its icon and colour; its label is invoice.timeline.action.<action with "_" for "."> . */
const LOOKS: Record<string, { icon: string; color: string }> = {
  'invoice.created': { icon: '✎', color: 'gray' },
  'invoice.updated': { icon: '✎', color: 'gray' },
  'invoice.finalized': { icon: '#', color: 'blue' },
  'invoice.sent': { icon: '✉', color: 'blue' },
  'invoice.email_sent': { icon: '✉', color: 'blue' },
  'invoice.viewed': { icon: '◉', color: 'cyan' },
  'invoice.reminder_sent': { icon: '⟳', color: 'orange' },
  'invoice.reminders_paused': { icon: '⏸', color: 'gray' },
  'invoice.reminders_resumed': { icon: '▶', color: 'gray' },
  'invoice.late_fee_created': { icon: '+', color: 'orange' },
  'invoice.payment_failed': { icon: '!', color: 'red' },
  'invoice.charge_succeeded': { icon: '✓', color: 'green' },
  'invoice.overdue': { icon: '!', color: 'red' },
  'invoice.paid': { icon: '✓', color: 'green' },
  'invoice.credited': { icon: '−', color: 'grape' },
  'invoice.voided': { icon: '⊘', color: 'dark' },
  'invoice.marked_uncollectible': { icon: '⊘', color: 'dark' },
  'invoice.checkout_created': { icon: '→', color: 'blue' },
  'invoice.gateway_payment_rejected': { icon: '!', color: 'red' },
  'invoice.gateway_refund_rejected': { icon: '!', color: 'red' },
  'invoice.link_created': { icon: '→', color: 'gray' },
  'invoice.link_revoked': { icon: '⊘', color: 'gray' },
  'payment.recorded': { icon: '€', color: 'green' },
  'customer_credit.applied': { icon: '€', color: 'teal' },
  'payment.refunded': { icon: '↩', color: 'orange' },
  'credit_note.created': { icon: '−', color: 'grape' },
};

const GATEWAY_NAMES: Record<string, string> = { stripe: 'Stripe' };

/** The label, icon and colour of an entry; a payment through a gateway reads "Paid online via Stripe". */
export function timelineLook(entry: Pick<TimelineEntry, 'action' | 'details'>): TimelineLook {
  const gateway = typeof entry.details.gateway === 'string' ? entry.details.gateway : null;
  if (entry.action === 'payment.recorded' && gateway) {
    return { label: i18next.t('invoice.timeline.paidOnlineVia', { gateway: GATEWAY_NAMES[gateway] ?? gateway }), icon: '€', color: 'green' };
  }
  if (entry.action === 'payment.refunded' && gateway) {
    return { label: i18next.t('invoice.timeline.refundedVia', { gateway: GATEWAY_NAMES[gateway] ?? gateway }), icon: '↩', color: 'orange' };
  }
  const known = LOOKS[entry.action];
  if (known) return { label: i18next.t(`invoice.timeline.action.${entry.action.replace('.', '_')}`), ...known };
  const words = entry.action.replace(/[._]+/g, ' ').trim();
  return { label: words ? words.charAt(0).toUpperCase() + words.slice(1) : i18next.t('invoice.timeline.event'), icon: '•', color: 'gray' };
}

/** Who did it, in words. */
export function actorText(actor: TimelineEntry['actor']): string {
  if (actor.type === 'system') return actor.name ? i18next.t('invoice.timeline.actor.systemNamed', { name: actor.name }) : 'Settle';
  if (actor.type === 'api_token') return actor.name ? i18next.t('invoice.timeline.actor.tokenNamed', { name: actor.name }) : i18next.t('invoice.timeline.actor.token');
  if (actor.type === 'customer') return i18next.t('invoice.timeline.actor.customer');
  return actor.name ?? i18next.t('invoice.timeline.actor.user');
}

/** The marker a message gets for a link it names; withLink puts the link there. */
export const LINK = '\u0000';

/** A translated sentence with one link in it: the message is made with `{name}` = LINK. */
export function withLink(text: string, link: ReactNode): ReactNode {
  const [before = '', after = ''] = text.split(LINK);
  return createElement(Fragment, null, before, link, after);
}
