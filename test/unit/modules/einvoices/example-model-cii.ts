/**
 * Test-only: the CII half of example-model.ts (UN/CEFACT CrossIndustryInvoice D16B → model).
 */

import type { EInvoice, Line, LineAllowanceCharge, Party, Period, Seller, TaxCategory } from '../../../../src/domain/einvoice/model.ts';
import { all, at, attribute, one, required, text, type XmlNode } from '../../domain/einvoice/xml.ts';
import { amountOf, compact, decimal, vatCategory } from './example-values.ts';

type Money = (value: string | undefined) => string | undefined;

const isTrue = (value: string | undefined) => value?.toLowerCase() === 'true';

/** "20180413" (format 102) → "2018-04-13". */
function date(node: XmlNode | undefined, ...path: string[]): string | undefined {
  const value = text(node, ...path, 'DateTimeString');
  return value === undefined ? undefined : `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
}

function ciiPeriod(node: XmlNode | undefined): Period | undefined {
  return node === undefined ? undefined : compact({ start: date(node, 'StartDateTime'), end: date(node, 'EndDateTime') });
}

function ciiTax(node: XmlNode | undefined): TaxCategory {
  const category = vatCategory(required(node, 'CategoryCode'));
  return compact({ category, percent: category === 'O' ? undefined : decimal(text(node, 'RateApplicablePercent')) });
}

function ciiParty(party: XmlNode | undefined): Party & Seller {
  const address = one(party, 'PostalTradeAddress');
  const registrations = all(party, 'SpecifiedTaxRegistration').map((r) => one(r, 'ID'));
  const legal = one(party, 'SpecifiedLegalOrganization');
  const legalId = one(legal, 'ID');
  const contact = one(party, 'DefinedTradeContact');
  const uri = at(party, 'URIUniversalCommunication', 'URIID');
  return compact({
    name: required(party, 'Name'),
    tradingName: text(legal, 'TradingBusinessName'),
    identifiers: [...all(party, 'ID'), ...all(party, 'GlobalID')].map((id) => compact({ value: text(id) ?? '', scheme: attribute(id, 'schemeID') })),
    legalRegistrationId: legalId === undefined ? undefined : compact({ value: text(legalId) ?? '', scheme: attribute(legalId, 'schemeID') }),
    vatId: text(registrations.find((r) => attribute(r, 'schemeID') === 'VA')),
    taxRegistrationId: text(registrations.find((r) => attribute(r, 'schemeID') === 'FC')),
    additionalLegalInfo: text(party, 'Description'),
    electronicAddress: uri === undefined ? undefined : { scheme: attribute(uri, 'schemeID') ?? '', value: text(uri) ?? '' },
    address: compact({
      line1: text(address, 'LineOne'),
      line2: text(address, 'LineTwo'),
      line3: text(address, 'LineThree'),
      city: text(address, 'CityName'),
      postalCode: text(address, 'PostcodeCode'),
      countrySubdivision: text(address, 'CountrySubDivisionName'),
      country: required(address, 'CountryID'),
    }),
    contact:
      contact === undefined
        ? undefined
        : compact({
            name: text(contact, 'PersonName'),
            phone: text(contact, 'TelephoneUniversalCommunication', 'CompleteNumber'),
            email: text(contact, 'EmailURIUniversalCommunication', 'URIID'),
          }),
  });
}

function ciiAllowanceCharge(node: XmlNode, money: Money): LineAllowanceCharge {
  return compact({
    amount: money(required(node, 'ActualAmount'))!,
    baseAmount: money(text(node, 'BasisAmount')),
    percentage: decimal(text(node, 'CalculationPercent')),
    reason: text(node, 'Reason'),
    reasonCode: text(node, 'ReasonCode'),
  });
}

function ciiLine(item: XmlNode, money: Money): Line {
  const product = one(item, 'SpecifiedTradeProduct');
  const agreement = one(item, 'SpecifiedLineTradeAgreement');
  const net = one(agreement, 'NetPriceProductTradePrice');
  const gross = one(agreement, 'GrossPriceProductTradePrice');
  const settlement = one(item, 'SpecifiedLineTradeSettlement');
  const quantity = at(item, 'SpecifiedLineTradeDelivery', 'BilledQuantity');
  const adjustments = all(settlement, 'SpecifiedTradeAllowanceCharge');
  const globalId = one(product, 'GlobalID');
  return compact({
    id: required(item, 'AssociatedDocumentLineDocument', 'LineID'),
    note: text(item, 'AssociatedDocumentLineDocument', 'IncludedNote', 'Content'),
    quantity: decimal(required(quantity))!,
    unitCode: attribute(quantity, 'unitCode') ?? 'C62',
    netAmount: money(required(settlement, 'SpecifiedTradeSettlementLineMonetarySummation', 'LineTotalAmount'))!,
    orderLineReference: text(agreement, 'BuyerOrderReferencedDocument', 'LineID'),
    period: ciiPeriod(one(settlement, 'BillingSpecifiedPeriod')),
    allowances: adjustments.filter((a) => !isTrue(text(a, 'ChargeIndicator', 'Indicator'))).map((a) => ciiAllowanceCharge(a, money)),
    charges: adjustments.filter((a) => isTrue(text(a, 'ChargeIndicator', 'Indicator'))).map((a) => ciiAllowanceCharge(a, money)),
    price: compact({
      net: decimal(required(net, 'ChargeAmount'))!,
      gross: decimal(text(gross, 'ChargeAmount')),
      discount: decimal(text(gross, 'AppliedTradeAllowanceCharge', 'ActualAmount')),
      baseQuantity: decimal(text(net, 'BasisQuantity')),
      baseUnitCode: attribute(one(net, 'BasisQuantity'), 'unitCode'),
    }),
    tax: ciiTax(one(settlement, 'ApplicableTradeTax')),
    item: compact({
      name: required(product, 'Name'),
      description: text(product, 'Description'),
      sellerId: text(product, 'SellerAssignedID'),
      buyerId: text(product, 'BuyerAssignedID'),
      standardId: globalId === undefined ? undefined : compact({ value: text(globalId) ?? '', scheme: attribute(globalId, 'schemeID') }),
      classifications: all(product, 'DesignatedProductClassification').map((c) => {
        const code = one(c, 'ClassCode');
        return compact({ code: text(code) ?? '', listId: attribute(code, 'listID') ?? '', listVersion: attribute(code, 'listVersionID') });
      }),
      originCountry: text(product, 'OriginTradeCountry', 'ID'),
    }),
  });
}

export function readCii(doc: XmlNode): EInvoice {
  const root = one(doc, 'CrossIndustryInvoice');
  const document = one(root, 'ExchangedDocument');
  const transaction = one(root, 'SupplyChainTradeTransaction');
  const agreement = one(transaction, 'ApplicableHeaderTradeAgreement');
  const settlement = one(transaction, 'ApplicableHeaderTradeSettlement');
  const currency = required(settlement, 'InvoiceCurrencyCode');
  const money = amountOf(currency);
  const means = all(settlement, 'SpecifiedTradeSettlementPaymentMeans');
  const summation = one(settlement, 'SpecifiedTradeSettlementHeaderMonetarySummation');
  const taxTotals = all(summation, 'TaxTotalAmount');
  const taxTotal = taxTotals.find((t) => attribute(t, 'currencyID') === currency) ?? taxTotals[0];
  const documentAdjustments = all(settlement, 'SpecifiedTradeAllowanceCharge').map((a) => ({
    charge: isTrue(text(a, 'ChargeIndicator', 'Indicator')),
    value: { ...ciiAllowanceCharge(a, money), tax: ciiTax(one(a, 'CategoryTradeTax')) },
  }));
  const accounts = means.flatMap((m) => {
    const account = one(m, 'PayeePartyCreditorFinancialAccount');
    if (account === undefined) return [];
    const iban = text(account, 'IBANID') ?? required(account, 'ProprietaryID');
    return [compact({ iban, accountName: text(account, 'AccountName'), bic: text(m, 'PayeeSpecifiedCreditorFinancialInstitution', 'BICID') })];
  });
  return compact({
    typeCode: required(document, 'TypeCode') === '381' ? '381' : '380',
    number: required(document, 'ID'),
    issueDate: date(document, 'IssueDateTime')!,
    dueDate: date(settlement, 'SpecifiedTradePaymentTerms', 'DueDateDateTime'),
    currency,
    notes: all(document, 'IncludedNote').map((n) => compact({ text: text(n, 'Content') ?? '', subjectCode: text(n, 'SubjectCode') })),
    buyerReference: text(agreement, 'BuyerReference'),
    buyerAccountingReference: text(settlement, 'ReceivableSpecifiedTradeAccountingAccount', 'ID'),
    contractReference: text(agreement, 'ContractReferencedDocument', 'IssuerAssignedID'),
    purchaseOrderReference: text(agreement, 'BuyerOrderReferencedDocument', 'IssuerAssignedID'),
    salesOrderReference: text(agreement, 'SellerOrderReferencedDocument', 'IssuerAssignedID'),
    precedingInvoices: all(settlement, 'InvoiceReferencedDocument').map((r) =>
      compact({ number: required(r, 'IssuerAssignedID'), issueDate: date(r, 'FormattedIssueDateTime') }),
    ),
    seller: ciiParty(one(agreement, 'SellerTradeParty')),
    buyer: ciiParty(one(agreement, 'BuyerTradeParty')),
    deliveryDate: date(transaction, 'ApplicableHeaderTradeDelivery', 'ActualDeliverySupplyChainEvent', 'OccurrenceDateTime'),
    invoicingPeriod: ciiPeriod(one(settlement, 'BillingSpecifiedPeriod')),
    paymentInstructions:
      means.length === 0
        ? undefined
        : compact({
            meansCode: required(means[0], 'TypeCode'),
            meansText: text(means[0], 'Information'),
            remittanceInformation: text(settlement, 'PaymentReference'),
            creditTransfers: accounts,
          }),
    paymentTerms: text(settlement, 'SpecifiedTradePaymentTerms', 'Description'),
    allowances: documentAdjustments.filter((a) => !a.charge).map((a) => a.value),
    charges: documentAdjustments.filter((a) => a.charge).map((a) => a.value),
    vatBreakdown: all(settlement, 'ApplicableTradeTax').map((t) =>
      compact({
        ...ciiTax(t),
        taxableAmount: money(required(t, 'BasisAmount'))!,
        taxAmount: money(required(t, 'CalculatedAmount'))!,
        exemptionReason: text(t, 'ExemptionReason'),
        exemptionReasonCode: text(t, 'ExemptionReasonCode'),
      }),
    ),
    totals: compact({
      lineTotal: money(required(summation, 'LineTotalAmount'))!,
      allowanceTotal: money(text(summation, 'AllowanceTotalAmount')),
      chargeTotal: money(text(summation, 'ChargeTotalAmount')),
      taxExclusive: money(required(summation, 'TaxBasisTotalAmount'))!,
      taxTotal: money(required(taxTotal))!,
      taxInclusive: money(required(summation, 'GrandTotalAmount'))!,
      prepaid: money(text(summation, 'TotalPrepaidAmount')),
      rounding: money(text(summation, 'RoundingAmount')),
      payable: money(required(summation, 'DuePayableAmount'))!,
    }),
    lines: all(transaction, 'IncludedSupplyChainTradeLineItem').map((item) => ciiLine(item, money)),
  });
}
