/**
 * What the invoices and e-mail modules need of e-invoicing, without depending on the
 * e-invoices module (which reads invoices): the check before an invoice for a customer with
 * an e-invoice format is issued, and the e-invoice to attach when it is sent. The composition
 * root hands the implementation (modules/einvoices) to the modules in AppDeps.
 */
import type { RequestContext } from './context.ts';

export interface EInvoiceAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  /** True for Factur-X: the PDF carries the XML, so it takes the plain PDF's place. */
  replacesPdf: boolean;
}

export interface EInvoicing {
  /**
   * Run before finalizing (outside its transaction): when the customer has an e-invoice format,
   * validates the would-be e-invoice and throws a 422 AppError listing the broken rules and the
   * fields to fix. Returns the draft's updated_at it checked (finalizing refuses a draft changed
   * since), or null when nothing needed checking.
   */
  checkBeforeFinalize(ctx: RequestContext, invoiceId: string): Promise<string | null>;
  /** The e-invoice to attach to e-mails about an issued invoice; null when the customer has no format. */
  attachment(ctx: RequestContext, invoiceId: string): Promise<EInvoiceAttachment | null>;
}
