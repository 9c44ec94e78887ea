/**
 * The report summaries as a subscriber of the event stream: each billing event that moves
 * money or documents updates the summary tables in the emitting transaction. It writes
 * shared rows, so it runs after the use case's own writes (the lock order of db/dialect.ts:
 * summaries last).
 */
import type { EventSubscriber } from '../../../kernel/events.ts';
import {
  onCreditNoteIssued,
  onInvoiceFinalized,
  onInvoiceMoneyChanged,
  onInvoiceVoided,
  onInvoiceWrittenOff,
  onPaymentRecorded,
  onPaymentRefunded,
} from './events.ts';

export const summariesSubscriber: EventSubscriber = {
  name: 'report summaries',
  types: ['invoice.finalized', 'invoice.balance_changed', 'payment.created', 'payment.refunded', 'credit_note.created', 'invoice.voided', 'invoice.marked_uncollectible'],
  async handle(trx, ctx, event) {
    switch (event.type) {
      case 'invoice.finalized':
        return onInvoiceFinalized(trx, ctx, event.facts.invoice, event.facts.lines);
      case 'invoice.balance_changed':
        return onInvoiceMoneyChanged(trx, ctx, event.facts.before, event.facts.after, event.facts.settledOn);
      case 'payment.created':
        return onPaymentRecorded(trx, ctx, event.facts.invoice, event.facts.payment);
      case 'payment.refunded':
        return onPaymentRefunded(trx, ctx, event.facts.invoice, event.facts.payment, event.facts.refund, event.facts.fromCredit);
      case 'credit_note.created':
        return onCreditNoteIssued(trx, ctx, event.facts.invoice, event.facts.note);
      case 'invoice.voided':
        return onInvoiceVoided(trx, ctx, event.facts.before, event.facts.after);
      case 'invoice.marked_uncollectible':
        return onInvoiceWrittenOff(trx, ctx, event.facts.before, event.facts.after);
      default:
        return undefined;
    }
  },
};
