/**
 * Test-only: reads an EN 16931 example (UBL or CII) into the semantic model the writers print,
 * so a test can write it back in every syntax and compare. It reads the business terms the
 * model carries and ignores the rest (payee, tax representative, deliver-to party…).
 * Amounts are normalised to the currency's digits ("336.9" → "336.90") like Settle's own.
 */

import type {
  EInvoice,
  Identifier,
  Line,
  LineAllowanceCharge,
  Party,
  Period,
  Seller,
  TaxCategory,
} from '../../../../src/domain/einvoice/model.ts';
import { all, at, attribute, one, parseXml, required, text, type XmlNode } from '../../domain/einvoice/xml.ts';
import { readCii } from './example-model-cii.ts';
import { amountOf, compact, decimal, vatCategory } from './example-values.ts';

const isTrue = (value: string | undefined) => value?.toLowerCase() === 'true';

function identifier(node: XmlNode | undefined): Identifier | undefined {
  const value = text(node);
  return node === undefined || value === undefined ? undefined : compact({ value, scheme: attribute(node, 'schemeID') });
}

function ublPeriod(node: XmlNode | undefined): Period | undefined {
  return node === undefined ? undefined : compact({ start: text(node, 'StartDate'), end: text(node, 'EndDate') });
}

function ublTax(node: XmlNode | undefined): TaxCategory {
  const category = vatCategory(required(node, 'ID'));
  // Some examples state 0 % on category O, which EN 16931 says carries no rate; the model has none.
  return compact({ category, percent: category === 'O' ? undefined : decimal(text(node, 'Percent')) });
}

function ublParty(party: XmlNode | undefined): Party & Seller {
  const address = one(party, 'PostalAddress');
  const taxSchemes = all(party, 'PartyTaxScheme');
  const endpoint = one(party, 'EndpointID');
  const contact = one(party, 'Contact');
  return compact({
    name: required(party, 'PartyLegalEntity', 'RegistrationName'),
    tradingName: text(party, 'PartyName', 'Name'),
    identifiers: all(party, 'PartyIdentification').map((p) => identifier(one(p, 'ID'))!),
    legalRegistrationId: identifier(at(party, 'PartyLegalEntity', 'CompanyID')),
    vatId: text(taxSchemes.find((t) => text(t, 'TaxScheme', 'ID') === 'VAT'), 'CompanyID'),
    taxRegistrationId: text(taxSchemes.find((t) => text(t, 'TaxScheme', 'ID') !== 'VAT'), 'CompanyID'),
    additionalLegalInfo: text(party, 'PartyLegalEntity', 'CompanyLegalForm'),
    electronicAddress: endpoint === undefined ? undefined : { scheme: attribute(endpoint, 'schemeID') ?? '', value: text(endpoint) ?? '' },
    address: compact({
      line1: text(address, 'StreetName'),
      line2: text(address, 'AdditionalStreetName'),
      line3: text(address, 'AddressLine', 'Line'),
      city: text(address, 'CityName'),
      postalCode: text(address, 'PostalZone'),
      countrySubdivision: text(address, 'CountrySubentity'),
      country: required(address, 'Country', 'IdentificationCode'),
    }),
    contact:
      contact === undefined
        ? undefined
        : compact({ name: text(contact, 'Name'), phone: text(contact, 'Telephone'), email: text(contact, 'ElectronicMail') }),
  });
}

function ublAllowanceCharge(node: XmlNode, money: (v: string | undefined) => string | undefined): LineAllowanceCharge {
  return compact({
    amount: money(required(node, 'Amount'))!,
    baseAmount: money(text(node, 'BaseAmount')),
    percentage: decimal(text(node, 'MultiplierFactorNumeric')),
    reason: text(node, 'AllowanceChargeReason'),
    reasonCode: text(node, 'AllowanceChargeReasonCode'),
  });
}

function ublLine(line: XmlNode, credit: boolean, money: (v: string | undefined) => string | undefined): Line {
  const quantity = one(line, credit ? 'CreditedQuantity' : 'InvoicedQuantity');
  const item = one(line, 'Item');
  const price = one(line, 'Price');
  const priceDiscount = one(price, 'AllowanceCharge');
  const adjustments = all(line, 'AllowanceCharge');
  const standard = at(item, 'StandardItemIdentification', 'ID');
  return compact({
    id: required(line, 'ID'),
    note: text(line, 'Note'),
    quantity: decimal(required(quantity))!,
    unitCode: attribute(quantity, 'unitCode') ?? 'C62',
    netAmount: money(required(line, 'LineExtensionAmount'))!,
    orderLineReference: text(line, 'OrderLineReference', 'LineID'),
    period: ublPeriod(one(line, 'InvoicePeriod')),
    allowances: adjustments.filter((a) => !isTrue(text(a, 'ChargeIndicator'))).map((a) => ublAllowanceCharge(a, money)),
    charges: adjustments.filter((a) => isTrue(text(a, 'ChargeIndicator'))).map((a) => ublAllowanceCharge(a, money)),
    price: compact({
      net: decimal(required(price, 'PriceAmount'))!,
      gross: decimal(text(priceDiscount, 'BaseAmount')),
      discount: decimal(text(priceDiscount, 'Amount')),
      baseQuantity: decimal(text(price, 'BaseQuantity')),
      baseUnitCode: attribute(one(price, 'BaseQuantity'), 'unitCode'),
    }),
    tax: ublTax(one(item, 'ClassifiedTaxCategory')),
    item: compact({
      name: required(item, 'Name'),
      description: text(item, 'Description'),
      sellerId: text(item, 'SellersItemIdentification', 'ID'),
      buyerId: text(item, 'BuyersItemIdentification', 'ID'),
      standardId: identifier(standard),
      classifications: all(item, 'CommodityClassification').map((c) => {
        const code = one(c, 'ItemClassificationCode');
        return compact({ code: text(code) ?? '', listId: attribute(code, 'listID') ?? '', listVersion: attribute(code, 'listVersionID') });
      }),
      originCountry: text(item, 'OriginCountry', 'IdentificationCode'),
    }),
  });
}

function readUbl(doc: XmlNode, rootName: 'Invoice' | 'CreditNote'): EInvoice {
  const root = one(doc, rootName);
  const credit = rootName === 'CreditNote';
  const currency = required(root, 'DocumentCurrencyCode');
  const money = amountOf(currency);
  const means = all(root, 'PaymentMeans');
  const taxTotal = all(root, 'TaxTotal').find((t) => attribute(one(t, 'TaxAmount'), 'currencyID') === currency);
  const totals = one(root, 'LegalMonetaryTotal');
  const documentAdjustments = all(root, 'AllowanceCharge').map((a) => ({
    charge: isTrue(text(a, 'ChargeIndicator')),
    value: { ...ublAllowanceCharge(a, money), tax: ublTax(one(a, 'TaxCategory')) },
  }));
  const notes = all(root, 'Note').map((n) => {
    const noteText = text(n) ?? '';
    const coded = /^#([A-Z]{3})#([\s\S]*)$/.exec(noteText);
    return coded ? { subjectCode: coded[1], text: coded[2]! } : { text: noteText };
  });
  return compact({
    typeCode: (required(root, credit ? 'CreditNoteTypeCode' : 'InvoiceTypeCode') === '381' ? '381' : '380'),
    number: required(root, 'ID'),
    issueDate: required(root, 'IssueDate'),
    dueDate: text(root, 'DueDate') ?? text(root, 'PaymentMeans', 'PaymentDueDate'),
    currency,
    notes,
    buyerReference: text(root, 'BuyerReference'),
    buyerAccountingReference: text(root, 'AccountingCost'),
    contractReference: text(root, 'ContractDocumentReference', 'ID'),
    // "NA" is UBL's placeholder for a mandatory OrderReference/ID when only BT-14 is known.
    purchaseOrderReference: text(root, 'OrderReference', 'ID') === 'NA' ? undefined : text(root, 'OrderReference', 'ID'),
    salesOrderReference: text(root, 'OrderReference', 'SalesOrderID'),
    precedingInvoices: all(root, 'BillingReference').map((b) =>
      compact({ number: required(b, 'InvoiceDocumentReference', 'ID'), issueDate: text(b, 'InvoiceDocumentReference', 'IssueDate') }),
    ),
    seller: ublParty(at(root, 'AccountingSupplierParty', 'Party')),
    buyer: ublParty(at(root, 'AccountingCustomerParty', 'Party')),
    deliveryDate: text(root, 'Delivery', 'ActualDeliveryDate'),
    invoicingPeriod: ublPeriod(one(root, 'InvoicePeriod')),
    paymentInstructions:
      means.length === 0
        ? undefined
        : compact({
            meansCode: required(means[0], 'PaymentMeansCode'),
            meansText: attribute(one(means[0], 'PaymentMeansCode'), 'name'),
            remittanceInformation: text(means[0], 'PaymentID'),
            creditTransfers: means
              .map((m) => one(m, 'PayeeFinancialAccount'))
              .filter((a) => a !== undefined)
              .map((a) => compact({ iban: required(a, 'ID'), accountName: text(a, 'Name'), bic: text(a, 'FinancialInstitutionBranch', 'ID') })),
          }),
    paymentTerms: text(root, 'PaymentTerms', 'Note'),
    allowances: documentAdjustments.filter((a) => !a.charge).map((a) => a.value),
    charges: documentAdjustments.filter((a) => a.charge).map((a) => a.value),
    vatBreakdown: all(taxTotal, 'TaxSubtotal').map((s) => {
      const category = one(s, 'TaxCategory');
      return compact({
        ...ublTax(category),
        taxableAmount: money(required(s, 'TaxableAmount'))!,
        taxAmount: money(required(s, 'TaxAmount'))!,
        exemptionReason: text(category, 'TaxExemptionReason'),
        exemptionReasonCode: text(category, 'TaxExemptionReasonCode'),
      });
    }),
    totals: compact({
      lineTotal: money(required(totals, 'LineExtensionAmount'))!,
      allowanceTotal: money(text(totals, 'AllowanceTotalAmount')),
      chargeTotal: money(text(totals, 'ChargeTotalAmount')),
      taxExclusive: money(required(totals, 'TaxExclusiveAmount'))!,
      taxTotal: money(required(taxTotal, 'TaxAmount'))!,
      taxInclusive: money(required(totals, 'TaxInclusiveAmount'))!,
      prepaid: money(text(totals, 'PrepaidAmount')),
      rounding: money(text(totals, 'PayableRoundingAmount')),
      payable: money(required(totals, 'PayableAmount'))!,
    }),
    lines: all(root, credit ? 'CreditNoteLine' : 'InvoiceLine').map((l) => ublLine(l, credit, money)),
  });
}

/** Reads a UBL Invoice/CreditNote or a CII CrossIndustryInvoice into the model. */
export function readExample(xml: string): EInvoice {
  const doc = parseXml(xml);
  if (doc.Invoice !== undefined) return readUbl(doc, 'Invoice');
  if (doc.CreditNote !== undefined) return readUbl(doc, 'CreditNote');
  if (doc.CrossIndustryInvoice !== undefined) return readCii(doc);
  throw new Error('Neither UBL nor CII');
}
