/**
 * `POST /invoices/{id}/duplicate`: a new draft with the content of an invoice of any status
 * (draft, open, paid, void…): the same customer, currency, prices-include-tax choice, lines
 * (product links, descriptions, quantities, units, unit codes, prices, discounts, tax rates),
 * document-level allowances and charges, notes, terms and e-invoice references (buyer
 * reference, purchase order). Not copied: the number, the dates (issue, due, delivery, the
 * invoicing and line periods: they belong to the original supply), payments, sending and
 * the link to a subscription. It is created exactly as `POST /invoices` creates a draft
 * (same checks, the same `invoice.created` event), in one transaction with the read: an
 * archived customer, product or tax rate is refused (422 naming the field) as it would be
 * on a new draft. Tax snapshots follow the rates' current percentages.
 */
import { inOneTransaction } from '../../db/transaction.ts';
import { customFieldsOut } from '../../db/custom-fields.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { AppError } from '../../shared/errors.ts';
import { createInvoice } from './draft-invoices.ts';
import { storedContent } from './invoice-compose.ts';
import { InvoicesRepo } from './invoices.repo.ts';
import type { CreateInvoiceInput, InvoiceOut } from './invoices.schemas.ts';

export function duplicateInvoice(ctx: RequestContext, id: string): Promise<InvoiceOut> {
  return inOneTransaction(ctx.db, async (db) => {
    const inner: RequestContext = { ...ctx, db };
    const repo = new InvoicesRepo(db.kysely, ctx.orgId);
    const source = await repo.find(id);
    if (!source) throw AppError.notFound('Invoice');
    const stored = storedContent(source, await repo.lines(id), await repo.adjustments(id));
    const input: CreateInvoiceInput = {
      customer_id: source.customer_id,
      currency: source.currency,
      issue_date: null,
      due_date: null,
      prices_include_tax: source.prices_include_tax === 1,
      lines: stored.lines.map((line) => ({
        product_id: line.product_id,
        description: line.description,
        quantity: line.quantity,
        unit_price: line.unit_price,
        unit: line.unit,
        tax_rate_id: line.tax_rate_id,
        discount: line.discount,
        unit_code: line.unit_code,
        base_quantity: line.base_quantity,
        period_start: null,
        period_end: null,
      })),
      allowances: stored.allowances.map(({ reason, amount, tax_rate_id }) => ({ reason, amount, tax_rate_id })),
      charges: stored.charges.map(({ reason, amount, tax_rate_id }) => ({ reason, amount, tax_rate_id })),
      notes: source.notes,
      terms: source.terms,
      buyer_reference: source.buyer_reference,
      purchase_order_reference: source.purchase_order_reference,
      delivery_date: null,
      period_start: null,
      period_end: null,
      custom_fields: customFieldsOut(source.custom_fields),
      finalize: false,
    };
    return createInvoice(inner, input);
  });
}
