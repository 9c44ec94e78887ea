/**
 * A quote's life after the draft: finalize (draft → open: number from the quote series,
 * dates fixed, customer page token made), accept (by name, with time and address) or
 * decline (with an optional reason) while open and not expired, and convert (open or
 * accepted → invoiced): a draft invoice with exactly the quote's lines, discounts,
 * allowances, charges and taxes, created in the same transaction, once.
 */
import type { Transaction } from 'kysely';
import type { Database, QuotesTable } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/dialect.ts';
import { nextSequenceValue } from '../../db/sequences.ts';
import { inOneTransaction, inTransaction } from '../../db/transaction.ts';
import { addDays } from '../../domain/dates.ts';
import { formatDocumentNumber, sequenceScope } from '../../domain/numbering.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { nowIso } from '../../kernel/context.ts';
import { emit } from '../../kernel/events.ts';
import { newLinkToken } from '../../kernel/http/public-pages.ts';
import { AppError } from '../../shared/errors.ts';
import { createInvoice } from '../invoices/draft-invoices.ts';
import { todayOf } from '../invoices/invoice-view.ts';
import { storedQuoteContent } from './quote-content.ts';
import { assertQuoteDates, lockQuote } from './draft-quotes.ts';
import { effectiveStatus, linkTokenHash, loadQuoteOut, quoteTokenAad, type QuoteLinks } from './quote-view.ts';
import { QuotesRepo } from './quotes.repo.ts';
import { DEFAULT_VALIDITY_DAYS, type QuoteOut } from './quotes.schemas.ts';

/** The number format of the quote series (a counter of its own, like invoices'). */
export const QUOTE_NUMBER_FORMAT = 'QUO-{YYYY}-{SEQ:5}';

/** Who answers: a user on the customer's behalf, or the customer on the public page. */
export interface Answer {
  ip: string | null;
}

async function change(
  ctx: RequestContext,
  id: string,
  links: QuoteLinks,
  apply: (quote: QuotesTable, today: string, trx: Transaction<Database>) => Promise<Partial<QuotesTable>>,
  eventType: 'quote.finalized' | 'quote.accepted' | 'quote.declined' | 'quote.sent',
): Promise<QuoteOut> {
  return inTransaction(ctx.db, async (trx) => {
    const repo = new QuotesRepo(trx, ctx.orgId);
    const quote = await lockQuote(trx, ctx, id);
    const today = todayOf(ctx);
    const before = await loadQuoteOut(repo, quote, ctx, links, trx);
    const changes = { ...(await apply(quote, today, trx)), updated_at: nowIso(ctx.clock) };
    await repo.update(id, changes);
    const after = await loadQuoteOut(repo, { ...quote, ...changes }, ctx, links, trx);
    await emit(trx, ctx, { type: eventType, resource: { type: 'quote', id }, before, after });
    return after;
  });
}

/** 409 unless the quote is open today (not a draft, not answered, not expired, not invoiced). */
function assertOpen(quote: QuotesTable, today: string, verb: string): void {
  const status = effectiveStatus(quote, today);
  if (status === 'open') return;
  if (status === 'expired') throw AppError.conflict(`This quote expired on ${quote.expiry_date ?? ''} and can no longer be ${verb}`);
  throw AppError.conflict(`Only an open quote can be ${verb}; this one is ${status}`);
}

export async function finalizeQuote(ctx: RequestContext, id: string, links: QuoteLinks): Promise<QuoteOut> {
  try {
    return await change(
      ctx,
      id,
      links,
      async (quote, today, trx) => {
        if (quote.status !== 'draft') throw AppError.conflict(`Only a draft quote can be finalized; this one is ${quote.status}`);
        const lines = await new QuotesRepo(trx, ctx.orgId).lines(id);
        if (lines.length === 0) throw AppError.conflict('A quote needs at least one line before it can be finalized');
        const issueDate = quote.issue_date ?? today;
        const expiryDate = quote.expiry_date ?? addDays(issueDate, DEFAULT_VALIDITY_DAYS);
        assertQuoteDates(issueDate, expiryDate);
        if (expiryDate < today) throw AppError.validation('expiry_date', `is in the past (${expiryDate}); a quote must be valid when it is issued`);
        const sequence = await nextSequenceValue(trx, ctx.orgId, 'quote', sequenceScope(QUOTE_NUMBER_FORMAT, issueDate));
        const token = newLinkToken();
        return {
          number: formatDocumentNumber(QUOTE_NUMBER_FORMAT, sequence, issueDate),
          status: 'open',
          issue_date: issueDate,
          expiry_date: expiryDate,
          finalized_at: nowIso(ctx.clock),
          link_token_hash: linkTokenHash(token),
          link_token_sealed: links.secrets.encrypt(token, quoteTokenAad(ctx.orgId, id)),
        };
      },
      'quote.finalized',
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw AppError.conflict('The next quote number is already used by another quote; try again');
    throw error;
  }
}

export function acceptQuote(ctx: RequestContext, id: string, name: string, answer: Answer, links: QuoteLinks): Promise<QuoteOut> {
  return change(
    ctx,
    id,
    links,
    (quote, today) => {
      assertOpen(quote, today, 'accepted');
      return Promise.resolve({ status: 'accepted', accepted_at: nowIso(ctx.clock), accepted_name: name, accepted_ip: answer.ip });
    },
    'quote.accepted',
  );
}

export function declineQuote(ctx: RequestContext, id: string, reason: string | null, links: QuoteLinks): Promise<QuoteOut> {
  return change(
    ctx,
    id,
    links,
    (quote, today) => {
      assertOpen(quote, today, 'declined');
      return Promise.resolve({ status: 'declined', declined_at: nowIso(ctx.clock), decline_reason: reason });
    },
    'quote.declined',
  );
}

/** Sending by e-mail was requested (the e-mail module stores the message in the same transaction). */
export function markQuoteSent(ctx: RequestContext, id: string, to: string, links: QuoteLinks): Promise<QuoteOut> {
  return change(
    ctx,
    id,
    links,
    (quote) => {
      if (quote.status === 'draft') throw AppError.conflict('A draft quote cannot be sent; finalize it first');
      return Promise.resolve({ sent_at: nowIso(ctx.clock), sent_to: to });
    },
    'quote.sent',
  );
}

/** The figures that must be the same on the quote and its invoice. */
function figures(document: Pick<QuoteOut, 'subtotal' | 'allowance_total' | 'charge_total' | 'tax_total' | 'total' | 'taxes' | 'lines' | 'allowances' | 'charges'>): string {
  return JSON.stringify({
    subtotal: document.subtotal,
    allowance_total: document.allowance_total,
    charge_total: document.charge_total,
    tax_total: document.tax_total,
    total: document.total,
    taxes: document.taxes,
    lines: document.lines.map((l) => [l.description, l.quantity, l.unit_price, l.discount, l.tax, l.net_amount]),
    allowances: document.allowances.map((a) => [a.reason, a.amount, a.net_amount, a.tax]),
    charges: document.charges.map((c) => [c.reason, c.amount, c.net_amount, c.tax]),
  });
}

/**
 * Open or accepted → invoiced: the invoice (a draft) is created through the invoices' own
 * use case, in this transaction, and must come out with the quote's figures exactly (a tax
 * rate changed since the quote was saved would change them: 409, nothing is created). A
 * quote already invoiced answers 409 naming its invoice (in `errors[0]`, path `invoice_id`).
 */
export function convertQuote(ctx: RequestContext, id: string, links: QuoteLinks): Promise<{ quote: QuoteOut; invoiceId: string }> {
  return inOneTransaction(ctx.db, async (db) => {
    const inner: RequestContext = { ...ctx, db };
    const trx = db.kysely as Transaction<Database>;
    const repo = new QuotesRepo(trx, ctx.orgId);
    const quote = await lockQuote(trx, ctx, id);
    const today = todayOf(ctx);
    if (quote.status === 'invoiced' && quote.invoice_id !== null) {
      throw new AppError('conflict', `This quote was already converted into invoice ${quote.invoice_id}`, [{ path: 'invoice_id', message: quote.invoice_id }]);
    }
    const status = effectiveStatus(quote, today);
    // invoiced without an invoice: the draft it became was deleted; it can be converted again.
    if (status !== 'open' && status !== 'accepted' && status !== 'invoiced') {
      if (status === 'expired') throw AppError.conflict(`This quote expired on ${quote.expiry_date ?? ''}; duplicate it into a new quote instead`);
      throw AppError.conflict(`Only an open or accepted quote can be converted into an invoice; this one is ${status}`);
    }
    const before = await loadQuoteOut(repo, quote, ctx, links, trx);
    const stored = storedQuoteContent(quote, await repo.lines(id), await repo.adjustments(id));
    const invoice = await createInvoice(inner, {
      customer_id: quote.customer_id,
      currency: quote.currency,
      issue_date: null,
      due_date: null,
      prices_include_tax: quote.prices_include_tax === 1,
      lines: stored.lines.map(({ id: _id, ...line }) => ({ ...line, description: line.description, quantity: line.quantity, discount: line.discount })),
      allowances: stored.allowances.map(({ reason, amount, tax_rate_id }) => ({ reason, amount, tax_rate_id })),
      charges: stored.charges.map(({ reason, amount, tax_rate_id }) => ({ reason, amount, tax_rate_id })),
      notes: quote.notes,
      terms: quote.terms,
      buyer_reference: quote.buyer_reference,
      purchase_order_reference: quote.purchase_order_reference,
      delivery_date: null,
      period_start: null,
      period_end: null,
      finalize: false,
    });
    if (figures(invoice) !== figures(before)) {
      throw AppError.conflict("A tax rate or product this quote uses changed since it was saved, so the invoice would not match the quote's figures; duplicate the quote to requote");
    }
    const changes = { status: 'invoiced', invoice_id: invoice.id, converted_at: nowIso(ctx.clock), updated_at: nowIso(ctx.clock) } satisfies Partial<QuotesTable>;
    await repo.update(id, changes);
    const after = await loadQuoteOut(repo, { ...quote, ...changes }, ctx, links, trx);
    await emit(trx, ctx, { type: 'quote.converted', resource: { type: 'quote', id }, before, after });
    return { quote: after, invoiceId: invoice.id };
  });
}
