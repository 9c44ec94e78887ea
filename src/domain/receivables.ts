/**
 * What one invoice adds to the receivables over time, as day-by-day changes, pure.
 *
 * The receivables at the end of day D (the DSO analytics) count an invoice while it is
 * issued and not yet written off: issue_date ≤ D < written-off day. What it counts is its
 * total, less the money moves dated up to D: payments applied to it (−), the part of refunds
 * that made it owed again (+), credit notes applied to it (−). A move dated before the issue
 * date takes effect on the issue date; a move dated on or after the write-off never counts.
 *
 * Expressed as changes (+total on the issue day, −balance on the write-off day, ±move on its
 * day), the receivables at D are the sum of every change dated up to D — which a daily
 * summary table can hold and a report can sum over ~1,000 rows instead of 1,000,000 invoices.
 * The change of one move alone is `receivableChanges(invoice, [move])` less that of the
 * invoice without it: the function is additive in its moves.
 */

export interface ReceivableInvoice {
  issueDate: string;
  total: bigint;
  /** The calendar day it was marked uncollectible (null: never). */
  writtenOffOn: string | null;
}

export interface ReceivableMove {
  date: string;
  /** Signed change of what is owed: a payment applied is negative, a refund put back on the invoice positive. */
  amount: bigint;
}

export interface ReceivableChange {
  amount: bigint;
  /** +1 on the day the invoice starts to count, −1 on the day it stops. */
  count: number;
}

const later = (a: string, b: string): string => (a > b ? a : b);

/** Day → change of the receivables (amount and number of invoices counted); zero changes left out. */
export function receivableChanges(invoice: ReceivableInvoice, moves: readonly ReceivableMove[]): Map<string, ReceivableChange> {
  const changes = new Map<string, ReceivableChange>();
  const add = (day: string, amount: bigint, count: number) => {
    const entry = changes.get(day) ?? { amount: 0n, count: 0 };
    entry.amount += amount;
    entry.count += count;
    if (entry.amount === 0n && entry.count === 0) changes.delete(day);
    else changes.set(day, entry);
  };
  const start = invoice.issueDate;
  const end = invoice.writtenOffOn === null ? null : later(invoice.writtenOffOn, start);
  add(start, invoice.total, 1);
  if (end !== null) add(end, -invoice.total, -1);
  for (const move of moves) {
    const effective = later(move.date, start);
    if (end !== null && effective >= end) continue;
    add(effective, move.amount, 0);
    if (end !== null) add(end, -move.amount, 0);
  }
  return changes;
}

/** The changes `moves` make on top of the invoice's own (its total, its write-off). */
export function receivableChangesOfMoves(invoice: ReceivableInvoice, moves: readonly ReceivableMove[]): Map<string, ReceivableChange> {
  const base = receivableChanges(invoice, []);
  const all = receivableChanges(invoice, moves);
  for (const [day, change] of base) {
    const entry = all.get(day) ?? { amount: 0n, count: 0 };
    entry.amount -= change.amount;
    entry.count -= change.count;
    if (entry.amount === 0n && entry.count === 0) all.delete(day);
    else all.set(day, entry);
  }
  return all;
}
