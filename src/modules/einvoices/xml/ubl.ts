/**
 * UBL 2.1 Invoice / CreditNote following Peppol BIS Billing 3.0 (and the XRechnung 3.0 CIUS,
 * which only changes CustomizationID). One builder per section, called in the order of the
 * UBL schema sequence, which is normative: a valid element in the wrong place fails XSD
 * validation. The writer prints the model's figures and never computes.
 */

import { create } from 'xmlbuilder2';
import type {
  DocumentAllowanceCharge,
  EInvoice,
  Line,
  LineAllowanceCharge,
  Party,
  Period,
  Seller,
  TaxCategory,
} from '../../../domain/einvoice/model.ts';
import { anyPresent, leaf, PEPPOL_PROFILE, present, requiredLeaf, type Builder } from './common.ts';

const NS = {
  Invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  CreditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
};

/** Per-document context: element names differ between Invoice and CreditNote. */
interface Ctx {
  doc: EInvoice;
  credit: boolean;
  /** currencyID attribute of every amount. */
  cur: { currencyID: string };
}

export function writeUbl(doc: EInvoice, customizationId: string): string {
  const credit = doc.typeCode === '381';
  const rootName = credit ? 'CreditNote' : 'Invoice';
  const ctx: Ctx = { doc, credit, cur: { currencyID: doc.currency } };
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(NS[rootName], rootName, {
    'xmlns:cac': NS.cac,
    'xmlns:cbc': NS.cbc,
  });

  header(root, ctx, customizationId);
  references(root, ctx);
  party(root.ele('cac:AccountingSupplierParty'), doc.seller);
  party(root.ele('cac:AccountingCustomerParty'), doc.buyer);
  delivery(root, ctx);
  payment(root, ctx);
  for (const a of doc.allowances ?? []) documentAllowanceCharge(root, ctx, a, false);
  for (const c of doc.charges ?? []) documentAllowanceCharge(root, ctx, c, true);
  taxTotal(root, ctx);
  monetaryTotal(root, ctx);
  for (const line of doc.lines) invoiceLine(root, ctx, line);
  return root.end({ prettyPrint: true });
}

/** IDs, dates, type, notes, currency, BT-19 and BT-10 (in the schema's order). */
function header(root: Builder, { doc, credit }: Ctx, customizationId: string): void {
  leaf(root, 'cbc:CustomizationID', customizationId);
  leaf(root, 'cbc:ProfileID', PEPPOL_PROFILE);
  requiredLeaf(root, 'cbc:ID', doc.number);
  requiredLeaf(root, 'cbc:IssueDate', doc.issueDate);
  // A UBL CreditNote has no header DueDate: BT-9 goes to PaymentMeans/PaymentDueDate there.
  if (!credit) leaf(root, 'cbc:DueDate', doc.dueDate);
  leaf(root, credit ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode', doc.typeCode);
  for (const note of doc.notes ?? []) {
    // UBL has no separate subject code: EN 16931 binds BT-21 as a "#CODE#" prefix of the note.
    if (present(note.text)) leaf(root, 'cbc:Note', present(note.subjectCode) ? `#${note.subjectCode}#${note.text}` : note.text);
  }
  leaf(root, 'cbc:DocumentCurrencyCode', doc.currency);
  leaf(root, 'cbc:AccountingCost', doc.buyerAccountingReference);
  leaf(root, 'cbc:BuyerReference', doc.buyerReference);
}

function period(parent: Builder, name: string, value: Period | undefined): void {
  if (value === undefined || !anyPresent(value.start, value.end)) return;
  const p = parent.ele(name);
  leaf(p, 'cbc:StartDate', value.start);
  leaf(p, 'cbc:EndDate', value.end);
}

/** BG-14, BT-13/14, BG-3, BT-12. */
function references(root: Builder, { doc }: Ctx): void {
  period(root, 'cac:InvoicePeriod', doc.invoicingPeriod);
  if (anyPresent(doc.purchaseOrderReference, doc.salesOrderReference)) {
    const order = root.ele('cac:OrderReference');
    // OrderReference/ID is mandatory in UBL: EN 16931 says "NA" when only a sales order is known.
    leaf(order, 'cbc:ID', present(doc.purchaseOrderReference) ? doc.purchaseOrderReference : 'NA');
    leaf(order, 'cbc:SalesOrderID', doc.salesOrderReference);
  }
  for (const preceding of doc.precedingInvoices ?? []) {
    const reference = root.ele('cac:BillingReference').ele('cac:InvoiceDocumentReference');
    requiredLeaf(reference, 'cbc:ID', preceding.number);
    leaf(reference, 'cbc:IssueDate', preceding.issueDate);
  }
  if (present(doc.contractReference)) leaf(root.ele('cac:ContractDocumentReference'), 'cbc:ID', doc.contractReference);
}

/** BG-4 / BG-7 (seller and buyer share the shape; BT-32/BT-33 exist for the seller only). */
function party(parent: Builder, party: Party & Partial<Pick<Seller, 'taxRegistrationId' | 'additionalLegalInfo'>>): void {
  const p = parent.ele('cac:Party');
  if (party.electronicAddress !== undefined) {
    leaf(p, 'cbc:EndpointID', party.electronicAddress.value, { schemeID: party.electronicAddress.scheme });
  }
  for (const id of party.identifiers ?? []) {
    if (present(id.value)) leaf(p.ele('cac:PartyIdentification'), 'cbc:ID', id.value, { schemeID: id.scheme });
  }
  if (present(party.tradingName)) leaf(p.ele('cac:PartyName'), 'cbc:Name', party.tradingName);
  address(p, 'cac:PostalAddress', party.address);
  if (present(party.vatId)) taxScheme(p, party.vatId, 'VAT');
  // BT-32: any tax scheme other than VAT; "FC" (fiscal code) is what the German examples use.
  if (present(party.taxRegistrationId)) taxScheme(p, party.taxRegistrationId, 'FC');
  const legal = p.ele('cac:PartyLegalEntity');
  requiredLeaf(legal, 'cbc:RegistrationName', party.name);
  leaf(legal, 'cbc:CompanyID', party.legalRegistrationId?.value, { schemeID: party.legalRegistrationId?.scheme });
  leaf(legal, 'cbc:CompanyLegalForm', party.additionalLegalInfo);
  const contact = party.contact;
  if (contact !== undefined && anyPresent(contact.name, contact.phone, contact.email)) {
    const c = p.ele('cac:Contact');
    leaf(c, 'cbc:Name', contact.name);
    leaf(c, 'cbc:Telephone', contact.phone);
    leaf(c, 'cbc:ElectronicMail', contact.email);
  }
}

function taxScheme(party: Builder, companyId: string, scheme: string): void {
  const t = party.ele('cac:PartyTaxScheme');
  leaf(t, 'cbc:CompanyID', companyId);
  leaf(t.ele('cac:TaxScheme'), 'cbc:ID', scheme);
}

function address(parent: Builder, name: string, a: Party['address']): void {
  const p = parent.ele(name);
  leaf(p, 'cbc:StreetName', a.line1);
  leaf(p, 'cbc:AdditionalStreetName', a.line2);
  leaf(p, 'cbc:CityName', a.city);
  leaf(p, 'cbc:PostalZone', a.postalCode);
  leaf(p, 'cbc:CountrySubentity', a.countrySubdivision);
  if (present(a.line3)) leaf(p.ele('cac:AddressLine'), 'cbc:Line', a.line3);
  requiredLeaf(p.ele('cac:Country'), 'cbc:IdentificationCode', a.country);
}

/** BT-72. */
function delivery(root: Builder, { doc }: Ctx): void {
  if (present(doc.deliveryDate)) leaf(root.ele('cac:Delivery'), 'cbc:ActualDeliveryDate', doc.deliveryDate);
}

/** BG-16 payment instructions (one PaymentMeans per account, BG-17 repeats) and BT-20. */
function payment(root: Builder, { doc, credit }: Ctx): void {
  const instructions = doc.paymentInstructions;
  const dueInMeans = credit && present(doc.dueDate);
  if (instructions !== undefined || dueInMeans) {
    const accounts = instructions?.creditTransfers?.length ? instructions.creditTransfers : [undefined];
    for (const account of accounts) {
      const means = root.ele('cac:PaymentMeans');
      // BT-81 is mandatory in BG-16; "1" (instrument not defined) when only a credit note due date is known.
      leaf(means, 'cbc:PaymentMeansCode', instructions?.meansCode ?? '1', { name: instructions?.meansText });
      if (credit) leaf(means, 'cbc:PaymentDueDate', doc.dueDate);
      leaf(means, 'cbc:PaymentID', instructions?.remittanceInformation);
      if (account !== undefined) {
        const fa = means.ele('cac:PayeeFinancialAccount');
        requiredLeaf(fa, 'cbc:ID', account.iban);
        leaf(fa, 'cbc:Name', account.accountName);
        if (present(account.bic)) leaf(fa.ele('cac:FinancialInstitutionBranch'), 'cbc:ID', account.bic);
      }
    }
  }
  if (present(doc.paymentTerms)) leaf(root.ele('cac:PaymentTerms'), 'cbc:Note', doc.paymentTerms);
}

function taxCategory(parent: Builder, name: string, tax: TaxCategory, exemption?: { reason?: string; code?: string }): void {
  const t = parent.ele(name);
  requiredLeaf(t, 'cbc:ID', tax.category);
  // Category O ("not subject to VAT") must carry no rate (BR-O-05 and friends).
  if (tax.category !== 'O') leaf(t, 'cbc:Percent', tax.percent);
  leaf(t, 'cbc:TaxExemptionReasonCode', exemption?.code);
  leaf(t, 'cbc:TaxExemptionReason', exemption?.reason);
  leaf(t.ele('cac:TaxScheme'), 'cbc:ID', 'VAT');
}

/** Shared by document (BG-20/21) and line (BG-27/28) allowances and charges. */
function allowanceChargeBody(ac: Builder, { cur }: Ctx, a: LineAllowanceCharge, charge: boolean): void {
  leaf(ac, 'cbc:ChargeIndicator', charge ? 'true' : 'false');
  leaf(ac, 'cbc:AllowanceChargeReasonCode', a.reasonCode);
  leaf(ac, 'cbc:AllowanceChargeReason', a.reason);
  leaf(ac, 'cbc:MultiplierFactorNumeric', a.percentage);
  requiredLeaf(ac, 'cbc:Amount', a.amount, cur);
  leaf(ac, 'cbc:BaseAmount', a.baseAmount, cur);
}

function documentAllowanceCharge(root: Builder, ctx: Ctx, a: DocumentAllowanceCharge, charge: boolean): void {
  const ac = root.ele('cac:AllowanceCharge');
  allowanceChargeBody(ac, ctx, a, charge);
  taxCategory(ac, 'cac:TaxCategory', a.tax);
}

/** BT-110 and BG-23. */
function taxTotal(root: Builder, { doc, cur }: Ctx): void {
  const total = root.ele('cac:TaxTotal');
  requiredLeaf(total, 'cbc:TaxAmount', doc.totals.taxTotal, cur);
  for (const b of doc.vatBreakdown) {
    const sub = total.ele('cac:TaxSubtotal');
    requiredLeaf(sub, 'cbc:TaxableAmount', b.taxableAmount, cur);
    requiredLeaf(sub, 'cbc:TaxAmount', b.taxAmount, cur);
    taxCategory(sub, 'cac:TaxCategory', { category: b.category, percent: b.percent }, { reason: b.exemptionReason, code: b.exemptionReasonCode });
  }
}

/** BG-22, printed verbatim. */
function monetaryTotal(root: Builder, { doc, cur }: Ctx): void {
  const t = doc.totals;
  const m = root.ele('cac:LegalMonetaryTotal');
  requiredLeaf(m, 'cbc:LineExtensionAmount', t.lineTotal, cur);
  requiredLeaf(m, 'cbc:TaxExclusiveAmount', t.taxExclusive, cur);
  requiredLeaf(m, 'cbc:TaxInclusiveAmount', t.taxInclusive, cur);
  leaf(m, 'cbc:AllowanceTotalAmount', t.allowanceTotal, cur);
  leaf(m, 'cbc:ChargeTotalAmount', t.chargeTotal, cur);
  leaf(m, 'cbc:PrepaidAmount', t.prepaid, cur);
  leaf(m, 'cbc:PayableRoundingAmount', t.rounding, cur);
  requiredLeaf(m, 'cbc:PayableAmount', t.payable, cur);
}

/** BG-25 with BG-26…BG-31. */
function invoiceLine(root: Builder, ctx: Ctx, line: Line): void {
  const { credit, cur } = ctx;
  const l = root.ele(credit ? 'cac:CreditNoteLine' : 'cac:InvoiceLine');
  requiredLeaf(l, 'cbc:ID', line.id);
  leaf(l, 'cbc:Note', line.note);
  requiredLeaf(l, credit ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity', line.quantity, { unitCode: line.unitCode });
  requiredLeaf(l, 'cbc:LineExtensionAmount', line.netAmount, cur);
  period(l, 'cac:InvoicePeriod', line.period);
  if (present(line.orderLineReference)) leaf(l.ele('cac:OrderLineReference'), 'cbc:LineID', line.orderLineReference);
  for (const a of line.allowances ?? []) allowanceChargeBody(l.ele('cac:AllowanceCharge'), ctx, a, false);
  for (const c of line.charges ?? []) allowanceChargeBody(l.ele('cac:AllowanceCharge'), ctx, c, true);
  item(l, line);
  price(l, ctx, line);
}

function item(l: Builder, line: Line): void {
  const it = line.item;
  const i = l.ele('cac:Item');
  leaf(i, 'cbc:Description', it.description);
  requiredLeaf(i, 'cbc:Name', it.name);
  if (present(it.buyerId)) leaf(i.ele('cac:BuyersItemIdentification'), 'cbc:ID', it.buyerId);
  if (present(it.sellerId)) leaf(i.ele('cac:SellersItemIdentification'), 'cbc:ID', it.sellerId);
  if (it.standardId !== undefined && present(it.standardId.value)) {
    leaf(i.ele('cac:StandardItemIdentification'), 'cbc:ID', it.standardId.value, { schemeID: it.standardId.scheme });
  }
  if (present(it.originCountry)) leaf(i.ele('cac:OriginCountry'), 'cbc:IdentificationCode', it.originCountry);
  for (const c of it.classifications ?? []) {
    if (!present(c.code)) continue;
    leaf(i.ele('cac:CommodityClassification'), 'cbc:ItemClassificationCode', c.code, { listID: c.listId, listVersionID: c.listVersion });
  }
  taxCategory(i, 'cac:ClassifiedTaxCategory', line.tax);
}

/** BG-29: net price, base quantity, and the gross price with its discount (informative). */
function price(l: Builder, { cur }: Ctx, line: Line): void {
  const p = l.ele('cac:Price');
  requiredLeaf(p, 'cbc:PriceAmount', line.price.net, cur);
  leaf(p, 'cbc:BaseQuantity', line.price.baseQuantity, { unitCode: line.price.baseUnitCode ?? line.unitCode });
  if (present(line.price.gross) || present(line.price.discount)) {
    const ac = p.ele('cac:AllowanceCharge');
    leaf(ac, 'cbc:ChargeIndicator', 'false');
    requiredLeaf(ac, 'cbc:Amount', line.price.discount ?? '0', cur);
    leaf(ac, 'cbc:BaseAmount', line.price.gross, cur);
  }
}
