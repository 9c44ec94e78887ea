import { describe, expect, it } from 'vitest';
import { actionProblem, amountDue, INVOICE_STATUSES, isOverdue, statusAfterMoney } from '../../../src/domain/invoice-status.ts';

const facts = (status: (typeof INVOICE_STATUSES)[number], amountPaid = 0n, due = 100n) => ({ status, amountPaid, amountDue: due });

describe('invoice status machine', () => {
  it('allows editing, deleting and finalizing drafts only', () => {
    for (const status of INVOICE_STATUSES) {
      for (const action of ['edit', 'delete', 'finalize'] as const) {
        expect(actionProblem(action, facts(status)) === null, `${action} ${status}`).toBe(status === 'draft');
      }
    }
  });

  it('voids only open invoices without payments', () => {
    expect(actionProblem('void', facts('open'))).toBeNull();
    expect(actionProblem('void', facts('open', 1n))).toContain('payments');
    expect(actionProblem('void', facts('partially_paid', 10n))).toContain('only an open invoice');
    expect(actionProblem('void', facts('paid', 100n, 0n))).not.toBeNull();
  });

  it('marks only open or partially paid invoices uncollectible', () => {
    const allowed = INVOICE_STATUSES.filter((s) => actionProblem('mark_uncollectible', facts(s)) === null);
    expect(allowed).toEqual(['open', 'partially_paid']);
  });

  it('accepts payments on open, partially paid and uncollectible invoices', () => {
    const allowed = INVOICE_STATUSES.filter((s) => actionProblem('record_payment', facts(s)) === null);
    expect(allowed).toEqual(['open', 'partially_paid', 'uncollectible']);
  });

  it('derives the status from the money', () => {
    expect(statusAfterMoney('open', 100n, 0n, 0n)).toBe('open');
    expect(statusAfterMoney('open', 100n, 40n, 0n)).toBe('partially_paid');
    expect(statusAfterMoney('partially_paid', 100n, 100n, 0n)).toBe('paid');
    expect(statusAfterMoney('paid', 100n, 60n, 0n)).toBe('partially_paid');
    expect(statusAfterMoney('open', 100n, 0n, 100n)).toBe('paid');
    expect(statusAfterMoney('open', 100n, 0n, 40n)).toBe('open');
    expect(statusAfterMoney('partially_paid', 100n, 10n, 40n)).toBe('partially_paid');
    expect(statusAfterMoney('uncollectible', 100n, 40n, 0n)).toBe('uncollectible');
    expect(statusAfterMoney('uncollectible', 100n, 100n, 0n)).toBe('paid');
    expect(statusAfterMoney('void', 100n, 0n, 0n)).toBe('void');
  });

  it('never owes a negative amount', () => {
    expect(amountDue(100n, 120n, 0n)).toBe(0n);
    expect(amountDue(100n, 30n, 20n)).toBe(50n);
  });

  it('is overdue only when money is owed after the due date', () => {
    expect(isOverdue('open', 10n, '2026-11-22', '2026-11-23')).toBe(true);
    expect(isOverdue('open', 10n, '2026-11-23', '2026-11-23')).toBe(false);
    expect(isOverdue('open', 0n, '2026-11-01', '2026-11-23')).toBe(false);
    expect(isOverdue('paid', 0n, '2026-11-01', '2026-11-23')).toBe(false);
    expect(isOverdue('uncollectible', 10n, '2026-11-01', '2026-11-23')).toBe(false);
  });
});
