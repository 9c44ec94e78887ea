/**
 * The e-invoice of an issued invoice or credit note, in one of the five formats: the
 * document model (einvoice-model.ts) printed by the writer of the format (xml/), and for
 * Factur-X embedded in the invoice PDF (PDF/A-3b). Drafts have no e-invoice (409): the
 * document must be what the customer receives, with its number.
 */
import type { EInvoice, EInvoiceFormat } from '../../domain/einvoice/model.ts';
import { profileChecks } from '../../domain/einvoice/profile-checks.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { AppError } from '../../shared/errors.ts';
import { documentFacturX, loadCreditNoteDocument, loadInvoiceDocument } from '../documents/invoice-files.ts';
import type { DocumentData } from '../documents/document-model.ts';
import { documentView } from '../documents/document-view.ts';
import { InvoicesRepo } from '../invoices/invoices.repo.ts';
import { creditNoteModel, invoiceModel, type PaymentOptions } from './einvoice-model.ts';
import { validateEInvoice, type EInvoiceValidation } from './validation/validate.ts';
import { writeEInvoice } from './xml/index.ts';

export interface EInvoiceFile {
  filename: string;
  contentType: string;
  content: Buffer;
}

interface Built {
  data: DocumentData;
  model: EInvoice;
}

/** Whether the organization takes payments online (a gateway connected): payment means 68 without a bank account. */
export async function paymentOptions(ctx: RequestContext): Promise<PaymentOptions> {
  const gateway = await ctx.db.kysely.selectFrom('payment_gateways').select('id').where('organization_id', '=', ctx.orgId).executeTakeFirst();
  return { onlinePayments: gateway !== undefined };
}

async function invoiceDocument(ctx: RequestContext, invoiceId: string): Promise<Built> {
  const data = await loadInvoiceDocument(ctx, invoiceId);
  if (data.invoice.status === 'draft') throw AppError.conflict('A draft has no e-invoice yet: finalize it first');
  return { data, model: invoiceModel(data, await paymentOptions(ctx)) };
}

async function creditNoteDocument(ctx: RequestContext, creditNoteId: string): Promise<Built> {
  const data = await loadCreditNoteDocument(ctx, creditNoteId);
  const invoice = await new InvoicesRepo(ctx.db.kysely, ctx.orgId).find(data.creditNote.invoice_id);
  const credited = invoice && {
    issue_date: invoice.issue_date,
    prices_include_tax: invoice.prices_include_tax === 1,
    buyer_reference: invoice.buyer_reference,
    purchase_order_reference: invoice.purchase_order_reference,
  };
  return { data, model: creditNoteModel(data, credited, await paymentOptions(ctx)) };
}

/** The base of the file names: the PDF's name without ".pdf" ("Invoice-INV-2026-00001"). */
function baseName(data: DocumentData): string {
  return documentView(data).filename.replace(/\.pdf$/, '');
}

async function fileOf(built: Built, format: EInvoiceFormat): Promise<EInvoiceFile> {
  const { xml } = writeEInvoice(built.model, format);
  const name = baseName(built.data);
  if (format === 'facturx') {
    const pdf = await documentFacturX(built.data, xml);
    return { filename: `${name}-facturx.pdf`, contentType: 'application/pdf', content: pdf.content };
  }
  return { filename: `${name}-${format}.xml`, contentType: 'application/xml; charset=utf-8', content: Buffer.from(xml, 'utf8') };
}

export async function invoiceEInvoice(ctx: RequestContext, invoiceId: string, format: EInvoiceFormat): Promise<EInvoiceFile> {
  return fileOf(await invoiceDocument(ctx, invoiceId), format);
}

export async function creditNoteEInvoice(ctx: RequestContext, creditNoteId: string, format: EInvoiceFormat): Promise<EInvoiceFile> {
  return fileOf(await creditNoteDocument(ctx, creditNoteId), format);
}

/** The official rules and the profile's own rules on the XML of a model (Factur-X: the embedded CII). */
export async function validateModel(model: EInvoice, format: EInvoiceFormat): Promise<EInvoiceValidation> {
  const { xml } = writeEInvoice(model, format);
  // The CII schema is proven for the writer by its tests (validation/validate.ts says why it is skipped here).
  const result = await validateEInvoice(xml, { schema: false });
  const errors = [...result.errors, ...profileChecks(model, format)];
  return { ...result, valid: errors.length === 0, errors };
}

export async function invoiceEInvoiceValidation(ctx: RequestContext, invoiceId: string, format: EInvoiceFormat): Promise<EInvoiceValidation> {
  return validateModel((await invoiceDocument(ctx, invoiceId)).model, format);
}

export async function creditNoteEInvoiceValidation(ctx: RequestContext, creditNoteId: string, format: EInvoiceFormat): Promise<EInvoiceValidation> {
  return validateModel((await creditNoteDocument(ctx, creditNoteId)).model, format);
}
