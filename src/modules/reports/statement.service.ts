/**
 * A customer's statement in one currency: opening balance, the movements of the period
 * with a running balance, closing balance. Positive means the customer owes.
 *
 *   invoice      + total  (finalized, not void; by issue date)
 *   credit_note  − total  (by issue date)
 *   payment      − amount (money received, by payment date; the whole amount, overpayment included)
 *   refund       + amount (money given back, by refund date)
 *
 * Payments with method 'customer_credit' are left out: they settle an invoice with credit
 * that an overpayment or a credit note already brought in (and that entry is already on the
 * statement), so counting them would count that money twice. Hence, without `to`:
 *   closing_balance = amount due on open, partially paid and uncollectible invoices − unused customer credit.
 * Uncollectible invoices stay on the statement: writing one off does not cancel the debt.
 */
import { formatAmount } from '../../domain/money/index.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { AppError } from '../../shared/errors.ts';
import { AgingRepo } from './aging.repo.ts';
import type { ReportTable } from './report-response.ts';
import type { StatementEntryType, StatementOut, StatementQueryInput } from './statement.schemas.ts';

const SIGN: Record<StatementEntryType, bigint> = { invoice: 1n, credit_note: -1n, payment: -1n, refund: 1n };
const KIND_ORDER: Record<StatementEntryType, number> = { invoice: 0, credit_note: 1, payment: 2, refund: 3 };

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export async function customerStatement(ctx: RequestContext, customerId: string, query: StatementQueryInput): Promise<StatementOut> {
  const repo = new AgingRepo(ctx.db.kysely, ctx.orgId);
  const customer = await repo.customer(customerId);
  if (!customer) throw AppError.notFound('Customer');
  const currency = query.currency ?? customer.currency ?? (await repo.organizationCurrency());

  const rows = (await repo.statementRows(customer.id, currency, query.to)).sort(
    (a, b) => compare(a.date, b.date) || KIND_ORDER[a.type] - KIND_ORDER[b.type] || compare(a.id, b.id),
  );
  let opening = 0n;
  let balance = 0n;
  const entries: StatementOut['entries'] = [];
  for (const row of rows) {
    const amount = SIGN[row.type] * BigInt(row.amount);
    balance += amount;
    if (query.from !== undefined && row.date < query.from) {
      opening = balance;
      continue;
    }
    entries.push({
      date: row.date,
      type: row.type,
      ...(row.number !== null ? { number: row.number } : {}),
      amount: formatAmount(amount, currency),
      balance: formatAmount(balance, currency),
    });
  }
  return {
    customer_id: customer.id,
    currency,
    opening_balance: formatAmount(opening, currency),
    entries,
    closing_balance: formatAmount(balance, currency),
  };
}

/** An opening line, one line per entry, a closing line. */
export function statementTable(statement: StatementOut): ReportTable {
  const { currency } = statement;
  return {
    header: ['date', 'type', 'number', 'currency', 'amount', 'balance'],
    rows: [
      ['', 'opening_balance', '', currency, '', statement.opening_balance],
      ...statement.entries.map((e) => [e.date, e.type, e.number ?? '', currency, e.amount, e.balance]),
      ['', 'closing_balance', '', currency, '', statement.closing_balance],
    ],
  };
}
