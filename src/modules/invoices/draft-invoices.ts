/**
 * Draft use cases: create, change, delete. A draft is work in progress; every save
 * recomputes its lines and totals, in one transaction with its audit event. Once
 * finalized, an invoice refuses all of these (409), and database triggers refuse it too.
 */
import type { InvoicesTable } from '../../db/schema.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { nowIso } from '../../kernel/context.ts';
import { isForeignKeyViolation } from '../../db/dialect.ts';
import { inTransaction } from '../../db/transaction.ts';
import { resolveCustomFields } from '../../db/custom-fields.ts';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { emit } from '../../kernel/events.ts';
import { composeInvoice, inUseBy, storedContent } from './invoice-compose.ts';
import { assertInvoiceAction, lockInvoice } from './invoice-money.ts';
import { customerSummary, invoiceOut, loadInvoiceOut, todayOf } from './invoice-view.ts';
import { InvoicesRepo } from './invoices.repo.ts';
import { changedDraftContent, composeNewDraft, usableCustomer } from './new-draft.ts';
import type { CreateInvoiceInput, InvoiceOut, UpdateInvoiceInput } from './invoices.schemas.ts';

function assertDateOrder(issueDate: string | null, dueDate: string | null): void {
  if (issueDate !== null && dueDate !== null && dueDate < issueDate) {
    throw AppError.validation('due_date', `must not be before the issue date (${issueDate})`);
  }
}

/**
 * The invoicing period (BT-73/74) after a change: the schema checked that both dates come
 * together and in order. A generated invoice bills its subscription's period, which usage
 * and billing read back: that one stays as generated.
 */
function draftPeriod(before: InvoicesTable, input: UpdateInvoiceInput): Pick<InvoicesTable, 'period_start' | 'period_end'> {
  if (input.period_start === undefined) return { period_start: before.period_start, period_end: before.period_end };
  const changed = (input.period_start ?? null) !== before.period_start || (input.period_end ?? null) !== before.period_end;
  if (before.subscription_id !== null && changed) {
    throw AppError.validation('period_start', 'is the billing period of the subscription that generated this invoice and cannot be changed');
  }
  return { period_start: input.period_start ?? null, period_end: input.period_end ?? null };
}

/**
 * A customer, product or tax rate deleted by a concurrent request between our check and our
 * write: the foreign key refuses the write; answer it as the conflict it is, not as a 500.
 */
function raceError(error: unknown): unknown {
  if (isForeignKeyViolation(error)) {
    return AppError.conflict('A customer, product or tax rate this invoice uses was deleted at the same moment; check the invoice and try again');
  }
  return error;
}

/**
 * Where a generated invoice comes from (recurring billing, a late fee): stored with it, the
 * key unique per organization.
 */
export interface InvoiceOrigin {
  subscriptionId: string | null;
  period: { start: string; end: string } | null;
  billingKey: string;
  /** A late fee: the overdue invoice it charges for. */
  lateFeeFor?: string;
}

export async function createInvoice(ctx: RequestContext, input: CreateInvoiceInput, origin?: InvoiceOrigin): Promise<InvoiceOut> {
  const issueDate = input.issue_date ?? null;
  const dueDate = input.due_date ?? null;
  assertDateOrder(issueDate, dueDate);
  try {
    return await inTransaction(ctx.db, async (trx) => {
      // Lock order (db/dialect.ts): the customer first, like every write on its documents.
      const { customer, content, composed } = await composeNewDraft(trx, ctx, input);
      const repo = new InvoicesRepo(trx, ctx.orgId);
      const now = nowIso(ctx.clock);
      const row: InvoicesTable = {
        id: newId('inv'),
        organization_id: ctx.orgId,
        customer_id: customer.id,
        number: null,
        status: 'draft',
        currency: content.currency,
        issue_date: issueDate,
        due_date: dueDate,
        prices_include_tax: content.prices_include_tax ? 1 : 0,
        notes: input.notes,
        terms: input.terms,
        ...composed.totals,
        amount_paid: 0,
        amount_credited: 0,
        amount_due: composed.totals.total,
        customer_snapshot: null,
        seller_snapshot: null,
        branding_snapshot: null,
        finalized_at: null,
        paid_at: null,
        voided_at: null,
        uncollectible_at: null,
        overdue_at: null,
        sent_at: null,
        sent_to: null,
        viewed_at: null,
        subscription_id: origin?.subscriptionId ?? null,
        period_start: origin?.period?.start ?? input.period_start ?? null,
        period_end: origin?.period?.end ?? input.period_end ?? null,
        billing_key: origin?.billingKey ?? null,
        late_fee_for_invoice_id: origin?.lateFeeFor ?? null,
        buyer_reference: input.buyer_reference ?? null,
        purchase_order_reference: input.purchase_order_reference ?? null,
        delivery_date: input.delivery_date ?? null,
        // Generated invoices (recurring billing, late fees) carry none; drafts by hand are checked (required fields too).
        custom_fields: await resolveCustomFields(trx, ctx.orgId, 'invoice', null, origin === undefined ? (input.custom_fields ?? {}) : input.custom_fields),
        custom_fields_printed: null,
        created_at: now,
        updated_at: now,
      };
      const { organization_id: _org, ...insertable } = row;
      await repo.insert(insertable);
      await repo.insertParts(row.id, composed.lines, composed.adjustments);
      const out = invoiceOut(row, composed.lines, composed.adjustments, customerSummary(customer), todayOf(ctx));
      await emit(trx, ctx, { type: 'invoice.created', resource: { type: 'invoice', id: row.id }, after: out });
      return out;
    });
  } catch (error) {
    throw raceError(error);
  }
}

export async function updateInvoice(ctx: RequestContext, id: string, input: UpdateInvoiceInput): Promise<InvoiceOut> {
  try {
    return await inTransaction(ctx.db, async (trx) => {
      const repo = new InvoicesRepo(trx, ctx.orgId);
      const before = await lockInvoice(trx, ctx, id, input.customer_id === undefined ? {} : { alsoCustomer: input.customer_id });
      assertInvoiceAction(before, 'edit');
      const storedLines = await repo.lines(id);
      const storedAdjustments = await repo.adjustments(id);
      const currentCustomer = await repo.customer(before.customer_id);
      if (!currentCustomer) throw new Error(`invariant: customer ${before.customer_id} of draft ${id} is missing`);
      const today = todayOf(ctx);
      const beforeOut = invoiceOut(before, storedLines, storedAdjustments, customerSummary(currentCustomer), today);

      const customer =
        input.customer_id !== undefined && input.customer_id !== before.customer_id ? await usableCustomer(repo, input.customer_id) : currentCustomer;
      const issueDate = input.issue_date !== undefined ? input.issue_date : before.issue_date;
      const dueDate = input.due_date !== undefined ? input.due_date : before.due_date;
      assertDateOrder(issueDate, dueDate);
      const period = draftPeriod(before, input);

      const content = changedDraftContent(before, storedContent(before, storedLines, storedAdjustments), input);
      const composed = await composeInvoice(repo, content, inUseBy(storedLines, storedAdjustments));
      const changes = {
        customer_id: customer.id,
        currency: content.currency,
        issue_date: issueDate,
        due_date: dueDate,
        prices_include_tax: content.prices_include_tax ? 1 : 0,
        notes: input.notes !== undefined ? input.notes : before.notes,
        terms: input.terms !== undefined ? input.terms : before.terms,
        buyer_reference: input.buyer_reference !== undefined ? input.buyer_reference : before.buyer_reference,
        purchase_order_reference: input.purchase_order_reference !== undefined ? input.purchase_order_reference : before.purchase_order_reference,
        delivery_date: input.delivery_date !== undefined ? input.delivery_date : before.delivery_date,
        custom_fields: await resolveCustomFields(trx, ctx.orgId, 'invoice', before.custom_fields, input.custom_fields),
        ...period,
        ...composed.totals,
        amount_due: composed.totals.total,
        updated_at: nowIso(ctx.clock),
      } satisfies Partial<InvoicesTable>;
      await repo.update(id, changes);
      await repo.replaceParts(id, composed.lines, composed.adjustments);
      const out = invoiceOut({ ...before, ...changes }, composed.lines, composed.adjustments, customerSummary(customer), today);
      await emit(trx, ctx, { type: 'invoice.updated', resource: { type: 'invoice', id: id }, before: beforeOut, after: out });
      return out;
    });
  } catch (error) {
    throw raceError(error);
  }
}

export async function deleteInvoice(ctx: RequestContext, id: string): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    const repo = new InvoicesRepo(trx, ctx.orgId);
    const before = await lockInvoice(trx, ctx, id);
    assertInvoiceAction(before, 'delete');
    const beforeOut = await loadInvoiceOut(repo, before, ctx);
    await repo.delete(id);
    await emit(trx, ctx, { type: 'invoice.deleted', resource: { type: 'invoice', id: id }, before: beforeOut });
  });
}
