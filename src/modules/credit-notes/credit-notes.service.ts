/**
 * Credit notes: the only way to correct a finalized invoice. A credit note is numbered in
 * its own gapless series, frozen when issued, and lowers the invoice's amount due; what
 * exceeds the amount due (the invoice was already paid) becomes customer credit.
 */
import type { CreditNotesTable } from '../../db/schema.ts';
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
import { linesForAmount } from './credit-by-amount.ts';
import { linesForItems } from './credit-note-lines.ts';
import { InvoicesRepo } from '../invoices/invoices.repo.ts';
import { CreditNotesRepo, creditNoteOut } from './credit-notes.repo.ts';
import type { CreateCreditNoteInput, CreditNoteOut } from './credit-notes.schemas.ts';

export async function issueCreditNote(ctx: RequestContext, invoiceId: string, input: CreateCreditNoteInput): Promise<CreditNoteOut> {
  return inTransaction(ctx.db, async (trx) => {
    const invoice = await lockInvoice(trx, ctx, invoiceId);
    const facts = { status: invoice.status as InvoiceStatus, amountPaid: BigInt(invoice.amount_paid), amountDue: BigInt(invoice.amount_due) };
    const problem = actionProblem('credit', facts);
    if (problem) throw AppError.conflict(problem);

    const repo = new CreditNotesRepo(trx, ctx.orgId);
    // Read after lockInvoice: what earlier credit notes credited cannot change under us.
    const invoiceLines = await repo.invoiceLines(invoice.id);
    const { lines, totals } =
      input.amount !== undefined
        ? linesForAmount(
            invoice,
            { amount: input.amount, tax_rate_id: input.tax_rate_id, reason: input.reason },
            [...invoiceLines.values(), ...(await new InvoicesRepo(trx, ctx.orgId).adjustments(invoice.id))],
            await repo.earlierTaxes(invoice.id),
          )
        : linesForItems(invoice, input.lines ?? [], invoiceLines, await repo.taxRates(), await repo.creditedQuantities(invoice.id));

    const creditable = BigInt(invoice.total) - BigInt(invoice.amount_credited);
    if (totals.total <= 0n) throw AppError.validation(input.amount !== undefined ? 'amount' : 'lines', 'must credit more than zero');
    if (totals.total > creditable) {
      throw new AppError('conflict', `The credit note (${formatAmount(totals.total, invoice.currency)}) exceeds what is left to credit on this invoice (${formatAmount(creditable, invoice.currency)})`, [
        { path: input.amount !== undefined ? 'amount' : 'lines', message: `must be at most ${formatAmount(creditable, invoice.currency)}` },
      ]);
    }

    // Before the number counter (the lock order): it may write the logo to document_assets.
    const brandingSnapshot = await snapshotBranding(trx, ctx.orgId, invoice.customer_id, nowIso(ctx.clock));
    const org = await trx.selectFrom('organizations').select('credit_note_number_format').where('id', '=', ctx.orgId).executeTakeFirstOrThrow();
    const issueDate = input.issue_date ?? todayIn(ctx);
    const format = org.credit_note_number_format;
    const sequence = await nextSequenceValue(trx, ctx.orgId, 'credit_note', sequenceScope(format, issueDate));
    await assertIssueDateInOrder(trx, ctx.orgId, 'credit_note', sequenceScope(format, issueDate), issueDate);
    const applied = totals.total < BigInt(invoice.amount_due) ? totals.total : BigInt(invoice.amount_due);
    const creditAmount = totals.total - applied;
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
      taxes: JSON.stringify(
        totals.taxes.map((t) => ({
          tax_rate_id: t.key === 'none' ? null : t.key,
          category: t.category,
          percentage: t.percentage,
          exemption_reason: lines.find((line) => (line.tax_rate_id ?? 'none') === t.key)?.tax.exemption_reason ?? null,
          exemption_reason_code: lines.find((line) => (line.tax_rate_id ?? 'none') === t.key)?.tax.exemption_reason_code ?? null,
          taxable_amount: Number(t.taxable_amount),
          tax_amount: Number(t.tax_amount),
        })),
      ),
      lines: JSON.stringify(lines.map(({ amount: _amount, ...line }, i) => ({ ...line, net_amount: Number(totals.lines[i]?.net_amount ?? 0n) }))),
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
