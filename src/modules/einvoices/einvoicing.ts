/**
 * The e-invoicing the other modules use through AppDeps.einvoicing (kernel/einvoicing.ts):
 * the check before a draft for a customer with an e-invoice format is issued, and the
 * e-invoice attached when an invoice is e-mailed.
 */
import type { EInvoiceFormat } from '../../domain/einvoice/model.ts';
import { isEInvoiceFormat } from '../../domain/einvoice/model.ts';
import { fieldOfRule } from '../../domain/einvoice/profile-checks.ts';
import { addDays } from '../../domain/dates.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { todayIn } from '../../kernel/context.ts';
import type { EInvoiceAttachment, EInvoicing } from '../../kernel/einvoicing.ts';
import { AppError } from '../../shared/errors.ts';
import { loadInvoiceDocument } from '../documents/invoice-files.ts';
import { invoiceModel } from './einvoice-model.ts';
import { invoiceEInvoice, validateModel } from './einvoice-export.ts';

/** The e-invoice format the customer asked for, or null. */
async function customerFormat(ctx: RequestContext, customerId: string): Promise<EInvoiceFormat | null> {
  const row = await ctx.db.kysely
    .selectFrom('customers')
    .select('einvoice_format')
    .where('organization_id', '=', ctx.orgId)
    .where('id', '=', customerId)
    .executeTakeFirst();
  return isEInvoiceFormat(row?.einvoice_format) ? row.einvoice_format : null;
}

/** Names up to five rules in the message; every rule is in the field errors. */
function refusal(format: EInvoiceFormat, errors: { rule: string; message: string }[]): AppError {
  const rules = [...new Set(errors.map((e) => e.rule))];
  const named = rules.slice(0, 5).join(', ') + (rules.length > 5 ? ` and ${rules.length - 5} more` : '');
  return new AppError(
    'validation',
    `The customer receives e-invoices (${format}), and this invoice's would break ${rules.length === 1 ? 'rule' : 'rules'} ${named}: fix the fields listed, then finalize`,
    errors.map((error) => ({ path: fieldOfRule(error.rule), message: error.message.startsWith('[') ? error.message : `[${error.rule}] ${error.message}` })),
  );
}

async function checkBeforeFinalize(ctx: RequestContext, invoiceId: string): Promise<string | null> {
  const data = await loadInvoiceDocument(ctx, invoiceId);
  const draft = data.invoice;
  if (draft.status !== 'draft' || draft.lines.length === 0) return null; // finalizing refuses these itself
  const format = await customerFormat(ctx, draft.customer_id);
  if (format === null) return null;
  // The document as finalizing will issue it: today's date unless set, the terms' due date, a number.
  const issueDate = draft.issue_date ?? todayIn(ctx);
  const dueDate = draft.due_date ?? (data.paymentTermsDays === null ? null : addDays(issueDate, data.paymentTermsDays));
  const result = await validateModel(invoiceModel({ ...data, invoice: { ...draft, number: draft.number ?? 'PROVISIONAL', issue_date: issueDate, due_date: dueDate } }), format);
  if (!result.valid) throw refusal(format, result.errors);
  return draft.updated_at;
}

async function attachment(ctx: RequestContext, invoiceId: string): Promise<EInvoiceAttachment | null> {
  const { invoice } = await loadInvoiceDocument(ctx, invoiceId);
  const format = await customerFormat(ctx, invoice.customer_id);
  if (format === null || invoice.status === 'draft') return null;
  const file = await invoiceEInvoice(ctx, invoiceId, format);
  return { ...file, replacesPdf: format === 'facturx' };
}

export function createEInvoicing(): EInvoicing {
  return { checkBeforeFinalize, attachment };
}
