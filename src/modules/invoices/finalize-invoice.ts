/**
 * Finalizing: in ONE transaction, lock the draft (after its customer: the lock order of
 * db/dialect.ts — customer, invoice, number counter, report summaries), fix its dates, recompute its totals,
 * take the next number of the organization's series, freeze the customer and the seller,
 * and open it. The number comes from an atomic upsert on the series' counter row, taken
 * after the invoice's own lock: concurrent finalizations queue on that row (PostgreSQL) or
 * on the single writer (SQLite), in any number of processes, so numbers have no gap (a
 * rolled-back finalization gives its number back) and no duplicate (also a unique index).
 */
import { missingRequiredCustomFields, printedInvoiceCustomFields } from '../../db/custom-fields.ts';
import type { InvoiceAdjustmentsTable, InvoiceLinesTable, InvoicesTable } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/dialect.ts';
import { nextSequenceValue } from '../../db/sequences.ts';
import { inTransaction } from '../../db/transaction.ts';
import { amountDue, statusAfterMoney } from '../../domain/invoice-status.ts';
import { formatDocumentNumber, sequenceScope } from '../../domain/numbering.ts';
import type { RequestContext } from '../../kernel/context.ts';
import type { EInvoicing } from '../../kernel/einvoicing.ts';
import { nowIso } from '../../kernel/context.ts';
import { AppError } from '../../shared/errors.ts';
import { emit } from '../../kernel/events.ts';
import { appendToChain } from '../integrity/chain.repo.ts';
import { findOrganization } from '../organizations/organizations.repo.ts';
import { snapshotBranding } from '../organizations/branding-snapshot.ts';
import { addDays } from '../../domain/dates.ts';
import { categoryMixProblems } from '../../domain/tax/index.ts';
import { composeInvoice, inUseBy, storedContent, type ComposedInvoice } from './invoice-compose.ts';
import { assertInvoiceAction, lockInvoice } from './invoice-money.ts';
import { assertIssueDateInOrder } from './issue-date-order.ts';
import { customerSummary, invoiceOut, sellerOf, todayOf } from './invoice-view.ts';
import { InvoicesRepo } from './invoices.repo.ts';
import type { InvoiceOut } from './invoices.schemas.ts';

/** Refuses (422) a line without a tax rate beside taxed lines: category O stands alone (BR-O-11…14). */
function assertCategoryOAlone(lines: readonly InvoiceLinesTable[], adjustments: readonly InvoiceAdjustmentsTable[]): void {
  const position = (kind: string) => (part: { position: number; tax_category: string; tax_rate_id: string | null }) => ({
    path: `${kind}.${part.position}`,
    category: part.tax_category,
    tax_rate_id: part.tax_rate_id,
  });
  const problems = categoryMixProblems([
    ...lines.map(position('lines')),
    ...adjustments.filter((a) => a.kind === 'allowance').map(position('allowances')),
    ...adjustments.filter((a) => a.kind === 'charge').map(position('charges')),
  ]);
  if (problems.length === 0) return;
  throw new AppError(
    'validation',
    `This invoice mixes 'not subject to VAT' (category O) with taxed parts, which EN 16931 forbids (BR-O-11): ${problems.map((p) => p.path).join(', ')}`,
    problems,
  );
}

/**
 * The draft must be issued exactly as it was last saved (and previewed). If a tax rate it
 * uses was changed since, recomposing gives other figures: the user saves the draft again
 * (which applies the current rates) and checks it before it becomes permanent.
 */
function assertAsSaved(invoice: InvoicesTable, lines: InvoiceLinesTable[], adjustments: InvoiceAdjustmentsTable[], composed: ComposedInvoice): void {
  const taxOf = (p: Pick<InvoiceLinesTable, 'tax_name' | 'tax_category' | 'tax_percentage' | 'tax_exemption_reason' | 'tax_exemption_reason_code' | 'net_amount'>) =>
    [p.tax_name, p.tax_category, p.tax_percentage, p.tax_exemption_reason, p.tax_exemption_reason_code, Number(p.net_amount)].join('|');
  const stored = [...lines, ...adjustments];
  const fresh = [...composed.lines, ...composed.adjustments];
  const changed = fresh.find((part, i) => stored[i] === undefined || taxOf(part) !== taxOf(stored[i]));
  const totalsChanged = (Object.keys(composed.totals) as (keyof ComposedInvoice['totals'])[]).some(
    (key) => String(composed.totals[key]) !== String(invoice[key]),
  );
  if (changed === undefined && !totalsChanged) return;
  const rate = changed?.tax_name ?? changed?.tax_category;
  throw AppError.conflict(
    `The draft's figures are out of date${rate === undefined ? '' : ` (tax rate "${rate}" changed after it was saved)`}; ` +
      'save the draft again to apply the current rates, check it, then finalize',
  );
}

export interface FinalizeOptions {
  /**
   * E-invoicing's check (AppDeps.einvoicing), run before the transaction so no lock is held
   * while the rules run: it returns the draft's updated_at it checked, and a draft changed
   * since is refused rather than issued unchecked.
   */
  einvoicing?: Pick<EInvoicing, 'checkBeforeFinalize'> | undefined;
}

export async function finalizeInvoice(ctx: RequestContext, id: string, options: FinalizeOptions = {}): Promise<InvoiceOut> {
  const checked = options.einvoicing === undefined ? null : await options.einvoicing.checkBeforeFinalize(ctx, id);
  try {
    return await inTransaction(ctx.db, async (trx) => {
      const invoice = await lockInvoice(trx, ctx, id);
      assertInvoiceAction(invoice, 'finalize');
      if (checked !== null && invoice.updated_at !== checked) {
        throw AppError.conflict('The draft changed while its e-invoice was being checked; finalize it again');
      }
      const repo = new InvoicesRepo(trx, ctx.orgId);
      const lines = await repo.lines(id);
      const adjustments = await repo.adjustments(id);
      if (lines.length === 0) throw AppError.conflict('An invoice needs at least one line before it can be finalized');
      const org = await findOrganization(trx, ctx.orgId);
      const customer = await repo.customer(invoice.customer_id);
      if (!org || !customer) throw new Error(`invariant: organization or customer of invoice ${id} is missing`);
      const today = todayOf(ctx);
      const before = invoiceOut(invoice, lines, adjustments, customerSummary(customer), today);

      const issueDate = invoice.issue_date ?? today;
      const dueDate = invoice.due_date ?? addDays(issueDate, customer.payment_terms_days ?? org.payment_terms_days);
      if (dueDate < issueDate) {
        throw new AppError('conflict', `The due date ${dueDate} is before the issue date ${issueDate}; change the draft's due date`, [
          { path: 'due_date', message: `must not be before the issue date (${issueDate})` },
        ]);
      }
      // A field made required after the draft was saved: the issued invoice must carry it.
      // Generated invoices (recurring billing, late fees) carry no custom fields.
      if (invoice.subscription_id === null && invoice.late_fee_for_invoice_id === null) {
        const missing = await missingRequiredCustomFields(trx, ctx.orgId, 'invoice', invoice.custom_fields);
        if (missing.length > 0) throw new AppError('conflict', `Fill in ${missing.map((m) => m.path).join(', ')} before finalizing`, missing);
      }
      const composed = await composeInvoice(
        repo,
        { currency: invoice.currency, prices_include_tax: invoice.prices_include_tax === 1, ...storedContent(invoice, lines, adjustments) },
        inUseBy(lines, adjustments),
      );
      assertAsSaved(invoice, lines, adjustments, composed);
      assertCategoryOAlone(lines, adjustments);
      const total = BigInt(composed.totals.total);
      if (total < 0n) throw AppError.conflict('An invoice total cannot be negative; issue a credit note instead');

      // Before the number counter (the lock order): it may write the logo to document_assets.
      const brandingSnapshot = await snapshotBranding(trx, ctx.orgId, invoice.customer_id, nowIso(ctx.clock));
      const format = org.invoice_number_format;
      const sequence = await nextSequenceValue(trx, ctx.orgId, 'invoice', sequenceScope(format, issueDate));
      await assertIssueDateInOrder(trx, ctx.orgId, 'invoice', sequenceScope(format, issueDate), issueDate);
      const status = statusAfterMoney('open', total, 0n, 0n);
      const now = nowIso(ctx.clock);
      const changes = {
        number: formatDocumentNumber(format, sequence, issueDate),
        status,
        issue_date: issueDate,
        due_date: dueDate,
        ...composed.totals,
        amount_due: Number(amountDue(total, 0n, 0n)),
        customer_snapshot: JSON.stringify(customerSummary(customer)),
        seller_snapshot: JSON.stringify(sellerOf(org)),
        branding_snapshot: brandingSnapshot,
        custom_fields_printed: JSON.stringify(await printedInvoiceCustomFields(trx, ctx.orgId, invoice.custom_fields)),
        finalized_at: now,
        // A zero-total invoice is settled the moment it is issued.
        paid_at: status === 'paid' ? now : null,
        updated_at: now,
      } satisfies Partial<InvoicesTable>;
      await repo.update(id, changes);
      await appendToChain(trx, ctx, 'invoice', id);
      const finalized = { ...invoice, ...changes };
      const after = invoiceOut(finalized, lines, adjustments, customerSummary(customer), today);
      await emit(trx, ctx, { type: 'invoice.finalized', resource: { type: 'invoice', id }, before, after, facts: { invoice: finalized, lines } });
      // A zero-total invoice is settled the moment it is issued.
      if (finalized.status === 'paid') await emit(trx, ctx, { type: 'invoice.paid', resource: { type: 'invoice', id }, object: after, audit: false });
      return after;
    });
  } catch (error) {
    // Only when the number format was changed so that it repeats a number already issued.
    if (isUniqueViolation(error)) {
      throw AppError.conflict(
        'The next invoice number is already used by another invoice; change the invoice number format in the organization settings',
      );
    }
    throw error;
  }
}
