/**
 * What the journal reads, scoped to one organization and currency, by the documents' own dates
 * (inclusive): the same selection as the sales and revenue reports (reports/summaries/rebuild.ts):
 * finalized, non-void invoices by issue date, credit notes by theirs, payments other than applied
 * customer credit by payment date, refunds of those payments by refund date.
 */
import type { Executor } from '../../kernel/context.ts';
import { CUSTOMER_CREDIT_METHOD } from '../payments/payments.schemas.ts';
import type { AccountChart } from './account-chart.ts';
import { defaultChart } from './account-chart.ts';
import type { CashRow, DocumentRow, JournalInput, TaxRow } from './journal.ts';

const INVOICED = ['open', 'partially_paid', 'paid', 'uncollectible'];

export interface Period {
  currency: string;
  from: string;
  to: string;
}

export async function readJournalInput(db: Executor, orgId: string, period: Period): Promise<JournalInput> {
  const { currency, from, to } = period;
  const invoices = await db
    .selectFrom('invoices as i')
    .innerJoin('customers as c', (join) => join.onRef('c.id', '=', 'i.customer_id').onRef('c.organization_id', '=', 'i.organization_id'))
    .select(['i.id', 'i.number', 'i.issue_date', 'i.total', 'i.taxes', 'c.name as customer_name'])
    .where('i.organization_id', '=', orgId)
    .where('i.currency', '=', currency)
    .where('i.status', 'in', INVOICED)
    .where('i.issue_date', '>=', from)
    .where('i.issue_date', '<=', to)
    .orderBy('i.issue_date')
    .orderBy('i.id')
    .execute();
  const creditNotes = await db
    .selectFrom('credit_notes as n')
    .innerJoin('invoices as i', (join) => join.onRef('i.id', '=', 'n.invoice_id').onRef('i.organization_id', '=', 'n.organization_id'))
    .innerJoin('customers as c', (join) => join.onRef('c.id', '=', 'n.customer_id').onRef('c.organization_id', '=', 'n.organization_id'))
    .select(['n.id', 'n.number', 'n.issue_date', 'n.total', 'n.taxes', 'i.number as invoice_number', 'c.name as customer_name'])
    .where('n.organization_id', '=', orgId)
    .where('n.currency', '=', currency)
    .where('n.issue_date', '>=', from)
    .where('n.issue_date', '<=', to)
    .orderBy('n.issue_date')
    .orderBy('n.id')
    .execute();
  const payments = await db
    .selectFrom('payments as p')
    .innerJoin('invoices as i', (join) => join.onRef('i.id', '=', 'p.invoice_id').onRef('i.organization_id', '=', 'p.organization_id'))
    .innerJoin('customers as c', (join) => join.onRef('c.id', '=', 'p.customer_id').onRef('c.organization_id', '=', 'p.organization_id'))
    .select(['p.id', 'p.date', 'p.amount', 'p.method', 'p.reference', 'i.number as invoice_number', 'c.name as customer_name'])
    .where('p.organization_id', '=', orgId)
    .where('p.currency', '=', currency)
    .where('p.method', '<>', CUSTOMER_CREDIT_METHOD)
    .where('p.date', '>=', from)
    .where('p.date', '<=', to)
    .orderBy('p.date')
    .orderBy('p.id')
    .execute();
  const refunds = await db
    .selectFrom('refunds as r')
    .innerJoin('payments as p', (join) => join.onRef('p.id', '=', 'r.payment_id').onRef('p.organization_id', '=', 'r.organization_id'))
    .innerJoin('invoices as i', (join) => join.onRef('i.id', '=', 'r.invoice_id').onRef('i.organization_id', '=', 'r.organization_id'))
    .innerJoin('customers as c', (join) => join.onRef('c.id', '=', 'p.customer_id').onRef('c.organization_id', '=', 'p.organization_id'))
    .select(['r.id', 'r.date', 'r.amount', 'r.reason', 'p.method', 'i.number as invoice_number', 'c.name as customer_name'])
    .where('r.organization_id', '=', orgId)
    .where('p.currency', '=', currency)
    .where('p.method', '<>', CUSTOMER_CREDIT_METHOD)
    .where('r.date', '>=', from)
    .where('r.date', '<=', to)
    .orderBy('r.date')
    .orderBy('r.id')
    .execute();

  const taxes = (json: string): TaxRow[] => (JSON.parse(json) as TaxRow[]).map((t) => ({ category: t.category, percentage: t.percentage, taxable_amount: Number(t.taxable_amount), tax_amount: Number(t.tax_amount) }));
  return {
    currency,
    invoices: invoices.map((r): DocumentRow => ({ id: r.id, number: r.number ?? r.id, date: r.issue_date ?? from, total: Number(r.total), taxes: taxes(r.taxes), customer_name: r.customer_name })),
    creditNotes: creditNotes.map((r): DocumentRow => ({ id: r.id, number: r.number, date: r.issue_date, total: Number(r.total), taxes: taxes(r.taxes), customer_name: r.customer_name, invoice_number: r.invoice_number })),
    payments: payments.map((r): CashRow => ({ id: r.id, date: r.date, amount: Number(r.amount), method: r.method, invoice_number: r.invoice_number ?? '', customer_name: r.customer_name, reference: r.reference })),
    refunds: refunds.map((r): CashRow => ({ id: r.id, date: r.date, amount: Number(r.amount), method: r.method, invoice_number: r.invoice_number ?? '', customer_name: r.customer_name, reference: r.reason })),
  };
}

/** The organization's chart: the saved one, else the default for its country. */
export async function readChart(db: Executor, orgId: string): Promise<{ chart: AccountChart; saved: boolean; currency: string; locale: string }> {
  const org = await db.selectFrom('organizations').select(['country', 'currency', 'locale']).where('id', '=', orgId).executeTakeFirstOrThrow();
  const row = await db.selectFrom('account_charts').select(['accounts']).where('organization_id', '=', orgId).executeTakeFirst();
  return { chart: row ? (JSON.parse(row.accounts) as AccountChart) : defaultChart(org.country), saved: row !== undefined, currency: org.currency, locale: org.locale };
}
