/**
 * What the Peppol BIS 3 and XRechnung 3.0 CIUS require on top of EN 16931. The official
 * EN 16931 XSLTs do not check these (their own Schematron is not in einvoice-rules/), so
 * Settle checks them here, before writing, and can name the field the user must fill in.
 * Rule ids are the CIUS's own (BR-DE-*, PEPPOL-EN16931-R*), so a refusal is traceable.
 */

import type { EInvoice, EInvoiceFormat, VatCategoryCode } from './model.ts';

export interface ProfileGap {
  rule: string;
  /** The business term(s) to provide, e.g. "BT-10". */
  term: string;
  message: string;
}

const filled = (value: string | undefined) => value !== undefined && value.trim() !== '';

/** Categories that make the seller a VAT payer in the invoice (BR-DE-16 / BR-S-02 family). */
const VAT_CATEGORIES: readonly VatCategoryCode[] = ['S', 'Z', 'E', 'AE', 'K', 'G', 'L', 'M'];

function peppolGaps(doc: EInvoice): ProfileGap[] {
  const gaps: ProfileGap[] = [];
  if (!filled(doc.buyerReference) && !filled(doc.purchaseOrderReference)) {
    gaps.push({ rule: 'PEPPOL-EN16931-R003', term: 'BT-10', message: 'A buyer reference or purchase order reference MUST be provided.' });
  }
  if (!filled(doc.seller.electronicAddress?.value)) {
    gaps.push({ rule: 'PEPPOL-EN16931-R020', term: 'BT-34', message: "The seller's electronic address MUST be provided." });
  }
  if (!filled(doc.buyer.electronicAddress?.value)) {
    gaps.push({ rule: 'PEPPOL-EN16931-R010', term: 'BT-49', message: "The buyer's electronic address MUST be provided." });
  }
  return gaps;
}

function xrechnungGaps(doc: EInvoice): ProfileGap[] {
  const gaps: ProfileGap[] = [];
  const need = (ok: boolean, rule: string, term: string, message: string) => {
    if (!ok) gaps.push({ rule, term, message });
  };
  const { seller, buyer } = doc;
  need(doc.paymentInstructions !== undefined, 'BR-DE-1', 'BG-16', 'Payment instructions (BG-16) must be provided.');
  need(seller.contact !== undefined, 'BR-DE-2', 'BG-6', 'The seller contact (BG-6) must be provided.');
  need(filled(seller.address.city), 'BR-DE-3', 'BT-37', "The seller's city (BT-37) must be provided.");
  need(filled(seller.address.postalCode), 'BR-DE-4', 'BT-38', "The seller's post code (BT-38) must be provided.");
  need(filled(seller.contact?.name), 'BR-DE-5', 'BT-41', 'The seller contact point (BT-41) must be provided.');
  need(filled(seller.contact?.phone), 'BR-DE-6', 'BT-42', 'The seller contact telephone number (BT-42) must be provided.');
  need(filled(seller.contact?.email), 'BR-DE-7', 'BT-43', 'The seller contact e-mail address (BT-43) must be provided.');
  need(filled(buyer.address.city), 'BR-DE-8', 'BT-52', "The buyer's city (BT-52) must be provided.");
  need(filled(buyer.address.postalCode), 'BR-DE-9', 'BT-53', "The buyer's post code (BT-53) must be provided.");
  need(filled(doc.buyerReference), 'BR-DE-15', 'BT-10', 'The buyer reference (BT-10, e.g. the Leitweg-ID) must be provided.');
  const vatPayer = doc.vatBreakdown.some((b) => VAT_CATEGORIES.includes(b.category));
  need(
    !vatPayer || filled(seller.vatId) || filled(seller.taxRegistrationId),
    'BR-DE-16',
    'BT-31',
    "The seller's VAT identifier (BT-31) or tax registration identifier (BT-32) must be provided.",
  );
  const meansCode = doc.paymentInstructions?.meansCode;
  need(
    !(meansCode === '30' || meansCode === '58') || (doc.paymentInstructions?.creditTransfers ?? []).some((t) => filled(t.iban)),
    'BR-DE-23-a',
    'BT-84',
    'A credit transfer (payment means 30 or 58) needs the payment account (BT-84, IBAN).',
  );
  // XRechnung 3.0 made both electronic addresses mandatory (Peppol's R020/R010 say the same).
  need(filled(seller.electronicAddress?.value), 'XRechnung-3.0 BT-34', 'BT-34', "The seller's electronic address (BT-34) must be provided.");
  need(filled(buyer.electronicAddress?.value), 'XRechnung-3.0 BT-49', 'BT-49', "The buyer's electronic address (BT-49) must be provided.");
  return gaps;
}

/** The profile requirements the document misses for `format` (empty when it can be written). */
export function profileGaps(doc: EInvoice, format: EInvoiceFormat): ProfileGap[] {
  switch (format) {
    case 'ubl':
      return peppolGaps(doc);
    case 'xrechnung-ubl':
    case 'xrechnung-cii':
      return xrechnungGaps(doc);
    case 'cii':
    case 'facturx':
      return [];
  }
}
