/**
 * Credit notes: the only way to correct a finalized invoice. A credit note is numbered in
 * its own gapless series, frozen when issued, and lowers the invoice's amount due; what
 * exceeds the amount due (the invoice was already paid) becomes customer credit.
 */
import type { CreditNotesTable, InvoicesTable } from '../../db/schema.ts';
import { nextSequenceValue } from '../../db/sequences.ts';
import { inTransaction } from '../../db/transaction.ts';
import { actionProblem, type InvoiceStatus } from '../../domain/invoice-status.ts';
import { formatAmount } from '../../domain/money/index.ts';
import { formatDocumentNumber, sequenceScope } from '../../domain/numbering.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { nowIso, todayIn } from '../../kernel/context.ts';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { emit } from '../../kernel/events.ts';
import { appendToChain } from '../integrity/chain.repo.ts';
import { snapshotBranding } from '../organizations/branding-snapshot.ts';
import { applyMoneyChange, lockInvoice } from '../invoices/invoice-money.ts';
import { assertIssueDateInOrder } from '../invoices/issue-date-order.ts';
import { linesForAmount, linesForAmounts } from './credit-by-amount.ts';
import { linesForItems, type CreditLineDraft } from './credit-note-lines.ts';
import type { InvoiceTotals } from '../../domain/tax/index.ts';
import type { Executor } from '../../kernel/context.ts';
import { InvoicesRepo } from '../invoices/invoices.repo.ts';
import { CreditNotesRepo, creditNoteOut } from './credit-notes.repo.ts';
import type { CreateCreditNoteInput, CreditNoteOut, CreditNotePreviewOut, PreviewCreditNoteInput } from './credit-notes.schemas.ts';

type CreditBody = Pick<PreviewCreditNoteInput, 'amount' | 'tax_rate_id' | 'amounts' | 'lines' | 'reason'>;

/** The field a problem with the whole credit is reported at. */
const kindPath = (input: CreditBody) => (input.amount !== undefined ? 'amount' : input.amounts !== undefined ? 'amounts' : 'lines');

/** What the body credits on the invoice, checked against what is left to credit on it. */
async function computeCredit(db: Executor, orgId: string, invoice: InvoicesTable, input: CreditBody): Promise<{ lines: CreditLineDraft[]; totals: InvoiceTotals }> {
  const repo = new CreditNotesRepo(db, orgId);
  const invoiceLines = await repo.invoiceLines(invoice.id);
  const parts = async () => [...invoiceLines.values(), ...(await new InvoicesRepo(db, orgId).adjustments(invoice.id))];
  const reason = input.reason ?? '';
  const { lines, totals } =
    input.amount !== undefined
      ? linesForAmount(invoice, { amount: input.amount, tax_rate_id: input.tax_rate_id, reason }, await parts(), await repo.earlierTaxes(invoice.id))
      : input.amounts !== undefined
        ? linesForAmounts(invoice, input.amounts, reason, await parts(), await repo.earlierTaxes(invoice.id))
        : linesForItems(invoice, input.lines ?? [], invoiceLines, await repo.taxRates(), await repo.creditedQuantities(invoice.id));

  const creditable = BigInt(invoice.total) - BigInt(invoice.amount_credited);
  if (totals.total <= 0n) throw AppError.validation(kindPath(input), 'must credit more than zero');
  if (totals.total > creditable) {
    throw new AppError('conflict', `The credit note (${formatAmount(totals.total, invoice.currency)}) exceeds what is left to credit on this invoice (${formatAmount(creditable, invoice.currency)})`, [
      { path: kindPath(input), message: `must be at most ${formatAmount(creditable, invoice.currency)}` },
    ]);
  }
  return { lines, totals };
}

/** The part of a credit that lowers the amount due, and the rest (customer credit). */
function split(total: bigint, invoice: InvoicesTable): { applied: bigint; creditAmount: bigint } {
  const applied = total < BigInt(invoice.amount_due) ? total : BigInt(invoice.amount_due);
  return { applied, creditAmount: total - applied };
}

/** The tax breakdown as stored: amounts in minor units, formatted on the way out. */
function storedTaxes(lines: CreditLineDraft[], totals: InvoiceTotals) {
  return totals.taxes.map((t) => ({
    tax_rate_id: t.key === 'none' ? null : t.key,
    category: t.category,
    percentage: t.percentage,
    exemption_reason: lines.find((line) => (line.tax_rate_id ?? 'none') === t.key)?.tax.exemption_reason ?? null,
    exemption_reason_code: lines.find((line) => (line.tax_rate_id ?? 'none') === t.key)?.tax.exemption_reason_code ?? null,
    taxable_amount: Number(t.taxable_amount),
    tax_amount: Number(t.tax_amount),
  }));
}

const storedLines = (lines: CreditLineDraft[], totals: InvoiceTotals) =>
  lines.map(({ amount: _amount, ...line }, i) => ({ ...line, net_amount: Number(totals.lines[i]?.net_amount ?? 0n) }));

/**
 * What a credit note with this body would credit, computed as issueCreditNote does (the same
 * checks, the same 409/422 problems), without a lock and without storing anything.
 */
export async function previewCreditNote(ctx: RequestContext, invoiceId: string, input: PreviewCreditNoteInput): Promise<CreditNotePreviewOut> {
  const db = ctx.db.kysely;
  const invoice = await db.selectFrom('invoices').selectAll().where('organization_id', '=', ctx.orgId).where('id', '=', invoiceId).executeTakeFirst();
  if (!invoice) throw AppError.notFound('Invoice');
  const problem = actionProblem('credit', { status: invoice.status as InvoiceStatus, amountPaid: BigInt(invoice.amount_paid), amountDue: BigInt(invoice.amount_due) });
  if (problem) throw AppError.conflict(problem);
  const { lines, totals } = await computeCredit(db, ctx.orgId, invoice, input);
  const { applied, creditAmount } = split(totals.total, invoice);
  const money = (minor: bigint) => formatAmount(minor, invoice.currency);
  const out = creditNoteOut(
    { ...PREVIEW_ROW, currency: invoice.currency, taxes: JSON.stringify(storedTaxes(lines, totals)), lines: JSON.stringify(storedLines(lines, totals)) },
    invoice.number,
  );
  return {
    currency: invoice.currency,
    lines: out.lines,
    taxes: out.taxes,
    subtotal: money(totals.subtotal),
    tax_total: money(totals.tax_total),
    total: money(totals.total),
    applied_amount: money(applied),
    credit_amount: money(creditAmount),
  };
}

/** The row fields creditNoteOut reads besides lines and taxes, for a preview. */
const PREVIEW_ROW: CreditNotesTable = {
  id: '',
  organization_id: '',
  invoice_id: '',
  customer_id: '',
  number: '',
  currency: '',
  reason: '',
  issue_date: '',
  subtotal: 0,
  tax_total: 0,
  total: 0,
  applied_amount: 0,
  credit_amount: 0,
  taxes: '[]',
  lines: '[]',
  customer_snapshot: '{}',
  seller_snapshot: '{}',
  branding_snapshot: null,
  created_at: '',
};

export async function issueCreditNote(ctx: RequestContext, invoiceId: string, input: CreateCreditNoteInput): Promise<CreditNoteOut> {
  return inTransaction(ctx.db, async (trx) => {
    const invoice = await lockInvoice(trx, ctx, invoiceId);
    const facts = { status: invoice.status as InvoiceStatus, amountPaid: BigInt(invoice.amount_paid), amountDue: BigInt(invoice.amount_due) };
    const problem = actionProblem('credit', facts);
    if (problem) throw AppError.conflict(problem);

    const repo = new CreditNotesRepo(trx, ctx.orgId);
    // Read after lockInvoice: what earlier credit notes credited cannot change under us.
    const { lines, totals } = await computeCredit(trx, ctx.orgId, invoice, input);

    // Before the number counter (the lock order): it may write the logo to document_assets.
    const brandingSnapshot = await snapshotBranding(trx, ctx.orgId, invoice.customer_id, nowIso(ctx.clock));
    const org = await trx.selectFrom('organizations').select('credit_note_number_format').where('id', '=', ctx.orgId).executeTakeFirstOrThrow();
    const issueDate = input.issue_date ?? todayIn(ctx);
    const format = org.credit_note_number_format;
    const sequence = await nextSequenceValue(trx, ctx.orgId, 'credit_note', sequenceScope(format, issueDate));
    await assertIssueDateInOrder(trx, ctx.orgId, 'credit_note', sequenceScope(format, issueDate), issueDate);
    const { applied, creditAmount } = split(totals.total, invoice);
    const row: CreditNotesTable = {
      id: newId('crn'),
      organization_id: ctx.orgId,
      invoice_id: invoice.id,
      customer_id: invoice.customer_id,
      number: formatDocumentNumber(format, sequence, issueDate),
      currency: invoice.currency,
      reason: input.reason,
      issue_date: issueDate,
      subtotal: Number(totals.subtotal),
      tax_total: Number(totals.tax_total),
      total: Number(totals.total),
      applied_amount: Number(applied),
      credit_amount: Number(creditAmount),
      // Stored like the invoice's breakdown: amounts in minor units, formatted on the way out.
      taxes: JSON.stringify(storedTaxes(lines, totals)),
      lines: JSON.stringify(storedLines(lines, totals)),
      customer_snapshot: invoice.customer_snapshot ?? '{}',
      seller_snapshot: invoice.seller_snapshot ?? '{}',
      branding_snapshot: brandingSnapshot,
      created_at: nowIso(ctx.clock),
    };
    await repo.insert(row);
    await repo.insertLines(
      lines.flatMap((line, position) =>
        line.invoice_line_id === null
          ? []
          : [{ credit_note_id: row.id, position, organization_id: ctx.orgId, invoice_id: invoice.id, invoice_line_id: line.invoice_line_id, quantity: line.quantity, created_at: row.created_at }],
      ),
    );
    if (creditAmount > 0n) {
      await trx
        .insertInto('customer_credit_entries')
        .values({
          id: newId('cce'),
          organization_id: ctx.orgId,
          customer_id: invoice.customer_id,
          currency: invoice.currency,
          amount: Number(creditAmount),
          source_type: 'credit_note',
          source_id: row.id,
          invoice_id: invoice.id,
          created_at: row.created_at,
        })
        .execute();
    }
    // Lock order (db/dialect.ts): customer and invoice (lockInvoice), the number counter,
    // the credit note's rows, and the report summaries (here and in applyMoneyChange) last.
    await appendToChain(trx, ctx, 'credit_note', row.id);
    const updated = await applyMoneyChange(trx, ctx, invoice, { creditedDelta: totals.total, on: issueDate });
    const out = creditNoteOut(row, invoice.number);
    await emit(trx, ctx, {
      type: 'credit_note.created',
      resource: { type: 'credit_note', id: row.id },
      after: out,
      audit: { action: 'credit_note.issued' },
      facts: { invoice, note: row },
    });
    await emit(trx, ctx, { type: 'invoice.credited', resource: { type: 'invoice', id: invoice.id },
      before: { status: invoice.status, amount_credited: invoice.amount_credited, amount_due: invoice.amount_due },
      after: { status: updated.status, amount_credited: updated.amount_credited, amount_due: updated.amount_due, credit_note_id: row.id },
    });
    return out;
  });
}

export async function getCreditNote(ctx: RequestContext, id: string): Promise<CreditNoteOut> {
  const found = await new CreditNotesRepo(ctx.db.kysely, ctx.orgId).find(id);
  if (!found) throw AppError.notFound('Credit note');
  return creditNoteOut(found, found.invoice_number);
}
