/**
 * An issued invoice or credit note, as Settle prints it, turned into the EN 16931 semantic
 * model the XML writers print. Every figure is Settle's own (the stored totals and tax
 * breakdown), never recomputed here. The seller is the one frozen on the document at
 * issue, the buyer the customer snapshot, the bank account the frozen branding's.
 */
import { formatAmount, parseAmount } from '../../domain/money/index.ts';
import type { DocumentAllowanceCharge, EInvoice, ElectronicAddress, Party, PaymentInstructions, PostalAddress, Seller, VatBreakdown, VatCategoryCode } from '../../domain/einvoice/model.ts';
import type { AddressValue } from '../../kernel/http/schemas.ts';
import type { CreditNoteDocumentData, DocumentParty, InvoiceDocumentData } from '../documents/document-model.ts';
import { einvoiceLine, taxCategoryOf } from './einvoice-lines.ts';

/** What the document's parties may carry beyond the printed fields (snapshots from before #16 have none of it). */
interface EInvoicePartyFields {
  electronic_address?: ElectronicAddress | null;
  legal_registration_id?: string | null;
  tax_registration_id?: string | null;
  country?: string | null;
}

type PartySource = Pick<DocumentParty, 'name' | 'address' | 'tax_id'> & { email?: string | null; phone?: string | null } & EInvoicePartyFields;

/** The default reason (BT-120/121) a category implies, for rates saved without one. */
const IMPLIED_EXEMPTION: Partial<Record<VatCategoryCode, { text: string; code: string }>> = {
  AE: { text: 'Reverse charge', code: 'VATEX-EU-AE' },
  K: { text: 'Intra-community supply', code: 'VATEX-EU-IC' },
  G: { text: 'Export outside the EU', code: 'VATEX-EU-G' },
  O: { text: 'Not subject to VAT', code: 'VATEX-EU-O' },
};

const present = (value: string | null | undefined): value is string => value !== null && value !== undefined && value.trim() !== '';

function postalAddress(address: AddressValue | null, fallbackCountry: string | null | undefined): PostalAddress {
  return {
    ...(present(address?.line1) ? { line1: address.line1 } : {}),
    ...(present(address?.line2) ? { line2: address.line2 } : {}),
    ...(present(address?.city) ? { city: address.city } : {}),
    ...(present(address?.postal_code) ? { postalCode: address.postal_code } : {}),
    ...(present(address?.region) ? { countrySubdivision: address.region } : {}),
    country: address?.country ?? fallbackCountry ?? '',
  };
}

function party(source: PartySource): Party {
  const contact = { ...(present(source.phone) ? { phone: source.phone } : {}), ...(present(source.email) ? { email: source.email } : {}) };
  return {
    name: source.name,
    ...(present(source.tax_id) ? { vatId: source.tax_id } : {}),
    ...(present(source.legal_registration_id) ? { legalRegistrationId: { value: source.legal_registration_id } } : {}),
    ...(source.electronic_address ? { electronicAddress: source.electronic_address } : {}),
    address: postalAddress(source.address, source.country),
    ...(Object.keys(contact).length > 0 ? { contact } : {}),
  };
}

function seller(source: PartySource): Seller {
  return { ...party(source), ...(present(source.tax_registration_id) ? { taxRegistrationId: source.tax_registration_id } : {}) };
}

/** BG-16 from the bank account printed on the document: SEPA credit transfer (58) in euros, else credit transfer (30). */
function paymentInstructions(data: InvoiceDocumentData | CreditNoteDocumentData, currency: string, number: string): PaymentInstructions | undefined {
  const bank = data.branding.bankDetails;
  if (!present(bank?.iban)) return undefined;
  return {
    meansCode: currency === 'EUR' ? '58' : '30',
    remittanceInformation: number,
    creditTransfers: [{ iban: bank.iban.replace(/\s+/g, ''), ...(present(bank.account_holder) ? { accountName: bank.account_holder } : {}), ...(present(bank.bic) ? { bic: bank.bic } : {}) }],
  };
}

interface StoredTaxRow {
  category: string;
  percentage: string;
  exemption_reason: string | null;
  exemption_reason_code?: string | null;
  taxable_amount: string;
  tax_amount: string;
}

function vatBreakdown(taxes: readonly StoredTaxRow[]): VatBreakdown[] {
  return taxes.map((tax) => {
    const { category, percent } = taxCategoryOf(tax);
    const implied = IMPLIED_EXEMPTION[category];
    const text = present(tax.exemption_reason) ? tax.exemption_reason : present(tax.exemption_reason_code) ? undefined : implied?.text;
    const code = present(tax.exemption_reason_code) ? tax.exemption_reason_code : present(tax.exemption_reason) ? undefined : implied?.code;
    // Standard, zero and the Canary/Ceuta categories take no exemption reason (BR-S-10, BR-Z-10, …).
    const exempt = !['S', 'Z', 'L', 'M'].includes(category);
    return {
      category,
      ...(percent !== undefined ? { percent } : {}),
      taxableAmount: tax.taxable_amount,
      taxAmount: tax.tax_amount,
      ...(exempt && text !== undefined ? { exemptionReason: text } : {}),
      ...(exempt && code !== undefined ? { exemptionReasonCode: code } : {}),
    };
  });
}

interface InvoiceEInvoiceFields {
  buyer_reference?: string | null;
  purchase_order_reference?: string | null;
  delivery_date?: string | null;
  period_start?: string | null;
  period_end?: string | null;
}

interface StoredAdjustment {
  reason: string;
  net_amount: string;
  percentage?: string | null;
  base_amount?: string | null;
  tax: { category: string; percentage: string };
}

function documentAdjustment(adjustment: StoredAdjustment, pricesIncludeTax: boolean): DocumentAllowanceCharge {
  // A percentage and its base describe the net amount only when prices exclude tax.
  const described = !pricesIncludeTax && present(adjustment.percentage) && present(adjustment.base_amount);
  return {
    amount: adjustment.net_amount,
    ...(described ? { baseAmount: adjustment.base_amount!, percentage: adjustment.percentage! } : {}),
    reason: adjustment.reason,
    tax: taxCategoryOf(adjustment.tax),
  };
}

/** The e-invoice of an invoice. `number` and dates must be set (a finalized invoice, or a draft given provisional ones). */
export function invoiceModel(data: InvoiceDocumentData): EInvoice {
  const invoice = data.invoice;
  const fields = invoice as typeof invoice & InvoiceEInvoiceFields;
  const currency = invoice.currency;
  const number = invoice.number ?? '';
  const money = (text: string) => parseAmount(text, currency);
  const customer = invoice.customer as typeof invoice.customer & EInvoicePartyFields;
  const payment = paymentInstructions(data, currency, number);
  const period = present(fields.period_start) || present(fields.period_end)
    ? { ...(present(fields.period_start) ? { start: fields.period_start } : {}), ...(present(fields.period_end) ? { end: fields.period_end } : {}) }
    : undefined;
  return {
    typeCode: '380',
    number,
    issueDate: invoice.issue_date ?? '',
    ...(present(invoice.due_date) ? { dueDate: invoice.due_date } : {}),
    currency,
    ...(present(invoice.notes) ? { notes: [{ text: invoice.notes }] } : {}),
    ...(present(fields.buyer_reference) ? { buyerReference: fields.buyer_reference } : {}),
    ...(present(fields.purchase_order_reference) ? { purchaseOrderReference: fields.purchase_order_reference } : {}),
    seller: seller(data.seller),
    buyer: party(customer),
    ...(present(fields.delivery_date) ? { deliveryDate: fields.delivery_date } : {}),
    ...(period ? { invoicingPeriod: period } : {}),
    ...(payment ? { paymentInstructions: payment } : {}),
    ...(present(invoice.terms) ? { paymentTerms: invoice.terms } : {}),
    ...(invoice.allowances.length > 0 ? { allowances: invoice.allowances.map((a) => documentAdjustment(a as StoredAdjustment, invoice.prices_include_tax)) } : {}),
    ...(invoice.charges.length > 0 ? { charges: invoice.charges.map((c) => documentAdjustment(c as StoredAdjustment, invoice.prices_include_tax)) } : {}),
    vatBreakdown: vatBreakdown(invoice.taxes),
    totals: {
      lineTotal: invoice.subtotal,
      ...(invoice.allowances.length > 0 ? { allowanceTotal: invoice.allowance_total } : {}),
      ...(invoice.charges.length > 0 ? { chargeTotal: invoice.charge_total } : {}),
      taxExclusive: formatAmount(money(invoice.subtotal) - money(invoice.allowance_total) + money(invoice.charge_total), currency),
      taxTotal: invoice.tax_total,
      taxInclusive: invoice.total,
      payable: invoice.total,
    },
    lines: invoice.lines.map((line, i) => einvoiceLine(line, i, currency, invoice.prices_include_tax)),
  };
}

/** The e-invoice of a credit note (type 381), naming the invoice it credits (BG-3). */
/** What a credit note's e-invoice takes from the invoice it credits. */
export interface CreditedInvoice {
  issue_date: string | null;
  prices_include_tax: boolean;
  buyer_reference: string | null;
  purchase_order_reference: string | null;
}

export function creditNoteModel(data: CreditNoteDocumentData, invoice: CreditedInvoice | undefined): EInvoice {
  const invoiceIssueDate = invoice?.issue_date ?? null;
  const pricesIncludeTax = invoice?.prices_include_tax ?? false;
  const note = data.creditNote;
  const currency = note.currency;
  const customer = note.customer as unknown as PartySource;
  const payment = paymentInstructions(data, currency, note.number);
  return {
    typeCode: '381',
    number: note.number,
    issueDate: note.issue_date,
    currency,
    ...(present(note.reason) ? { notes: [{ text: note.reason }] } : {}),
    // The buyer's references of the invoice apply to its correction too (XRechnung needs BT-10 on both).
    ...(present(invoice?.buyer_reference) ? { buyerReference: invoice.buyer_reference } : {}),
    ...(present(invoice?.purchase_order_reference) ? { purchaseOrderReference: invoice.purchase_order_reference } : {}),
    ...(present(note.invoice_number) ? { precedingInvoices: [{ number: note.invoice_number, ...(present(invoiceIssueDate) ? { issueDate: invoiceIssueDate } : {}) }] } : {}),
    seller: seller(data.seller),
    buyer: party(customer),
    ...(payment ? { paymentInstructions: payment } : {}),
    vatBreakdown: vatBreakdown(note.taxes),
    totals: { lineTotal: note.subtotal, taxExclusive: note.subtotal, taxTotal: note.tax_total, taxInclusive: note.total, payable: note.total },
    lines: note.lines.map((line, i) => einvoiceLine({ ...line, tax: (line as unknown as { tax: { category: string; percentage: string } }).tax }, i, currency, pricesIncludeTax)),
  };
}
