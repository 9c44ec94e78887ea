/**
 * Rules of the profiles Settle writes that the EN 16931 core rules (einvoice-rules/) do not
 * cover: Peppol BIS Billing 3.0 needs both parties' electronic addresses; XRechnung 3.0
 * (the German CIUS) needs the buyer reference (Leitweg-ID), payment instructions and the
 * seller's contact, city and post code. The official Peppol and XRechnung Schematron are not
 * on the npm registry, so these are checked here, with the rule ids those Schematrons use.
 * Pure: the document model in, findings out.
 */
import type { EInvoice } from './model.ts';

export interface ProfileFinding {
  rule: string;
  flag: 'fatal';
  location: string;
  message: string;
}

type Format = 'ubl' | 'cii' | 'xrechnung-ubl' | 'xrechnung-cii' | 'facturx';

const finding = (rule: string, location: string, message: string): ProfileFinding => ({ rule, flag: 'fatal', location, message: `[${rule}]-${message}` });
const missing = (value: string | undefined | null) => value === undefined || value === null || value.trim() === '';

export function profileChecks(document: EInvoice, format: Format): ProfileFinding[] {
  const findings: ProfileFinding[] = [];
  const peppol = format === 'ubl' || format === 'xrechnung-ubl' || format === 'xrechnung-cii';
  if (format === 'ubl' && missing(document.buyerReference) && missing(document.purchaseOrderReference)) {
    findings.push(finding('PEPPOL-EN16931-R003', 'BuyerReference', 'A buyer reference (BT-10) or purchase order reference (BT-13) must be provided'));
  }
  if (peppol && document.seller.electronicAddress === undefined) {
    findings.push(finding('PEPPOL-EN16931-R020', 'Seller/EndpointID', "Seller electronic address (BT-34) must be provided"));
  }
  if (peppol && document.buyer.electronicAddress === undefined) {
    findings.push(finding('PEPPOL-EN16931-R010', 'Buyer/EndpointID', 'Buyer electronic address (BT-49) must be provided'));
  }
  if (format === 'xrechnung-ubl' || format === 'xrechnung-cii') {
    const seller = document.seller;
    if (missing(document.buyerReference)) findings.push(finding('BR-DE-15', 'BuyerReference', 'The element "Buyer reference" (BT-10) must be transmitted (the Leitweg-ID)'));
    if (document.paymentInstructions === undefined) findings.push(finding('BR-DE-1', 'PaymentInstructions', 'An invoice must contain payment instructions (BG-16)'));
    if (seller.contact === undefined || missing(seller.contact.name)) {
      findings.push(finding('BR-DE-5', 'Seller/Contact/Name', 'The element "Seller contact point" (BT-41) must be transmitted: the seller needs an e-mail address or telephone number'));
    }
    if (missing(seller.address.city)) findings.push(finding('BR-DE-3', 'Seller/City', 'The element "Seller city" (BT-37) must be transmitted'));
    if (missing(seller.address.postalCode)) findings.push(finding('BR-DE-4', 'Seller/PostCode', 'The element "Seller post code" (BT-38) must be transmitted'));
    if (missing(seller.contact?.phone)) findings.push(finding('BR-DE-6', 'Seller/Contact/Telephone', 'The element "Seller contact telephone number" (BT-42) must be transmitted'));
    if (missing(seller.contact?.email)) findings.push(finding('BR-DE-7', 'Seller/Contact/Email', 'The element "Seller contact email address" (BT-43) must be transmitted'));
    // A seller charging VAT names its VAT id or tax number.
    const charged = document.vatBreakdown.some((row) => row.category !== 'O');
    if (charged && missing(seller.vatId) && missing(seller.taxRegistrationId)) {
      findings.push(finding('BR-DE-16', 'Seller/VATIdentifier', "The seller's VAT identifier (BT-31) or tax number (BT-32) must be transmitted"));
    }
    if (missing(document.buyer.address.city)) findings.push(finding('BR-DE-8', 'Buyer/City', 'The element "Buyer city" (BT-52) must be transmitted'));
    if (missing(document.buyer.address.postalCode)) findings.push(finding('BR-DE-9', 'Buyer/PostCode', 'The element "Buyer post code" (BT-53) must be transmitted'));
  }
  return findings;
}

/**
 * The Settle field a rule is about, so a refusal can say what to fix ("customer.address.city").
 * Rules not listed point at the document as a whole.
 */
const FIELD_OF_RULE: Record<string, string> = {
  'BR-DE-1': 'organization.bank_details.iban',
  'BR-DE-3': 'organization.address.city',
  'BR-DE-4': 'organization.address.postal_code',
  'BR-DE-6': 'organization.phone',
  'BR-DE-7': 'organization.email',
  'BR-DE-8': 'customer.address.city',
  'BR-DE-9': 'customer.address.postal_code',
  'BR-DE-5': 'organization.email',
  'BR-DE-15': 'buyer_reference',
  'BR-DE-16': 'organization.tax_id',
  'PEPPOL-EN16931-R003': 'buyer_reference',
  'PEPPOL-EN16931-R010': 'customer.electronic_address',
  'PEPPOL-EN16931-R020': 'organization.electronic_address',
  'BR-06': 'organization.name',
  'BR-07': 'customer.name',
  'BR-08': 'organization.address',
  'BR-09': 'organization.address.country',
  'BR-10': 'customer.address',
  'BR-11': 'customer.address.country',
  'BR-CO-09': 'organization.tax_id',
  'BR-CO-26': 'organization.tax_id',
  'BR-S-02': 'organization.tax_id',
  'BR-S-03': 'organization.tax_id',
  'BR-S-04': 'organization.tax_id',
  'BR-AE-02': 'customer.tax_id',
  'BR-AE-03': 'customer.tax_id',
  'BR-AE-04': 'customer.tax_id',
  'BR-AE-10': 'tax_rates.exemption_reason',
  'BR-E-10': 'tax_rates.exemption_reason',
  'BR-G-10': 'tax_rates.exemption_reason',
  'BR-IC-02': 'customer.tax_id',
  'BR-IC-10': 'tax_rates.exemption_reason',
  'BR-IC-11': 'delivery_date',
  'BR-IC-12': 'customer.address.country',
  'BR-O-10': 'tax_rates.exemption_reason',
  'BR-O-11': 'lines.tax_rate_id',
  'BR-O-12': 'lines.tax_rate_id',
  'BR-O-13': 'lines.tax_rate_id',
  'BR-O-14': 'lines.tax_rate_id',
  'BR-CO-25': 'due_date',
  'BR-61': 'organization.bank_details.iban',
};

export function fieldOfRule(rule: string): string {
  return FIELD_OF_RULE[rule] ?? 'einvoice';
}
