import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/domain/dates.ts';
import { receivableChanges, receivableChangesOfMoves, type ReceivableInvoice, type ReceivableMove } from '../../../src/domain/receivables.ts';

/** The definition: what the invoice counts in the receivables at the end of `day`. */
function receivableAt(invoice: ReceivableInvoice, moves: ReceivableMove[], day: string): { amount: bigint; count: number } {
  const counted = invoice.issueDate <= day && (invoice.writtenOffOn === null || invoice.writtenOffOn > day);
  if (!counted) return { amount: 0n, count: 0 };
  return { amount: invoice.total + moves.filter((m) => m.date <= day).reduce((s, m) => s + m.amount, 0n), count: 1 };
}

/** The same from the changes: their sum up to `day`. */
function summed(changes: Map<string, { amount: bigint; count: number }>, day: string): { amount: bigint; count: number } {
  let amount = 0n;
  let count = 0;
  for (const [d, c] of changes) {
    if (d <= day) {
      amount += c.amount;
      count += c.count;
    }
  }
  return { amount, count };
}

const asObject = (changes: Map<string, { amount: bigint; count: number }>) => Object.fromEntries([...changes].sort(([a], [b]) => (a < b ? -1 : 1)));

describe('receivable changes of an invoice', () => {
  it('counts the total from the issue day and each move from its own day', () => {
    const invoice = { issueDate: '2026-03-01', total: 10000n, writtenOffOn: null };
    const moves = [
      { date: '2026-03-10', amount: -3000n },
      { date: '2026-02-20', amount: -1000n }, // before the issue day: counts from the issue day
      { date: '2026-03-15', amount: 500n },
    ];
    expect(asObject(receivableChanges(invoice, moves))).toEqual({
      '2026-03-01': { amount: 9000n, count: 1 },
      '2026-03-10': { amount: -3000n, count: 0 },
      '2026-03-15': { amount: 500n, count: 0 },
    });
  });

  it('takes everything counted off again on the write-off day and ignores moves from then on', () => {
    const invoice = { issueDate: '2026-03-01', total: 10000n, writtenOffOn: '2026-04-01' };
    const moves = [
      { date: '2026-03-10', amount: -3000n },
      { date: '2026-04-01', amount: -2000n },
      { date: '2026-05-01', amount: -5000n },
    ];
    expect(asObject(receivableChanges(invoice, moves))).toEqual({
      '2026-03-01': { amount: 10000n, count: 1 },
      '2026-03-10': { amount: -3000n, count: 0 },
      '2026-04-01': { amount: -7000n, count: -1 },
    });
  });

  it('counts nothing for an invoice written off on or before its issue day', () => {
    expect(receivableChanges({ issueDate: '2026-03-05', total: 100n, writtenOffOn: '2026-03-01' }, [{ date: '2026-03-06', amount: -50n }]).size).toBe(0);
  });

  it('gives the changes of moves alone, additively', () => {
    const invoice = { issueDate: '2026-03-01', total: 10000n, writtenOffOn: '2026-04-01' };
    const a = { date: '2026-03-10', amount: -3000n };
    const b = { date: '2026-02-01', amount: 700n };
    expect(asObject(receivableChangesOfMoves(invoice, [a]))).toEqual({
      '2026-03-10': { amount: -3000n, count: 0 },
      '2026-04-01': { amount: 3000n, count: 0 },
    });
    const together = receivableChanges(invoice, [a, b]);
    const apart = [receivableChanges(invoice, []), receivableChangesOfMoves(invoice, [a]), receivableChangesOfMoves(invoice, [b])];
    for (const day of ['2026-02-01', '2026-03-01', '2026-03-10', '2026-03-31', '2026-04-01', '2026-12-31']) {
      const sum = apart.map((c) => summed(c, day)).reduce((s, c) => ({ amount: s.amount + c.amount, count: s.count + c.count }));
      expect(sum).toEqual(summed(together, day));
    }
  });

  it('sums up to any day to exactly what the invoice counts that day', () => {
    const base = '2026-01-01';
    const date = fc.integer({ min: 0, max: 60 }).map((n) => addDays(base, n));
    fc.assert(
      fc.property(
        date,
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.option(date, { nil: null }),
        fc.array(fc.record({ date, amount: fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }) }), { maxLength: 8 }),
        (issueDate, total, writtenOffOn, moves) => {
          const invoice = { issueDate, total, writtenOffOn };
          const changes = receivableChanges(invoice, moves);
          for (let n = -1; n <= 61; n++) {
            const day = addDays(base, n);
            expect(summed(changes, day)).toEqual(receivableAt(invoice, moves, day));
          }
        },
      ),
    );
  });
});
