/**
 * Keeping the report summaries (migration 0006) equal to the documents: one function per
 * billing event, called by the summaries' subscriber (subscriber.ts) inside the emitting
 * transaction, after the use case's own writes. Each collects the event's changes and
 * writes them in one go (changes.ts).
 *
 *   invoice.finalized           onInvoiceFinalized
 *   invoice.balance_changed     onInvoiceMoneyChanged (from invoices/invoice-money.ts applyMoneyChange)
 *   payment.created             onPaymentRecorded (payments and applied credit)
 *   payment.refunded            onPaymentRefunded
 *   credit_note.created         onCreditNoteIssued
 *   invoice.voided              onInvoiceVoided
 *   invoice.marked_uncollectible onInvoiceWrittenOff
 *
 * rebuild.ts computes the same tables from scratch; the tests check that both agree after
 * every kind of event.
 */
import type { CreditNotesTable, InvoicesTable, PaymentsTable, RefundsTable } from '../../../db/schema.ts';
import { daysBetween } from '../../../domain/dates.ts';
import { DECIMAL_SCALE, parseScaled } from '../../../domain/money/index.ts';
import { receivableChanges, receivableChangesOfMoves, type ReceivableInvoice, type ReceivableMove } from '../../../domain/receivables.ts';
import type { Executor } from '../../../kernel/context.ts';
import type { EventContext } from '../../../kernel/events.ts';
import { SummaryChanges } from './changes.ts';
import { SummariesRepo } from './summaries.repo.ts';

const CUSTOMER_CREDIT_METHOD = 'customer_credit';
type Invoice = Pick<
  InvoicesTable,
  | 'id' | 'customer_id' | 'currency' | 'status' | 'issue_date' | 'due_date' | 'subtotal' | 'allowance_total' | 'charge_total'
  | 'tax_total' | 'total' | 'amount_due' | 'taxes' | 'uncollectible_at'
>;
type Payment = Pick<PaymentsTable, 'date' | 'method' | 'amount' | 'applied_amount'>;
type Line = { product_id: string | null; quantity: string; net_amount: number };

interface StoredTaxRow {
  tax_rate_id: string | null;
  category: string;
  percentage: string;
  name?: string | null;
  taxable_amount: number;
  tax_amount: number;
}

const issueDay = (invoice: Invoice): string => {
  if (invoice.issue_date === null) throw new Error(`invariant: finalized invoice ${invoice.id} has no issue date`);
  return invoice.issue_date;
};
const receivableOf = (invoice: Invoice): ReceivableInvoice => ({
  issueDate: issueDay(invoice),
  total: BigInt(invoice.total),
  writtenOffOn: invoice.uncollectible_at?.slice(0, 10) ?? null,
});
const isOutstanding = (i: Invoice) => (i.status === 'open' || i.status === 'partially_paid') && i.amount_due > 0;
/** Invoices without a due date are never overdue: far future. */
const dueKey = (i: Invoice) => i.due_date ?? '9999-12-31';

function addReceivables(changes: SummaryChanges, currency: string, days: Map<string, { amount: bigint; count: number }>, sign: 1n | -1n): void {
  for (const [day, change] of days) {
    changes.add('report_daily', { day, currency }, { receivable_change: sign * change.amount, receivable_count_change: Number(sign) * change.count });
  }
}

/** Outstanding (open, partially paid) and paid-in-full, before and after: what changed. */
async function addMoneyState(db: Executor, orgId: string, changes: SummaryChanges, before: Invoice | null, after: Invoice, settledOn?: string): Promise<void> {
  const customer = { currency: after.currency, customer_id: after.customer_id };
  for (const [invoice, sign] of [[before, -1n], [after, 1n]] as const) {
    if (invoice === null || !isOutstanding(invoice)) continue;
    changes.add('report_due', { currency: invoice.currency, due_date: dueKey(invoice) }, { amount_due: sign * BigInt(invoice.amount_due), invoice_count: sign });
    changes.add('report_customers', customer, { outstanding: sign * BigInt(invoice.amount_due), open_count: sign });
  }
  const wasPaid = before?.status === 'paid';
  const isPaid = after.status === 'paid';
  if (wasPaid === isPaid) return;
  // Settled on the latest date of the payments and credit notes that paid it (never before its issue).
  const issue = issueDay(after);
  let paidOn = (await new SummariesRepo(db, orgId).lastSettlementDate(after.id)) ?? issue;
  if (settledOn !== undefined && settledOn > paidOn) paidOn = settledOn;
  if (issue > paidOn) paidOn = issue;
  const sign = isPaid ? 1n : -1n;
  const days = sign * BigInt(daysBetween(issue, paidOn));
  changes.add('report_paid', { paid_on: paidOn, currency: after.currency, customer_id: after.customer_id }, { days, invoice_count: sign });
  changes.add('report_customers', customer, { paid_days: days, paid_count: sign });
}

/**
 * The invoice's own contribution (sales, taxes, products, per customer and month), added or
 * taken away, and the new/returning customer counts that follow from it. The caller holds
 * the customer's row lock (lockInvoice, first in the lock order of db/dialect.ts): two
 * documents of one customer are counted one after the other.
 */
async function addInvoice(ctx: EventContext, db: Executor, changes: SummaryChanges, invoice: Invoice, lines: Line[], sign: 1n | -1n): Promise<void> {
  const day = issueDay(invoice);
  const currency = invoice.currency;
  const total = BigInt(invoice.total);
  changes.add('report_daily', { day, currency }, {
    invoiced_net: sign * (BigInt(invoice.subtotal) - BigInt(invoice.allowance_total) + BigInt(invoice.charge_total)),
    invoiced_tax: sign * BigInt(invoice.tax_total),
    invoiced_total: sign * total,
    invoice_count: sign,
  });
  for (const row of JSON.parse(invoice.taxes) as StoredTaxRow[]) {
    const keys = { day, currency, category: row.category, percentage: row.percentage, tax_rate_key: row.tax_rate_id ?? '' };
    changes.add('report_daily_taxes', keys, { taxable: sign * BigInt(row.taxable_amount), tax: sign * BigInt(row.tax_amount), row_count: sign });
    if (sign > 0n && row.name !== undefined && row.name !== null) changes.nameTaxRate(keys, row.name, invoice.id);
  }
  const products = new Map<string, { net: bigint; quantity: bigint; lines: bigint }>();
  for (const line of lines) {
    const key = line.product_id ?? '';
    const entry = products.get(key) ?? { net: 0n, quantity: 0n, lines: 0n };
    entry.net += BigInt(line.net_amount);
    entry.quantity += parseScaled(line.quantity, DECIMAL_SCALE);
    entry.lines += 1n;
    products.set(key, entry);
  }
  for (const [product_key, p] of products) {
    changes.add('report_daily_products', { day, currency, product_key }, { net: sign * p.net, quantity: sign * p.quantity, line_count: sign * p.lines, invoice_count: sign });
  }
  const customer_id = invoice.customer_id;
  const month = day.slice(0, 7);
  changes.add('report_customers', { currency, customer_id }, { invoiced: sign * total, invoice_count: sign });
  changes.add('report_customer_months', { month, currency, customer_id }, { invoiced: sign * total, invoice_count: sign });

  // New or returning: a customer is new in the month of their first invoice (any currency).
  const months = await new SummariesRepo(db, ctx.orgId).invoicedMonths(customer_id);
  const before = new Map(months.map((m) => [`${m.currency}|${m.month}`, 1]));
  const counted = await db
    .selectFrom('report_customer_months')
    .select('invoice_count')
    .where('organization_id', '=', ctx.orgId)
    .where('month', '=', month)
    .where('currency', '=', currency)
    .where('customer_id', '=', customer_id)
    .executeTakeFirst();
  const countAfter = BigInt(counted?.invoice_count ?? 0) + sign;
  const after = new Map(before);
  if (countAfter > 0n) after.set(`${currency}|${month}`, 1);
  else after.delete(`${currency}|${month}`);
  const monthOf = (key: string) => key.split('|')[1] ?? '';
  /** Per currency|month the customer is in: 1 when it is the month of their first invoice. */
  const flags = (present: Map<string, number>) => {
    const first = [...present.keys()].map(monthOf).sort()[0];
    return new Map([...present.keys()].map((k) => [k, monthOf(k) === first ? 1n : 0n]));
  };
  const [was, is] = [flags(before), flags(after)];
  for (const key of new Set([...was.keys(), ...is.keys()])) {
    const customers = BigInt(is.has(key)) - BigInt(was.has(key));
    const fresh = (is.get(key) ?? 0n) - (was.get(key) ?? 0n);
    const [keyCurrency = '', keyMonth = ''] = key.split('|');
    changes.add('report_monthly_customers', { currency: keyCurrency, month: keyMonth }, { customers, new_customers: fresh });
  }
}

export async function onInvoiceFinalized(db: Executor, ctx: EventContext, invoice: Invoice, lines: Line[]): Promise<void> {
  const changes = new SummaryChanges(ctx.orgId);
  await addInvoice(ctx, db, changes, invoice, lines, 1n);
  addReceivables(changes, invoice.currency, receivableChanges(receivableOf(invoice), []), 1n);
  await addMoneyState(db, ctx.orgId, changes, null, invoice, issueDay(invoice));
  await changes.apply(db);
}

/** Paid, credited or due changed (applyMoneyChange); `settledOn`: the date of the document that did it. */
export async function onInvoiceMoneyChanged(db: Executor, ctx: EventContext, before: Invoice, after: Invoice, settledOn?: string): Promise<void> {
  const changes = new SummaryChanges(ctx.orgId);
  await addMoneyState(db, ctx.orgId, changes, before, after, settledOn);
  await changes.apply(db);
}

function addMove(changes: SummaryChanges, invoice: Invoice, move: ReceivableMove): void {
  addReceivables(changes, invoice.currency, receivableChangesOfMoves(receivableOf(invoice), [move]), 1n);
}

/** A payment received, or customer credit applied (method customer_credit: not new cash). */
export async function onPaymentRecorded(db: Executor, ctx: EventContext, invoice: Invoice, payment: Payment): Promise<void> {
  const changes = new SummaryChanges(ctx.orgId);
  if (payment.method !== CUSTOMER_CREDIT_METHOD) {
    const { currency, customer_id } = invoice;
    const amount = BigInt(payment.amount);
    changes.add('report_daily', { day: payment.date, currency }, { received: amount, payment_count: 1 });
    changes.add('report_customers', { currency, customer_id }, { received: amount, payment_count: 1 });
    changes.add('report_customer_months', { month: payment.date.slice(0, 7), currency, customer_id }, { received: amount, payment_count: 1 });
  }
  addMove(changes, invoice, { date: payment.date, amount: -BigInt(payment.applied_amount) });
  await changes.apply(db);
}

/** A refund of (part of) a payment; `fromCredit`: the part taken back out of customer credit. */
export async function onPaymentRefunded(db: Executor, ctx: EventContext, invoice: Invoice, payment: Payment, refund: Pick<RefundsTable, 'date' | 'amount'>, fromCredit: bigint): Promise<void> {
  const changes = new SummaryChanges(ctx.orgId);
  const amount = BigInt(refund.amount);
  if (payment.method !== CUSTOMER_CREDIT_METHOD) {
    const { currency, customer_id } = invoice;
    changes.add('report_daily', { day: refund.date, currency }, { refunded: amount, refund_count: 1 });
    changes.add('report_customers', { currency, customer_id }, { refunded: amount, refund_count: 1 });
    changes.add('report_customer_months', { month: refund.date.slice(0, 7), currency, customer_id }, { refunded: amount, refund_count: 1 });
  }
  addMove(changes, invoice, { date: refund.date, amount: amount - fromCredit });
  await changes.apply(db);
}

export async function onCreditNoteIssued(db: Executor, ctx: EventContext, invoice: Invoice, note: CreditNotesTable): Promise<void> {
  const changes = new SummaryChanges(ctx.orgId);
  const day = note.issue_date;
  const currency = note.currency;
  changes.add('report_daily', { day, currency }, {
    credited_net: note.subtotal,
    credited_tax: note.tax_total,
    credited_total: note.total,
    credit_note_count: 1,
  });
  for (const row of JSON.parse(note.taxes) as StoredTaxRow[]) {
    const keys = { day, currency, category: row.category, percentage: row.percentage, tax_rate_key: row.tax_rate_id ?? '' };
    changes.add('report_daily_taxes', keys, { taxable: -BigInt(row.taxable_amount), tax: -BigInt(row.tax_amount), row_count: 1 });
  }
  addMove(changes, invoice, { date: day, amount: -BigInt(note.applied_amount) });
  await changes.apply(db);
}

/** Void: the invoice no longer counts anywhere, as if never issued (its credit notes and payments stay). */
export async function onInvoiceVoided(db: Executor, ctx: EventContext, before: Invoice, after: Invoice): Promise<void> {
  const repo = new SummariesRepo(db, ctx.orgId);
  const changes = new SummaryChanges(ctx.orgId);
  await addInvoice(ctx, db, changes, before, await repo.lineSums(before.id), -1n);
  addReceivables(changes, before.currency, receivableChanges(receivableOf(before), await repo.receivableMoves(before.id)), -1n);
  await addMoneyState(db, ctx.orgId, changes, before, after);
  // Where this invoice named a tax rate on its day, the day's latest remaining invoice names it
  // now: decided while the day's tax rows are locked by this very apply, before the tables
  // that follow (the summaries' lock order).
  changes.afterTable('report_daily_taxes', (executor) => renameTaxRates(new SummariesRepo(executor, ctx.orgId), before));
  await changes.apply(db);
}

async function renameTaxRates(repo: SummariesRepo, before: Invoice): Promise<void> {
  const day = issueDay(before);
  const named = await repo.namedBy(day, before.currency, before.id);
  if (named.length === 0) return;
  const breakdowns = await repo.dayBreakdowns(day, before.currency);
  for (const key of named) {
    let best: { name: string; invoiceId: string } | null = null;
    for (const invoice of breakdowns) {
      if (best !== null && invoice.id <= best.invoiceId) continue;
      const row = (JSON.parse(invoice.taxes) as StoredTaxRow[]).find(
        (t) => t.category === key.category && t.percentage === key.percentage && (t.tax_rate_id ?? '') === key.tax_rate_key && typeof t.name === 'string',
      );
      if (typeof row?.name === 'string') best = { name: row.name, invoiceId: invoice.id };
    }
    await repo.setTaxName({ day, currency: before.currency, ...key }, best?.name ?? null, best?.invoiceId ?? null);
  }
}

/** Marked uncollectible: no longer outstanding, and out of the receivables from today on. */
export async function onInvoiceWrittenOff(db: Executor, ctx: EventContext, before: Invoice, after: Invoice): Promise<void> {
  const changes = new SummaryChanges(ctx.orgId);
  const moves = await new SummariesRepo(db, ctx.orgId).receivableMoves(before.id);
  addReceivables(changes, before.currency, receivableChanges(receivableOf(before), moves), -1n);
  addReceivables(changes, after.currency, receivableChanges(receivableOf(after), moves), 1n);
  await addMoneyState(db, ctx.orgId, changes, before, after);
  await changes.apply(db);
}
