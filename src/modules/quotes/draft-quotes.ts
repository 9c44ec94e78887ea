/**
 * Draft quotes: create, change, delete, duplicate. Every save recomposes lines and totals
 * with the invoice composer, in one transaction with its event. Only a draft can change.
 */
import type { QuotesTable } from '../../db/schema.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { nowIso } from '../../kernel/context.ts';
import { isForeignKeyViolation, lockCustomers } from '../../db/dialect.ts';
import { inTransaction } from '../../db/transaction.ts';
import { emit } from '../../kernel/events.ts';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { composeInvoice } from '../invoices/invoice-compose.ts';
import { InvoicesRepo } from '../invoices/invoices.repo.ts';
import { changedDraftContent, composeNewDraft, usableCustomer } from '../invoices/new-draft.ts';
import { todayOf } from '../invoices/invoice-view.ts';
import { quoteInUse, storedQuoteContent } from './quote-content.ts';
import { loadQuoteOut, quoteOut, type QuoteLinks } from './quote-view.ts';
import { QuotesRepo } from './quotes.repo.ts';
import type { CreateQuoteInput, QuoteOut, UpdateQuoteInput } from './quotes.schemas.ts';

export function assertQuoteDates(issueDate: string | null, expiryDate: string | null): void {
  if (issueDate !== null && expiryDate !== null && expiryDate < issueDate) {
    throw AppError.validation('expiry_date', `must not be before the issue date (${issueDate})`);
  }
}

function raceError(error: unknown): unknown {
  if (isForeignKeyViolation(error)) return AppError.conflict('A customer, product or tax rate this quote uses was deleted at the same moment; check the quote and try again');
  return error;
}

/** Locks the quote (after its customer: the lock order) and reads it; 404 when it is not one of the organization's. */
export async function lockQuote(trx: RequestContext['db']['kysely'], ctx: RequestContext, id: string, alsoCustomer?: string): Promise<QuotesTable> {
  const repo = new QuotesRepo(trx, ctx.orgId);
  const unlocked = await repo.find(id);
  if (!unlocked) throw AppError.notFound('Quote');
  const customers = [unlocked.customer_id, ...(alsoCustomer !== undefined && alsoCustomer !== unlocked.customer_id ? [alsoCustomer] : [])];
  await lockCustomers(trx, ctx.db.dialect, ctx.orgId, customers);
  const quote = await repo.lock(ctx.db.dialect, id);
  if (!quote) throw AppError.notFound('Quote');
  // Moved to another customer in between: its new customer is not locked; a retry will be.
  if (quote.customer_id !== unlocked.customer_id) throw AppError.conflict('The quote changed at the same moment; try again');
  return quote;
}

function assertDraft(quote: QuotesTable, verb: string): void {
  if (quote.status !== 'draft') throw AppError.conflict(`Only a draft quote can be ${verb}; this one is ${quote.status}`);
}

export async function createQuote(ctx: RequestContext, input: CreateQuoteInput, links: QuoteLinks): Promise<QuoteOut> {
  const issueDate = input.issue_date ?? null;
  const expiryDate = input.expiry_date ?? null;
  assertQuoteDates(issueDate, expiryDate);
  try {
    return await inTransaction(ctx.db, async (trx) => {
      // Lock order (db/dialect.ts): the customer first, like every write on its documents.
      const { customer, content, composed } = await composeNewDraft(trx, ctx, input);
      const now = nowIso(ctx.clock);
      const row: QuotesTable = {
        id: newId('quo'),
        organization_id: ctx.orgId,
        customer_id: customer.id,
        number: null,
        status: 'draft',
        currency: content.currency,
        issue_date: issueDate,
        expiry_date: expiryDate,
        prices_include_tax: content.prices_include_tax ? 1 : 0,
        notes: input.notes,
        terms: input.terms,
        ...composed.totals,
        buyer_reference: input.buyer_reference ?? null,
        purchase_order_reference: input.purchase_order_reference ?? null,
        finalized_at: null,
        sent_at: null,
        sent_to: null,
        accepted_at: null,
        accepted_name: null,
        accepted_ip: null,
        declined_at: null,
        decline_reason: null,
        invoice_id: null,
        converted_at: null,
        link_token_hash: null,
        link_token_sealed: null,
        created_at: now,
        updated_at: now,
      };
      const repo = new QuotesRepo(trx, ctx.orgId);
      const { organization_id: _org, ...insertable } = row;
      await repo.insert(insertable);
      await repo.insertParts(row.id, composed.lines, composed.adjustments);
      const out = quoteOut(row, composed.lines, composed.adjustments, customer, todayOf(ctx), links);
      await emit(trx, ctx, { type: 'quote.created', resource: { type: 'quote', id: row.id }, after: out });
      return out;
    });
  } catch (error) {
    throw raceError(error);
  }
}

export async function updateQuote(ctx: RequestContext, id: string, input: UpdateQuoteInput, links: QuoteLinks): Promise<QuoteOut> {
  try {
    return await inTransaction(ctx.db, async (trx) => {
      const repo = new QuotesRepo(trx, ctx.orgId);
      const lookups = new InvoicesRepo(trx, ctx.orgId);
      const before = await lockQuote(trx, ctx, id, input.customer_id);
      assertDraft(before, 'changed');
      const storedLines = await repo.lines(id);
      const storedAdjustments = await repo.adjustments(id);
      const beforeOut = await loadQuoteOut(repo, before, ctx, links, trx);
      const customer = input.customer_id !== undefined ? await usableCustomer(lookups, input.customer_id) : await lookups.customer(before.customer_id);
      if (!customer) throw new Error(`invariant: customer ${before.customer_id} of quote ${id} is missing`);
      const issueDate = input.issue_date !== undefined ? input.issue_date : before.issue_date;
      const expiryDate = input.expiry_date !== undefined ? input.expiry_date : before.expiry_date;
      assertQuoteDates(issueDate, expiryDate);
      const content = changedDraftContent(before, storedQuoteContent(before, storedLines, storedAdjustments), input);
      const composed = await composeInvoice(lookups, content, quoteInUse(storedLines, storedAdjustments));
      const changes = {
        customer_id: customer.id,
        currency: content.currency,
        issue_date: issueDate,
        expiry_date: expiryDate,
        prices_include_tax: content.prices_include_tax ? 1 : 0,
        notes: input.notes !== undefined ? input.notes : before.notes,
        terms: input.terms !== undefined ? input.terms : before.terms,
        buyer_reference: input.buyer_reference !== undefined ? input.buyer_reference : before.buyer_reference,
        purchase_order_reference: input.purchase_order_reference !== undefined ? input.purchase_order_reference : before.purchase_order_reference,
        ...composed.totals,
        updated_at: nowIso(ctx.clock),
      } satisfies Partial<QuotesTable>;
      await repo.update(id, changes);
      await repo.replaceParts(id, composed.lines, composed.adjustments);
      const out = quoteOut({ ...before, ...changes }, composed.lines, composed.adjustments, customer, todayOf(ctx), links);
      await emit(trx, ctx, { type: 'quote.updated', resource: { type: 'quote', id }, before: beforeOut, after: out });
      return out;
    });
  } catch (error) {
    throw raceError(error);
  }
}

export async function deleteQuote(ctx: RequestContext, id: string, links: QuoteLinks): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    const repo = new QuotesRepo(trx, ctx.orgId);
    const before = await lockQuote(trx, ctx, id);
    assertDraft(before, 'deleted');
    const beforeOut = await loadQuoteOut(repo, before, ctx, links, trx);
    await repo.delete(id);
    await emit(trx, ctx, { type: 'quote.deleted', resource: { type: 'quote', id }, before: beforeOut });
  });
}

/** A new draft with the content of a quote of any status: no number, no dates, no answer. */
export async function duplicateQuote(ctx: RequestContext, id: string, links: QuoteLinks): Promise<QuoteOut> {
  const repo = new QuotesRepo(ctx.db.kysely, ctx.orgId);
  const source = await repo.find(id);
  if (!source) throw AppError.notFound('Quote');
  const stored = storedQuoteContent(source, await repo.lines(id), await repo.adjustments(id));
  return createQuote(
    ctx,
    {
      customer_id: source.customer_id,
      currency: source.currency,
      issue_date: null,
      expiry_date: null,
      prices_include_tax: source.prices_include_tax === 1,
      lines: stored.lines.map(({ id: _id, ...line }) => ({ ...line, description: line.description, quantity: line.quantity, discount: line.discount })),
      allowances: stored.allowances.map(({ reason, amount, tax_rate_id }) => ({ reason, amount, tax_rate_id })),
      charges: stored.charges.map(({ reason, amount, tax_rate_id }) => ({ reason, amount, tax_rate_id })),
      notes: source.notes,
      terms: source.terms,
      buyer_reference: source.buyer_reference,
      purchase_order_reference: source.purchase_order_reference,
    },
    links,
  );
}
