/**
 * Loads what a document is printed from, for one organization: the invoice or credit note
 * as the API shows it, the seller and the branding (frozen on the document once finalized;
 * the organization as it is now for a draft) and the customer's language. 404 for anything
 * outside the context's organization.
 */
import { documentLocale } from '../../domain/document-language.ts';
import { invoiceDocumentCustomFields } from '../../db/custom-fields.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { AppError } from '../../shared/errors.ts';
import { CreditNotesRepo, creditNoteOut } from '../credit-notes/credit-notes.repo.ts';
import { loadInvoiceOut, sellerOf } from '../invoices/invoice-view.ts';
import { InvoicesRepo } from '../invoices/invoices.repo.ts';
import { documentLanguage } from './document-labels.ts';
import { brandingOf, type CreditNoteDocumentData, type DocumentParty, type InvoiceDocumentData } from './document-model.ts';
import { DocumentsRepo } from './documents.repo.ts';
import { frozenBranding } from './frozen-branding.ts';

/**
 * The organization, customer, branding and language a document prints with. An issued
 * document with a branding snapshot prints the branding (and language) frozen at issue
 * (organizations/branding-snapshot.ts); a draft, the live ones.
 */
export async function organizationParts(ctx: RequestContext, customerId: string, brandingSnapshot: string | null) {
  const repo = new DocumentsRepo(ctx.db.kysely, ctx.orgId);
  const [org, customer] = await Promise.all([repo.organization(), repo.customer(customerId)]);
  if (!org) throw AppError.notFound('Organization');
  const frozen = brandingSnapshot === null ? null : await frozenBranding(ctx.db.kysely, ctx.orgId, brandingSnapshot);
  const branding = frozen?.branding ?? brandingOf(org, await repo.logo());
  const locale = frozen?.locale ?? documentLocale(customer?.language, org.locale);
  return { org, customer, branding, locale, language: documentLanguage(locale) };
}

export async function loadInvoiceDocument(ctx: RequestContext, invoiceId: string): Promise<InvoiceDocumentData> {
  const repo = new InvoicesRepo(ctx.db.kysely, ctx.orgId);
  const row = await repo.find(invoiceId);
  if (!row) throw AppError.notFound('Invoice');
  const [invoice, parts, customFields] = await Promise.all([
    loadInvoiceOut(repo, row, ctx),
    organizationParts(ctx, row.customer_id, row.branding_snapshot),
    invoiceDocumentCustomFields(ctx.db.kysely, ctx.orgId, row),
  ]);
  const seller: DocumentParty = row.seller_snapshot !== null ? (JSON.parse(row.seller_snapshot) as DocumentParty) : sellerOf(parts.org);
  return {
    kind: 'invoice',
    invoice,
    seller,
    branding: parts.branding,
    locale: parts.locale,
    language: parts.language,
    paymentTermsDays: parts.customer?.payment_terms_days ?? parts.org.payment_terms_days,
    customFields,
  };
}

export async function loadCreditNoteDocument(ctx: RequestContext, creditNoteId: string): Promise<CreditNoteDocumentData> {
  const row = await new CreditNotesRepo(ctx.db.kysely, ctx.orgId).find(creditNoteId);
  if (!row) throw AppError.notFound('Credit note');
  const parts = await organizationParts(ctx, row.customer_id, row.branding_snapshot);
  return {
    kind: 'credit_note',
    creditNote: creditNoteOut(row, row.invoice_number),
    seller: JSON.parse(row.seller_snapshot) as DocumentParty,
    branding: parts.branding,
    locale: parts.locale,
    language: parts.language,
  };
}
