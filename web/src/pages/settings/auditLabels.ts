/**
 * The audit log in words: each action ("invoice.finalized" → "Invoice finalized"), the kinds
 * of things it concerns, and the fields of its changes, in the interface language. A unit test
 * (test/unit/web/audit-labels.test.ts) holds AUDIT_ACTIONS to the server's event catalogue.
 */
import { i18next } from '../../i18n/index.ts';

/** What the "What" filter offers: each kind of resource with the actions recorded about it. */
export const AUDIT_GROUPS: { type: string; actions: string[] }[] = [
  {
    type: 'invoice',
    actions: [
      'invoice.created',
      'invoice.updated',
      'invoice.deleted',
      'invoice.finalized',
      'invoice.send_queued',
      'invoice.sent',
      'invoice.email_sent',
      'invoice.email_failed',
      'invoice.viewed',
      'invoice.paid',
      'invoice.voided',
      'invoice.marked_uncollectible',
      'invoice.credited',
      'invoice.overdue',
      'invoice.reminder_sent',
      'invoice.reminder_delivered',
      'invoice.reminders_paused',
      'invoice.reminders_resumed',
      'invoice.late_fee_created',
      'invoice.link_created',
      'invoice.link_revoked',
      'invoice.checkout_created',
      'invoice.charge_succeeded',
      'invoice.payment_failed',
      'invoice.gateway_payment_rejected',
      'invoice.gateway_refund_rejected',
      'invoice.balance_changed',
    ],
  },
  {
    type: 'customer',
    actions: [
      'customer.created',
      'customer.updated',
      'customer.archived',
      'customer.deleted',
      'customer.anonymized',
      'customer.portal_link_created',
      'customer.portal_link_sent',
      'customer.portal_link_revoked',
      'customer.payment_method_setup_started',
      'customer.payment_method_saved',
      'customer.payment_method_default_changed',
      'customer.payment_method_removed',
    ],
  },
  {
    type: 'quote',
    actions: ['quote.created', 'quote.updated', 'quote.deleted', 'quote.finalized', 'quote.sent', 'quote.accepted', 'quote.declined', 'quote.converted'],
  },
  { type: 'payment', actions: ['payment.recorded', 'payment.created', 'payment.refunded', 'customer_credit.applied'] },
  { type: 'credit_note', actions: ['credit_note.issued', 'credit_note.created'] },
  { type: 'subscription', actions: ['subscription.created', 'subscription.updated', 'subscription.paused', 'subscription.resumed', 'subscription.canceled', 'subscription.ended'] },
  { type: 'product', actions: ['product.created', 'product.updated', 'product.archived', 'product.deleted'] },
  { type: 'tax_rate', actions: ['tax_rate.created', 'tax_rate.updated', 'tax_rate.archived', 'tax_rate.deleted'] },
  { type: 'custom_field', actions: ['custom_field.created', 'custom_field.updated', 'custom_field.deleted'] },
  { type: 'billable_metric', actions: ['billable_metric.created', 'billable_metric.updated', 'billable_metric.deleted', 'usage.recorded'] },
  {
    type: 'user',
    actions: [
      'user.signed_in',
      'user.sign_in_failed',
      'user.invited',
      'user.invitation_resent',
      'user.invitation_withdrawn',
      'user.invitation_link_made',
      'user.joined',
      'user.added',
      'user.updated',
      'user.role_changed',
      'user.deactivated',
      'user.removed',
      'user.password_changed',
      'user.password_reset',
      'user.two_factor_enabled',
      'user.two_factor_disabled',
      'session.organization_switched',
    ],
  },
  {
    type: 'organization',
    actions: ['organization.created', 'organization.updated', 'organization.logo_updated', 'organization.logo_removed', 'organization.email_template_updated', 'organization.reminders_updated', 'organization.accounts_updated'],
  },
  { type: 'api_token', actions: ['api_token.created', 'api_token.revoked'] },
  { type: 'webhook_endpoint', actions: ['webhook_endpoint.created', 'webhook_endpoint.updated', 'webhook_endpoint.disabled', 'webhook_endpoint.deleted'] },
  { type: 'payment_gateway', actions: ['payment_gateway.connected', 'payment_gateway.disconnected'] },
  { type: 'email_message', actions: ['email.retried'] },
];

export const AUDIT_ACTIONS: string[] = AUDIT_GROUPS.flatMap((g) => g.actions);

/** "customer.portal_link_sent" → "portal link sent": the last resort for an action this app does not know yet. */
function humanize(code: string): string {
  const words = code.replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The kind of thing, singular ("Invoice"). */
export function resourceLabel(type: string): string {
  const key = `audit.resources.${type}`;
  return i18next.exists(key) ? i18next.t(key) : humanize(type);
}

/** The kind of thing, plural, for the filter ("Invoices"). */
export function resourceGroupLabel(type: string): string {
  const key = `audit.groups.${type}`;
  return i18next.exists(key) ? i18next.t(key) : humanize(type);
}

/** What happened, in words ("Invoice finalized"); an unknown action reads "Invoice: something done". */
export function actionLabel(action: string): string {
  const key = `audit.actions.${action}`;
  if (i18next.exists(key)) return i18next.t(key);
  const [type = '', ...rest] = action.split('.');
  return `${resourceLabel(type)}: ${rest.join(' ').replace(/_/g, ' ')}`;
}

/** A field of a change ("due_date" → "Due date"). */
export function fieldLabel(field: string): string {
  const key = `audit.fields.${field}`;
  return i18next.exists(key) ? i18next.t(key) : humanize(field);
}
