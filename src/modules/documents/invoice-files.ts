/**
 * The one entry point for printed documents: an invoice or credit note of the context's
 * organization as HTML (with the Content-Security-Policy that page needs) or as a PDF. Used
 * by the preview and PDF routes, the customer's public page and the e-mail worker (which
 * calls these with a system actor context). Anything outside ctx.orgId is a 404.
 */
import type { RequestContext } from '../../kernel/context.ts';
import { loadCreditNoteDocument, loadInvoiceDocument } from './document-data.ts';
import { renderDocumentHtml, type HtmlOptions } from './document-html.ts';
import type { CreditNoteDocumentData, DocumentData, InvoiceDocumentData } from './document-model.ts';
import { documentView } from './document-view.ts';
import { renderFacturXView } from './facturx-pdf.ts';
import { renderDocumentPdf } from './pdf-document.ts';

export { loadCreditNoteDocument, loadInvoiceDocument };
export type { CreditNoteDocumentData, DocumentData, HtmlOptions, InvoiceDocumentData };

export interface DocumentHtml {
  html: string;
  /** Send as the Content-Security-Policy header: it allows exactly this page's inline style. */
  csp: string;
}

export interface DocumentPdf {
  /** Safe characters only, e.g. "Invoice-INV-2026-00001.pdf"; a draft is "Invoice-draft.pdf". */
  filename: string;
  content: Buffer;
}

/** Renders already loaded document data (the bench and tests render without a database). */
export function documentHtml(data: DocumentData, options: HtmlOptions = {}): DocumentHtml {
  return renderDocumentHtml(documentView(data), options);
}

export async function documentPdf(data: DocumentData): Promise<DocumentPdf> {
  const view = documentView(data);
  return { filename: view.filename, content: await renderDocumentPdf(view) };
}

/**
 * The Factur-X / ZUGFeRD PDF of a finalized document: the same pages as documentPdf, as a
 * PDF/A-3b with `ciiXml` (the CII of the same document) embedded as factur-x.xml. A draft
 * is a 409. The file name is the normal PDF's: it is the same invoice, readable by anyone.
 */
export async function documentFacturX(data: DocumentData, ciiXml: string): Promise<DocumentPdf> {
  const view = documentView(data);
  return { filename: view.filename, content: await renderFacturXView(view, ciiXml) };
}

export async function invoiceHtml(ctx: RequestContext, invoiceId: string, options: HtmlOptions = {}): Promise<DocumentHtml> {
  return documentHtml(await loadInvoiceDocument(ctx, invoiceId), options);
}

export async function invoicePdf(ctx: RequestContext, invoiceId: string): Promise<DocumentPdf> {
  return documentPdf(await loadInvoiceDocument(ctx, invoiceId));
}

export async function creditNoteHtml(ctx: RequestContext, creditNoteId: string): Promise<DocumentHtml> {
  return documentHtml(await loadCreditNoteDocument(ctx, creditNoteId));
}

export async function creditNotePdf(ctx: RequestContext, creditNoteId: string): Promise<DocumentPdf> {
  return documentPdf(await loadCreditNoteDocument(ctx, creditNoteId));
}
