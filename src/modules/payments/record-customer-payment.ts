/**
 * One payment over several invoices (POST /payments with customer_id), in one transaction.
 * The customer's open finalized invoices in the payment's currency take it oldest due first
 * (domain/allocation.ts), or as the client allocated it; what is left becomes customer credit.
 *
 * Stored as one payment row per invoice sharing a group id, each settled exactly like a
 * payment on one invoice (settle-payment.ts: its events, audit, summaries and chain entry),
 * so reports, refunds and webhooks need nothing new. The left-over is the excess of the last
 * row (an overpayment, as today): refunding that payment gives it back from credit first.
 *
 * Lock order (db/dialect.ts): the customer, then every invoice it will pay in id order, all
 * before the first row is written; then the chain head and the summaries inside each
 * settlement. Every other path that moves a customer's invoice money locks the customer
 * first, so two payments of one customer queue instead of deadlocking.
 */
import type { Transaction } from 'kysely';
import type { Database, InvoicesTable } from '../../db/schema.ts';
import { lockCustomers, lockRow } from '../../db/dialect.ts';
import { inTransaction } from '../../db/transaction.ts';
import { allocateOldestFirst, compareOldestDue } from '../../domain/allocation.ts';
import { formatAmount } from '../../domain/money/index.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { CreateCustomerPaymentInput, CustomerPaymentOut, PaymentOut } from './payments.schemas.ts';
import { amountIn, assertPaymentDate, conflictOn } from './payments.service.ts';
import { settlePayment } from './settle-payment.ts';

const OPEN = ['open', 'partially_paid'] as const;

interface Planned {
  invoice: InvoicesTable;
  applied: bigint;
}

export async function recordCustomerPayment(ctx: RequestContext, input: CreateCustomerPaymentInput): Promise<CustomerPaymentOut> {
  assertPaymentDate(ctx, input.date);
  return inTransaction(ctx.db, async (trx) => {
    const customer = await trx
      .selectFrom('customers')
      .select(['id', 'currency'])
      .where('organization_id', '=', ctx.orgId)
      .where('id', '=', input.customer_id)
      .executeTakeFirst();
    // Another organization's customer is answered exactly like one that does not exist.
    if (!customer) throw AppError.validation('customer_id', 'is not a customer of this organization');
    await lockCustomers(trx, ctx.db.dialect, ctx.orgId, [customer.id]);
    const currency = input.currency ?? customer.currency ?? (await organizationCurrency(trx, ctx.orgId));
    const amount = amountIn(currency, input.amount);
    const money = (minor: bigint) => `${formatAmount(minor, currency)} ${currency}`;

    // Under the customer's lock no payment, credit note or finalization of theirs can run:
    // the open invoices read here stay as they are until this transaction ends.
    const open = (await openInvoices(trx, ctx.orgId, customer.id, currency)).sort(compareOldestDue);
    const plan = input.allocations === undefined ? oldestFirst(amount, open) : await explicit(trx, ctx, input, open, currency, amount, money);
    if (plan.length === 0) {
      throw conflictOn('customer_id', `This customer has no open invoice in ${currency} to apply the payment to`);
    }
    for (const { invoice } of [...plan].sort((a, b) => (a.invoice.id < b.invoice.id ? -1 : 1))) {
      await lockRow(trx, ctx.db.dialect, 'invoices', ctx.orgId, invoice.id);
    }

    const applied = plan.reduce((sum, p) => sum + p.applied, 0n);
    const unapplied = amount - applied;
    const groupId = newId('pgr');
    const payments: PaymentOut[] = [];
    for (const [i, { invoice, applied: part }] of plan.entries()) {
      const last = i === plan.length - 1;
      const { payment } = await settlePayment(trx, ctx, invoice, {
        applied: part,
        excess: last ? unapplied : 0n,
        date: input.date,
        method: input.method,
        reference: input.reference,
        notes: input.notes,
        groupId,
      });
      payments.push(payment);
    }
    return {
      id: groupId,
      customer_id: customer.id,
      currency,
      amount: formatAmount(amount, currency),
      applied_amount: formatAmount(applied, currency),
      unapplied_amount: formatAmount(unapplied, currency),
      date: input.date,
      method: input.method,
      reference: input.reference,
      notes: input.notes,
      allocations: payments.map((p) => ({ invoice_id: p.invoice_id, invoice_number: p.invoice_number, amount: p.applied_amount, payment_id: p.id })),
      payments,
    };
  });
}

function oldestFirst(amount: bigint, open: InvoicesTable[]): Planned[] {
  const owed = open.filter((invoice) => invoice.amount_due > 0);
  const { applied } = allocateOldestFirst(amount, owed.map((invoice) => BigInt(invoice.amount_due)));
  return owed.map((invoice, i) => ({ invoice, applied: applied[i]! })).filter((p) => p.applied > 0n);
}

/** The client's allocations, checked one by one: each a 4xx naming `allocations.N.…`. */
async function explicit(
  trx: Transaction<Database>,
  ctx: RequestContext,
  input: CreateCustomerPaymentInput,
  open: InvoicesTable[],
  currency: string,
  amount: bigint,
  money: (minor: bigint) => string,
): Promise<Planned[]> {
  const allocations = input.allocations ?? [];
  const byId = new Map(open.map((invoice) => [invoice.id, invoice]));
  const seen = new Set<string>();
  const plan: Planned[] = [];
  for (const [i, allocation] of allocations.entries()) {
    const path = `allocations.${i}`;
    const part = amountIn(currency, allocation.amount, `${path}.amount`);
    if (seen.has(allocation.invoice_id)) throw AppError.validation(`${path}.invoice_id`, 'names an invoice already allocated above');
    seen.add(allocation.invoice_id);
    const invoice = byId.get(allocation.invoice_id);
    if (!invoice) throw AppError.validation(`${path}.invoice_id`, await whyNotOpen(trx, ctx, allocation.invoice_id, input.customer_id, currency));
    const due = BigInt(invoice.amount_due);
    if (part > due) {
      throw conflictOn(`${path}.amount`, `${money(part)} is more than the amount due on ${invoice.number ?? invoice.id} (${money(due)})`);
    }
    plan.push({ invoice, applied: part });
  }
  const total = plan.reduce((sum, p) => sum + p.applied, 0n);
  if (total > amount) throw AppError.validation('allocations', `add up to ${money(total)}, more than the payment's amount (${money(amount)})`);
  return plan;
}

async function whyNotOpen(trx: Transaction<Database>, ctx: RequestContext, invoiceId: string, customerId: string, currency: string): Promise<string> {
  const invoice = await trx
    .selectFrom('invoices')
    .select(['customer_id', 'currency', 'status'])
    .where('organization_id', '=', ctx.orgId)
    .where('id', '=', invoiceId)
    .executeTakeFirst();
  if (!invoice) return 'is not an invoice of this organization';
  if (invoice.customer_id !== customerId) return "is not one of this customer's invoices";
  if (invoice.currency !== currency) return `is in ${invoice.currency}, not in the payment's currency ${currency}`;
  return `is not open (it is ${invoice.status.replace('_', ' ')}): only open and partially paid invoices can be paid`;
}

function openInvoices(trx: Transaction<Database>, orgId: string, customerId: string, currency: string): Promise<InvoicesTable[]> {
  return trx
    .selectFrom('invoices')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('customer_id', '=', customerId)
    .where('currency', '=', currency)
    .where('status', 'in', OPEN)
    .execute();
}

async function organizationCurrency(trx: Transaction<Database>, orgId: string): Promise<string> {
  const org = await trx.selectFrom('organizations').select('currency').where('id', '=', orgId).executeTakeFirstOrThrow();
  return org.currency;
}
