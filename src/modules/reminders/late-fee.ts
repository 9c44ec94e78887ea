/**
 * A late fee: a separate invoice "Late fee for INV-…" for the overdue invoice's customer, in
 * its currency, finalized at once (finalized invoices never change, so the fee cannot be
 * added to the overdue one), and linked to it by `late_fee_for_invoice_id`. Its billing key
 * "late_fee:<invoice>:<step>" is unique per organization, so whatever runs twice, an invoice
 * is charged at most one fee per step. Runs in the caller's transaction (the one recording
 * the reminder step); reuses the invoice use cases (create the draft, finalize it).
 */
import type { InvoicesTable } from '../../db/schema.ts';
import { lastIssuedInSeries } from '../../db/sequences.ts';
import { emailLocale } from '../../domain/email-template.ts';
import { formatAmount } from '../../domain/money/index.ts';
import { sequenceScope } from '../../domain/numbering.ts';
import { lateFeeAmount } from '../../domain/reminders.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { todayIn } from '../../kernel/context.ts';
import { emit } from '../../kernel/events.ts';
import { createInvoice } from '../invoices/draft-invoices.ts';
import { finalizeInvoice } from '../invoices/finalize-invoice.ts';
import type { InvoiceOut } from '../invoices/invoices.schemas.ts';
import { findOrganization } from '../organizations/organizations.repo.ts';
import type { StoredLateFee } from './reminders.repo.ts';

const LABEL: Record<string, (number: string) => string> = {
  en: (n) => `Late fee for ${n}`,
  de: (n) => `Mahngebühr für ${n}`,
  fr: (n) => `Frais de retard pour ${n}`,
  es: (n) => `Recargo por demora de ${n}`,
};

export function lateFeeKey(invoiceId: string, step: number): string {
  return `late_fee:${invoiceId}:${step}`;
}

/**
 * Issues the fee invoice for `invoice` (locked by the caller) at `step`; null when the fee
 * comes to nothing (a percentage of a tiny amount) or the invoice is itself a late fee.
 * `ctx.db` must be the caller's transaction scope.
 */
export async function issueLateFee(ctx: RequestContext, invoice: InvoicesTable, fee: StoredLateFee, step: number, customerLanguage: string | null): Promise<InvoiceOut | null> {
  if (invoice.late_fee_for_invoice_id !== null) return null;
  const amount = lateFeeAmount(fee.type === 'fixed' ? { type: 'fixed', amount: fee.amount ?? '0' } : { type: 'percentage', percent: fee.percent ?? '0' }, BigInt(invoice.amount_due), invoice.currency);
  if (amount <= 0n) return null;
  const trx = ctx.db.kysely;
  const org = await findOrganization(trx, ctx.orgId);
  if (!org) throw new Error(`invariant: organization ${ctx.orgId} is missing`);
  const { language } = emailLocale(customerLanguage, org.locale);
  const labelOf = LABEL[language] ?? ((n: string) => `Late fee for ${n}`);
  const label = labelOf(invoice.number ?? invoice.id);
  // Issue dates never go backwards in a series: after a later-dated invoice, the fee takes its date.
  const today = todayIn(ctx);
  const last = await lastIssuedInSeries(trx, ctx.orgId, 'invoice', sequenceScope(org.invoice_number_format, today));
  const issueDate = last !== undefined && last.issue_date > today ? last.issue_date : today;
  const draft = await createInvoice(
    ctx,
    {
      customer_id: invoice.customer_id,
      currency: invoice.currency,
      issue_date: issueDate,
      due_date: null,
      prices_include_tax: false,
      lines: [{ description: label, quantity: '1', unit_price: formatAmount(amount, invoice.currency), tax_rate_id: fee.tax_rate_id, product_id: null, discount: null }],
      allowances: [],
      charges: [],
      notes: null,
      terms: null,
      finalize: false,
    },
    { subscriptionId: null, period: null, billingKey: lateFeeKey(invoice.id, step), lateFeeFor: invoice.id },
  );
  const issued = await finalizeInvoice(ctx, draft.id);
  await emit(trx, ctx, {
    type: 'invoice.late_fee_created',
    resource: { type: 'invoice', id: invoice.id },
    after: { late_fee_invoice_id: issued.id, number: issued.number, step, amount: formatAmount(amount, invoice.currency), total: issued.total, currency: issued.currency },
  });
  return issued;
}
