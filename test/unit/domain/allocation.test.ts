import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocateOldestFirst, compareOldestDue } from '../../../src/domain/allocation.ts';

describe('allocateOldestFirst', () => {
  it('fills invoices in order, exact to the cent', () => {
    expect(allocateOldestFirst(10000n, [3333n, 3333n, 5000n])).toEqual({ applied: [3333n, 3333n, 3334n], rest: 0n });
    expect(allocateOldestFirst(20000n, [3333n, 3333n, 5000n])).toEqual({ applied: [3333n, 3333n, 5000n], rest: 8334n });
    expect(allocateOldestFirst(1000n, [3333n, 3333n])).toEqual({ applied: [1000n, 0n], rest: 0n });
    expect(allocateOldestFirst(500n, [])).toEqual({ applied: [], rest: 500n });
    expect(allocateOldestFirst(500n, [0n, 200n])).toEqual({ applied: [0n, 200n], rest: 300n });
  });

  it('loses no cent and never applies more than is due', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { maxLength: 20 }), (amount, dues) => {
        const { applied, rest } = allocateOldestFirst(amount, dues);
        expect(applied.reduce((a, b) => a + b, 0n) + rest).toBe(amount);
        applied.forEach((value, i) => {
          expect(value >= 0n && value <= dues[i]!).toBe(true);
          // Oldest first: an invoice gets something only once every earlier one is paid in full.
          if (value > 0n) for (let j = 0; j < i; j++) expect(applied[j]).toBe(dues[j]);
        });
        if (rest > 0n) expect(applied).toEqual(dues);
      }),
    );
  });
});

describe('compareOldestDue', () => {
  const inv = (id: string, due_date: string | null, issue_date: string | null, number: string | null) => ({ id, due_date, issue_date, number });
  it('orders by due date, issue date, number (numerically), then id; missing last', () => {
    const list = [
      inv('e', null, '2026-01-01', 'INV-1'),
      inv('d', '2026-02-01', '2026-01-02', 'INV-10'),
      inv('c', '2026-02-01', '2026-01-02', 'INV-9'),
      inv('b', '2026-02-01', '2026-01-01', 'INV-11'),
      inv('a', '2026-01-15', '2026-01-05', 'INV-12'),
    ];
    expect([...list].sort(compareOldestDue).map((i) => i.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});
