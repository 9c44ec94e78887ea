/**
 * UN/CEFACT Cross Industry Invoice D16B (EN 16931-3-3 binding), type 380 or 381. Also the
 * Factur-X / ZUGFeRD EN 16931 profile XML and the XRechnung CII variant: only the guideline
 * identifier (BT-24) differs. One builder per section, in the D16B schema's sequence.
 * CII amounts carry no currency attribute, except TaxTotalAmount (BT-110), which must.
 */

import { create } from 'xmlbuilder2';
import type {
  DocumentAllowanceCharge,
  EInvoice,
  IsoDate,
  Line,
  LineAllowanceCharge,
  Party,
  Period,
  Seller,
  TaxCategory,
  VatBreakdown,
} from '../../../domain/einvoice/model.ts';
import { anyPresent, leaf, present, requiredLeaf, type Builder } from './common.ts';

const NS = {
  rsm: 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100',
  ram: 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100',
  qdt: 'urn:un:unece:uncefact:data:standard:QualifiedDataType:100',
  udt: 'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100',
};

export interface CiiOptions {
  guideline: string;
  /** BT-23; Factur-X leaves it out, Peppol/XRechnung name the billing process. */
  businessProcess?: string;
}

export function writeCii(doc: EInvoice, options: CiiOptions): string {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(NS.rsm, 'rsm:CrossIndustryInvoice', {
    'xmlns:ram': NS.ram,
    'xmlns:qdt': NS.qdt,
    'xmlns:udt': NS.udt,
  });
  context(root, options);
  exchangedDocument(root, doc);
  const transaction = root.ele('rsm:SupplyChainTradeTransaction');
  for (const line of doc.lines) lineItem(transaction, line);
  agreement(transaction, doc);
  delivery(transaction, doc);
  settlement(transaction, doc);
  return root.end({ prettyPrint: true });
}

/** "2018-04-13" → udt:DateTimeString format 102 "20180413". */
function dateTime(parent: Builder, name: string, date: IsoDate | undefined, prefix: 'udt' | 'qdt' = 'udt'): void {
  if (!present(date)) return;
  leaf(parent.ele(name), `${prefix}:DateTimeString`, date.replaceAll('-', ''), { format: '102' });
}

function context(root: Builder, options: CiiOptions): void {
  const c = root.ele('rsm:ExchangedDocumentContext');
  if (present(options.businessProcess)) leaf(c.ele('ram:BusinessProcessSpecifiedDocumentContextParameter'), 'ram:ID', options.businessProcess);
  leaf(c.ele('ram:GuidelineSpecifiedDocumentContextParameter'), 'ram:ID', options.guideline);
}

/** BT-1, BT-3, BT-2, BG-1. */
function exchangedDocument(root: Builder, doc: EInvoice): void {
  const d = root.ele('rsm:ExchangedDocument');
  requiredLeaf(d, 'ram:ID', doc.number);
  leaf(d, 'ram:TypeCode', doc.typeCode);
  dateTime(d, 'ram:IssueDateTime', doc.issueDate);
  for (const note of doc.notes ?? []) {
    if (!present(note.text)) continue;
    const n = d.ele('ram:IncludedNote');
    leaf(n, 'ram:Content', note.text);
    leaf(n, 'ram:SubjectCode', note.subjectCode);
  }
}

function period(parent: Builder, value: Period | undefined): void {
  if (value === undefined || !anyPresent(value.start, value.end)) return;
  const p = parent.ele('ram:BillingSpecifiedPeriod');
  dateTime(p, 'ram:StartDateTime', value.start);
  dateTime(p, 'ram:EndDateTime', value.end);
}

function tradeTax(parent: Builder, name: string, tax: TaxCategory): void {
  const t = parent.ele(name);
  leaf(t, 'ram:TypeCode', 'VAT');
  requiredLeaf(t, 'ram:CategoryCode', tax.category);
  // Category O carries no rate (BR-O-05…).
  if (tax.category !== 'O') leaf(t, 'ram:RateApplicablePercent', tax.percent);
}

/** Shared by BG-20/21 and BG-27/28; document ones add their tax category. */
function allowanceCharge(parent: Builder, a: LineAllowanceCharge, charge: boolean, tax?: TaxCategory): void {
  const ac = parent.ele('ram:SpecifiedTradeAllowanceCharge');
  leaf(ac.ele('ram:ChargeIndicator'), 'udt:Indicator', charge ? 'true' : 'false');
  leaf(ac, 'ram:CalculationPercent', a.percentage);
  leaf(ac, 'ram:BasisAmount', a.baseAmount);
  requiredLeaf(ac, 'ram:ActualAmount', a.amount);
  leaf(ac, 'ram:ReasonCode', a.reasonCode);
  leaf(ac, 'ram:Reason', a.reason);
  if (tax !== undefined) tradeTax(ac, 'ram:CategoryTradeTax', tax);
}

/** BG-25 with BG-26…BG-31. */
function lineItem(transaction: Builder, line: Line): void {
  const li = transaction.ele('ram:IncludedSupplyChainTradeLineItem');
  const docLine = li.ele('ram:AssociatedDocumentLineDocument');
  requiredLeaf(docLine, 'ram:LineID', line.id);
  if (present(line.note)) leaf(docLine.ele('ram:IncludedNote'), 'ram:Content', line.note);

  const it = line.item;
  const product = li.ele('ram:SpecifiedTradeProduct');
  if (it.standardId !== undefined) leaf(product, 'ram:GlobalID', it.standardId.value, { schemeID: it.standardId.scheme });
  leaf(product, 'ram:SellerAssignedID', it.sellerId);
  leaf(product, 'ram:BuyerAssignedID', it.buyerId);
  requiredLeaf(product, 'ram:Name', it.name);
  leaf(product, 'ram:Description', it.description);
  for (const c of it.classifications ?? []) {
    if (!present(c.code)) continue;
    leaf(product.ele('ram:DesignatedProductClassification'), 'ram:ClassCode', c.code, { listID: c.listId, listVersionID: c.listVersion });
  }
  if (present(it.originCountry)) leaf(product.ele('ram:OriginTradeCountry'), 'ram:ID', it.originCountry);

  const agreement = li.ele('ram:SpecifiedLineTradeAgreement');
  if (present(line.orderLineReference)) leaf(agreement.ele('ram:BuyerOrderReferencedDocument'), 'ram:LineID', line.orderLineReference);
  const basis = { unitCode: line.price.baseUnitCode ?? line.unitCode };
  if (present(line.price.gross)) {
    const gross = agreement.ele('ram:GrossPriceProductTradePrice');
    leaf(gross, 'ram:ChargeAmount', line.price.gross);
    leaf(gross, 'ram:BasisQuantity', line.price.baseQuantity, basis);
    if (present(line.price.discount)) {
      const discount = gross.ele('ram:AppliedTradeAllowanceCharge');
      leaf(discount.ele('ram:ChargeIndicator'), 'udt:Indicator', 'false');
      leaf(discount, 'ram:ActualAmount', line.price.discount);
    }
  }
  const net = agreement.ele('ram:NetPriceProductTradePrice');
  requiredLeaf(net, 'ram:ChargeAmount', line.price.net);
  leaf(net, 'ram:BasisQuantity', line.price.baseQuantity, basis);

  requiredLeaf(li.ele('ram:SpecifiedLineTradeDelivery'), 'ram:BilledQuantity', line.quantity, { unitCode: line.unitCode });

  const settlement = li.ele('ram:SpecifiedLineTradeSettlement');
  tradeTax(settlement, 'ram:ApplicableTradeTax', line.tax);
  period(settlement, line.period);
  for (const a of line.allowances ?? []) allowanceCharge(settlement, a, false);
  for (const c of line.charges ?? []) allowanceCharge(settlement, c, true);
  requiredLeaf(settlement.ele('ram:SpecifiedTradeSettlementLineMonetarySummation'), 'ram:LineTotalAmount', line.netAmount);
}

/** BG-4 / BG-7 as a ram:TradeParty (BT-32/BT-33 exist for the seller only). */
function tradeParty(parent: Builder, name: string, party: Party & Partial<Pick<Seller, 'taxRegistrationId' | 'additionalLegalInfo'>>): void {
  const p = parent.ele(name);
  // BT-29/BT-46: an ID without scheme, or a GlobalID with its ISO 6523 scheme. IDs precede GlobalIDs.
  for (const id of party.identifiers ?? []) if (!present(id.scheme)) leaf(p, 'ram:ID', id.value);
  for (const id of party.identifiers ?? []) if (present(id.scheme)) leaf(p, 'ram:GlobalID', id.value, { schemeID: id.scheme });
  requiredLeaf(p, 'ram:Name', party.name);
  leaf(p, 'ram:Description', party.additionalLegalInfo);
  if (anyPresent(party.legalRegistrationId?.value, party.tradingName)) {
    const legal = p.ele('ram:SpecifiedLegalOrganization');
    leaf(legal, 'ram:ID', party.legalRegistrationId?.value, { schemeID: party.legalRegistrationId?.scheme });
    leaf(legal, 'ram:TradingBusinessName', party.tradingName);
  }
  const contact = party.contact;
  if (contact !== undefined && anyPresent(contact.name, contact.phone, contact.email)) {
    const c = p.ele('ram:DefinedTradeContact');
    leaf(c, 'ram:PersonName', contact.name);
    if (present(contact.phone)) leaf(c.ele('ram:TelephoneUniversalCommunication'), 'ram:CompleteNumber', contact.phone);
    if (present(contact.email)) leaf(c.ele('ram:EmailURIUniversalCommunication'), 'ram:URIID', contact.email);
  }
  const a = party.address;
  const address = p.ele('ram:PostalTradeAddress');
  leaf(address, 'ram:PostcodeCode', a.postalCode);
  leaf(address, 'ram:LineOne', a.line1);
  leaf(address, 'ram:LineTwo', a.line2);
  leaf(address, 'ram:LineThree', a.line3);
  leaf(address, 'ram:CityName', a.city);
  requiredLeaf(address, 'ram:CountryID', a.country);
  leaf(address, 'ram:CountrySubDivisionName', a.countrySubdivision);
  if (party.electronicAddress !== undefined && present(party.electronicAddress.value)) {
    leaf(p.ele('ram:URIUniversalCommunication'), 'ram:URIID', party.electronicAddress.value, { schemeID: party.electronicAddress.scheme });
  }
  if (present(party.vatId)) leaf(p.ele('ram:SpecifiedTaxRegistration'), 'ram:ID', party.vatId, { schemeID: 'VA' });
  if (present(party.taxRegistrationId)) leaf(p.ele('ram:SpecifiedTaxRegistration'), 'ram:ID', party.taxRegistrationId, { schemeID: 'FC' });
}

/** BT-10, parties, BT-14, BT-13, BT-12. */
function agreement(transaction: Builder, doc: EInvoice): void {
  const a = transaction.ele('ram:ApplicableHeaderTradeAgreement');
  leaf(a, 'ram:BuyerReference', doc.buyerReference);
  tradeParty(a, 'ram:SellerTradeParty', doc.seller);
  tradeParty(a, 'ram:BuyerTradeParty', doc.buyer);
  if (present(doc.salesOrderReference)) leaf(a.ele('ram:SellerOrderReferencedDocument'), 'ram:IssuerAssignedID', doc.salesOrderReference);
  if (present(doc.purchaseOrderReference)) leaf(a.ele('ram:BuyerOrderReferencedDocument'), 'ram:IssuerAssignedID', doc.purchaseOrderReference);
  if (present(doc.contractReference)) leaf(a.ele('ram:ContractReferencedDocument'), 'ram:IssuerAssignedID', doc.contractReference);
}

/** BT-72 (the element itself is mandatory in CII, even when empty). */
function delivery(transaction: Builder, doc: EInvoice): void {
  const d = transaction.ele('ram:ApplicableHeaderTradeDelivery');
  if (present(doc.deliveryDate)) dateTime(d.ele('ram:ActualDeliverySupplyChainEvent'), 'ram:OccurrenceDateTime', doc.deliveryDate);
}

function vatBreakdown(parent: Builder, b: VatBreakdown): void {
  const t = parent.ele('ram:ApplicableTradeTax');
  requiredLeaf(t, 'ram:CalculatedAmount', b.taxAmount);
  leaf(t, 'ram:TypeCode', 'VAT');
  leaf(t, 'ram:ExemptionReason', b.exemptionReason);
  requiredLeaf(t, 'ram:BasisAmount', b.taxableAmount);
  requiredLeaf(t, 'ram:CategoryCode', b.category);
  leaf(t, 'ram:ExemptionReasonCode', b.exemptionReasonCode);
  if (b.category !== 'O') leaf(t, 'ram:RateApplicablePercent', b.percent);
}

/** BT-83, BT-5, BG-16, BG-23, BG-14, BG-20/21, BT-20/BT-9, BG-22, BG-3, BT-19. */
function settlement(transaction: Builder, doc: EInvoice): void {
  const s = transaction.ele('ram:ApplicableHeaderTradeSettlement');
  const instructions = doc.paymentInstructions;
  leaf(s, 'ram:PaymentReference', instructions?.remittanceInformation);
  leaf(s, 'ram:InvoiceCurrencyCode', doc.currency);
  if (instructions !== undefined) {
    const accounts = instructions.creditTransfers?.length ? instructions.creditTransfers : [undefined];
    for (const account of accounts) {
      const means = s.ele('ram:SpecifiedTradeSettlementPaymentMeans');
      leaf(means, 'ram:TypeCode', instructions.meansCode);
      leaf(means, 'ram:Information', instructions.meansText);
      if (account === undefined) continue;
      const fa = means.ele('ram:PayeePartyCreditorFinancialAccount');
      requiredLeaf(fa, 'ram:IBANID', account.iban);
      leaf(fa, 'ram:AccountName', account.accountName);
      if (present(account.bic)) leaf(means.ele('ram:PayeeSpecifiedCreditorFinancialInstitution'), 'ram:BICID', account.bic);
    }
  }
  for (const b of doc.vatBreakdown) vatBreakdown(s, b);
  period(s, doc.invoicingPeriod);
  for (const a of doc.allowances ?? []) documentAllowanceCharge(s, a, false);
  for (const c of doc.charges ?? []) documentAllowanceCharge(s, c, true);
  if (anyPresent(doc.paymentTerms, doc.dueDate)) {
    const terms = s.ele('ram:SpecifiedTradePaymentTerms');
    leaf(terms, 'ram:Description', doc.paymentTerms);
    dateTime(terms, 'ram:DueDateDateTime', doc.dueDate);
  }
  monetarySummation(s, doc);
  for (const preceding of doc.precedingInvoices ?? []) {
    const r = s.ele('ram:InvoiceReferencedDocument');
    requiredLeaf(r, 'ram:IssuerAssignedID', preceding.number);
    dateTime(r, 'ram:FormattedIssueDateTime', preceding.issueDate, 'qdt');
  }
  if (present(doc.buyerAccountingReference)) leaf(s.ele('ram:ReceivableSpecifiedTradeAccountingAccount'), 'ram:ID', doc.buyerAccountingReference);
}

function documentAllowanceCharge(s: Builder, a: DocumentAllowanceCharge, charge: boolean): void {
  allowanceCharge(s, a, charge, a.tax);
}

/** BG-22 in the D16B order (charges before allowances), printed verbatim. */
function monetarySummation(s: Builder, doc: EInvoice): void {
  const t = doc.totals;
  const m = s.ele('ram:SpecifiedTradeSettlementHeaderMonetarySummation');
  requiredLeaf(m, 'ram:LineTotalAmount', t.lineTotal);
  leaf(m, 'ram:ChargeTotalAmount', t.chargeTotal);
  leaf(m, 'ram:AllowanceTotalAmount', t.allowanceTotal);
  requiredLeaf(m, 'ram:TaxBasisTotalAmount', t.taxExclusive);
  requiredLeaf(m, 'ram:TaxTotalAmount', t.taxTotal, { currencyID: doc.currency });
  leaf(m, 'ram:RoundingAmount', t.rounding);
  requiredLeaf(m, 'ram:GrandTotalAmount', t.taxInclusive);
  leaf(m, 'ram:TotalPrepaidAmount', t.prepaid);
  requiredLeaf(m, 'ram:DuePayableAmount', t.payable);
}
