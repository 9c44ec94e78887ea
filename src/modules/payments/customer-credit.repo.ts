/**
 * Customer credit is a ledger (customer_credit_entries): + from overpayments and credit
 * notes, − when applied to an invoice or refunded. A balance is the sum of its entries.
 * Writers that take credit out hold the customer's row lock (after the invoice's), so two
 * of them can never spend the same credit twice.
 *
 * Sums are read as text: exact on both databases whatever their size (PostgreSQL's
 * sum(bigint) is numeric), then turned into bigint.
 */
import { sql } from 'kysely';
import type { Executor } from '../../kernel/context.ts';
import type { CustomerCreditEntriesTable } from '../../db/schema.ts';
import { formatAmount } from '../../domain/money/index.ts';

export interface CustomerBalance {
  currency: string;
  /** Amount due on the customer's open and partially paid invoices. */
  outstanding: string;
  /** Unused customer credit. */
  credit: string;
}

const OPEN_STATUSES = ['open', 'partially_paid'] as const;

export class CustomerCreditRepo {
  constructor(
    private readonly db: Executor,
    private readonly orgId: string,
  ) {}

  async balance(customerId: string, currency: string): Promise<bigint> {
    const row = await this.db
      .selectFrom('customer_credit_entries')
      .select(sql<string | null>`cast(sum(amount) as text)`.as('total'))
      .where('organization_id', '=', this.orgId)
      .where('customer_id', '=', customerId)
      .where('currency', '=', currency)
      .executeTakeFirst();
    return BigInt(row?.total ?? '0');
  }

  async insert(entry: Omit<CustomerCreditEntriesTable, 'organization_id' | 'amount'> & { amount: bigint }): Promise<void> {
    await this.db
      .insertInto('customer_credit_entries')
      .values({ ...entry, amount: Number(entry.amount), organization_id: this.orgId })
      .execute();
  }

  /**
   * Balances of several customers (a list page) in one query: per customer, one entry per
   * currency in which something is outstanding or credited, sorted by currency.
   */
  async balancesOf(customerIds: string[]): Promise<Map<string, CustomerBalance[]>> {
    const result = new Map<string, CustomerBalance[]>(customerIds.map((id) => [id, []]));
    if (customerIds.length === 0) return result;
    const outstanding = this.db
      .selectFrom('invoices')
      .select(['customer_id', 'currency', sql<string>`'outstanding'`.as('kind'), sql<string | null>`cast(sum(amount_due) as text)`.as('total')])
      .where('organization_id', '=', this.orgId)
      .where('customer_id', 'in', customerIds)
      .where('status', 'in', OPEN_STATUSES)
      .groupBy(['customer_id', 'currency']);
    const credit = this.db
      .selectFrom('customer_credit_entries')
      .select(['customer_id', 'currency', sql<string>`'credit'`.as('kind'), sql<string | null>`cast(sum(amount) as text)`.as('total')])
      .where('organization_id', '=', this.orgId)
      .where('customer_id', 'in', customerIds)
      .groupBy(['customer_id', 'currency']);
    const rows = await outstanding.unionAll(credit).execute();

    const sums = new Map<string, Map<string, { outstanding: bigint; credit: bigint }>>();
    for (const row of rows) {
      const total = BigInt(row.total ?? '0');
      if (total === 0n) continue;
      const byCurrency = sums.get(row.customer_id) ?? new Map<string, { outstanding: bigint; credit: bigint }>();
      sums.set(row.customer_id, byCurrency);
      const sum = byCurrency.get(row.currency) ?? { outstanding: 0n, credit: 0n };
      byCurrency.set(row.currency, sum);
      if (row.kind === 'outstanding') sum.outstanding += total;
      else sum.credit += total;
    }
    for (const [customerId, byCurrency] of sums) {
      result.set(
        customerId,
        [...byCurrency.entries()]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([currency, sum]) => ({
            currency,
            outstanding: formatAmount(sum.outstanding, currency),
            credit: formatAmount(sum.credit, currency),
          })),
      );
    }
    return result;
  }
}
