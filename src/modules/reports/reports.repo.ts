/**
 * Summary report queries, scoped to one organization, read from the daily summaries
 * (report_daily, report_due; migration 0006) — a few thousand rows per organization
 * whatever the number of invoices. Sums are read as text (PostgreSQL's sum(bigint) is
 * numeric; SQLite's is an integer) and turned into bigint by the service: no float ever
 * touches money. A currency appears only where a document counts (the *_count columns).
 */
import { sql } from 'kysely';
import type { Executor } from '../../kernel/context.ts';

export interface CurrencyTotal {
  currency: string;
  total: string | null;
  count: number | string;
}

export interface Period {
  from?: string | undefined;
  to?: string | undefined;
}

type DailySum = 'received' | 'refunded';
const COUNT_OF: Record<DailySum, 'payment_count' | 'refund_count'> = {
  received: 'payment_count',
  refunded: 'refund_count',
};

export class ReportsRepo {
  constructor(
    private readonly db: Executor,
    private readonly orgId: string,
  ) {}

  private daily(column: DailySum, period: Period): Promise<CurrencyTotal[]> {
    const count = COUNT_OF[column];
    let q = this.db
      .selectFrom('report_daily')
      .select(['currency', sql<string | null>`cast(sum(${sql.ref(column)}) as text)`.as('total'), sql<number | string>`sum(${sql.ref(count)})`.as('count')])
      .where('organization_id', '=', this.orgId);
    if (period.from !== undefined) q = q.where('day', '>=', period.from);
    if (period.to !== undefined) q = q.where('day', '<=', period.to);
    return q.groupBy('currency').having(sql`sum(${sql.ref(count)})`, '>', 0).execute();
  }

  /**
   * Invoiced in the period, net of credit notes: the totals of finalized, non-void invoices
   * issued in it less the credit notes issued in it (the same figure as the sales report's);
   * `count` is the number of invoices. A currency appears with an invoice or a credit note.
   */
  invoiced(period: Period): Promise<CurrencyTotal[]> {
    let q = this.db
      .selectFrom('report_daily')
      .select([
        'currency',
        sql<string | null>`cast(sum(invoiced_total) - sum(credited_total) as text)`.as('total'),
        sql<number | string>`sum(invoice_count)`.as('count'),
      ])
      .where('organization_id', '=', this.orgId);
    if (period.from !== undefined) q = q.where('day', '>=', period.from);
    if (period.to !== undefined) q = q.where('day', '<=', period.to);
    return q.groupBy('currency').having(sql`sum(invoice_count) + sum(credit_note_count)`, '>', 0).execute();
  }

  /** Payments received in the period (not applied customer credit). */
  received(period: Period): Promise<CurrencyTotal[]> {
    return this.daily('received', period);
  }

  /** Refunds of received payments made in the period. */
  refunded(period: Period): Promise<CurrencyTotal[]> {
    return this.daily('refunded', period);
  }

  /** Amount due on open and partially paid invoices; with `dueBefore`, only those due before that date. */
  outstanding(dueBefore?: string): Promise<CurrencyTotal[]> {
    let q = this.db
      .selectFrom('report_due')
      .select(['currency', sql<string | null>`cast(sum(amount_due) as text)`.as('total'), sql<number | string>`sum(invoice_count)`.as('count')])
      .where('organization_id', '=', this.orgId);
    if (dueBefore !== undefined) q = q.where('due_date', '<', dueBefore);
    return q.groupBy('currency').having(sql`sum(invoice_count)`, '>', 0).execute();
  }
}
