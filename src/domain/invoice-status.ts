/**
 * The invoice status machine, pure. Stored statuses follow money and explicit actions:
 *
 *   draft ──finalize──▶ open ──payments──▶ partially_paid ──▶ paid
 *                        │  └──void (no payments)──▶ void
 *                        └──mark uncollectible (also from partially_paid)──▶ uncollectible
 *
 * `overdue` is not stored: it is derived from the due date and the amount due.
 */

export const INVOICE_STATUSES = ['draft', 'open', 'partially_paid', 'paid', 'void', 'uncollectible'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export type InvoiceAction = 'edit' | 'delete' | 'finalize' | 'void' | 'mark_uncollectible' | 'record_payment' | 'credit' | 'refund' | 'send';

export interface InvoiceFacts {
  status: InvoiceStatus;
  amountPaid: bigint;
  amountDue: bigint;
}

/** Why `action` is not allowed on an invoice in this state, or null when it is. */
export function actionProblem(action: InvoiceAction, facts: InvoiceFacts): string | null {
  const { status } = facts;
  switch (action) {
    case 'edit':
    case 'delete':
    case 'finalize':
      return status === 'draft' ? null : `the invoice is ${label(status)}; finalized invoices never change (issue a credit note to correct one)`;
    case 'void':
      if (status !== 'open') return `only an open invoice can be voided; this one is ${label(status)}`;
      return facts.amountPaid === 0n ? null : 'an invoice with payments cannot be voided; refund the payments or issue a credit note';
    case 'mark_uncollectible':
      return status === 'open' || status === 'partially_paid' ? null : `only an open or partially paid invoice can be marked uncollectible; this one is ${label(status)}`;
    case 'record_payment':
      return status === 'open' || status === 'partially_paid' || status === 'uncollectible'
        ? null
        : `payments can only be recorded on open, partially paid or uncollectible invoices; this one is ${label(status)}`;
    case 'credit':
      return status === 'draft' || status === 'void' ? `a credit note needs a finalized invoice that is not void; this one is ${label(status)}` : null;
    case 'refund':
      return status === 'draft' || status === 'void' ? `the invoice is ${label(status)}` : null;
    case 'send':
      return status === 'draft' || status === 'void' ? `a ${label(status)} invoice cannot be sent; finalize it first` : null;
  }
}

/** Amount still owed: never negative (an overpayment becomes customer credit instead). */
export function amountDue(total: bigint, paid: bigint, credited: bigint): bigint {
  const due = total - paid - credited;
  return due > 0n ? due : 0n;
}

/**
 * The status after a payment, refund or credit note changed the money on a finalized
 * invoice. Void stays void; uncollectible stays uncollectible until it is settled in full.
 */
export function statusAfterMoney(current: InvoiceStatus, total: bigint, paid: bigint, credited: bigint): InvoiceStatus {
  if (current === 'draft' || current === 'void') return current;
  const due = amountDue(total, paid, credited);
  // Settled in full — by payments, credit notes or both.
  if (due === 0n) return 'paid';
  if (current === 'uncollectible') return 'uncollectible';
  // A credit note alone lowers what is owed but is not a payment: the invoice stays open.
  return paid > 0n ? 'partially_paid' : 'open';
}

/** Overdue: money is still owed on a live invoice and its due date (YYYY-MM-DD) has passed. */
export function isOverdue(status: InvoiceStatus, due: bigint, dueDate: string | null, today: string): boolean {
  if (status !== 'open' && status !== 'partially_paid') return false;
  return due > 0n && dueDate !== null && dueDate < today;
}

function label(status: InvoiceStatus): string {
  return status.replace('_', ' ');
}
