/**
 * Spreading one payment over several invoices, oldest due first: each invoice takes as much
 * of what is left as it owes, in the order given; what no invoice takes is left over (it
 * becomes customer credit). Exact: minor units as bigint, nothing rounded, no cent lost —
 * sum(applied) + rest = amount, always.
 */

export interface Allocation {
  /** Applied to each invoice, in the order given (0n for the ones nothing was left for). */
  applied: bigint[];
  /** What is left over after every invoice took its amount due. */
  rest: bigint;
}

export function allocateOldestFirst(amount: bigint, dues: readonly bigint[]): Allocation {
  if (amount < 0n) throw new RangeError('invariant: a payment is never negative');
  let left = amount;
  const applied = dues.map((due) => {
    const take = due <= 0n ? 0n : due < left ? due : left;
    left -= take;
    return take;
  });
  return { applied, rest: left };
}

/**
 * The order in which open invoices take a payment: due date, then issue date, then number
 * (digits compared as numbers: INV-9 before INV-10), then id; missing values last.
 */
export function compareOldestDue(
  a: { due_date: string | null; issue_date: string | null; number: string | null; id: string },
  b: { due_date: string | null; issue_date: string | null; number: string | null; id: string },
): number {
  const keys: [string | null, string | null, boolean][] = [
    [a.due_date, b.due_date, false],
    [a.issue_date, b.issue_date, false],
    [a.number, b.number, true],
    [a.id, b.id, false],
  ];
  for (const [x, y, numeric] of keys) {
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    const order = numeric ? x.localeCompare(y, 'en', { numeric: true }) : x < y ? -1 : 1;
    if (order !== 0) return order;
  }
  return 0;
}
