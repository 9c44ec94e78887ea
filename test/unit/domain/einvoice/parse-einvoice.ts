/**
 * Reads an EN 16931 invoice (UBL 2.1 or UN/CEFACT CII) into the input of computeInvoiceTotals
 * plus the figures the file declares, so a test can recompute and compare them. Test-only:
 * it reads just what the totals need, and fails loudly on anything it cannot represent.
 */

import { DECIMAL_SCALE, formatScaledTrimmed, parseScaled } from '../../../../src/domain/money/index.ts';
import { isTaxCategory, isZeroRateCategory, type InvoiceTotalsInput, type LineInput, type TaxInput } from '../../../../src/domain/tax/index.ts';
import { all, at, attribute, one, parseXml, required, text, type XmlNode } from './xml.ts';

/** Figures as written in the file (decimal strings in the document currency). */
export interface DeclaredTotals {
  lineNets: string[];
  lineTotal: string;
  allowanceTotal: string | undefined;
  chargeTotal: string | undefined;
  taxExclusive: string;
  taxTotal: string;
  taxInclusive: string;
  prepaid: string | undefined;
  rounding: string | undefined;
  payable: string;
  breakdown: { category: string; percentage: string; taxable: string; tax: string }[];
}

export interface ParsedEInvoice {
  syntax: 'UBL' | 'CII';
  input: InvoiceTotalsInput;
  declared: DeclaredTotals;
}

/** "19.00" and "19" are the same rate; the key (our tax_rate_id stand-in) uses the normal form. */
export function normalisePercent(percent: string): string {
  return formatScaledTrimmed(parseScaled(percent, DECIMAL_SCALE), DECIMAL_SCALE);
}

/**
 * EN 16931 forbids a rate on category O (BR-O-05), so files omit it; the totals module wants an
 * explicit percentage, which is 0 for every zero-rate category. Any other missing rate is an error.
 */
function taxOf(category: string, percent: string | undefined): TaxInput {
  let percentage = percent;
  if (percentage === undefined || percentage === '') {
    if (!isTaxCategory(category) || !isZeroRateCategory(category)) throw new Error(`Category ${category} without a rate`);
    percentage = '0';
  }
  return { category, percentage, key: `${category}:${normalisePercent(percentage)}` };
}

/**
 * Line-level allowances and charges as the module's input. EN 16931 subtracts an allowance
 * literally (−100 − 5 = −105 on a return line), while our module mirrors adjustments by the
 * line's sign (a discount on a return reduces the credit). On a negative line, an EN allowance
 * is therefore our charge and vice versa.
 */
function lineAdjustments(
  line: Pick<LineInput, 'quantity'>,
  adjustments: { charge: boolean; amount: string }[],
): Pick<LineInput, 'allowances' | 'charges'> {
  const negative = line.quantity.trim().startsWith('-');
  const allowances = adjustments.filter((a) => a.charge === negative).map((a) => a.amount);
  const charges = adjustments.filter((a) => a.charge !== negative).map((a) => a.amount);
  return { allowances, charges };
}

const isTrue = (value: string | undefined) => value?.toLowerCase() === 'true';

function parseUbl(doc: XmlNode, rootName: 'Invoice' | 'CreditNote'): ParsedEInvoice {
  const root = one(doc, rootName);
  const currency = required(root, 'DocumentCurrencyCode');
  const lineName = rootName === 'Invoice' ? 'InvoiceLine' : 'CreditNoteLine';
  const quantityName = rootName === 'Invoice' ? 'InvoicedQuantity' : 'CreditedQuantity';

  const lineNets: string[] = [];
  const lines: LineInput[] = all(root, lineName).map((line) => {
    lineNets.push(required(line, 'LineExtensionAmount'));
    const taxCategory = at(line, 'Item', 'ClassifiedTaxCategory');
    const base = {
      quantity: required(line, quantityName),
      // PriceAmount is the NET item price (BT-146). A cac:Price/cac:AllowanceCharge only
      // documents how it was derived from the gross price (BT-147/148): not applied again.
      unit_price: required(line, 'Price', 'PriceAmount'),
      base_quantity: text(line, 'Price', 'BaseQuantity') ?? '1',
      tax: taxOf(required(taxCategory, 'ID'), text(taxCategory, 'Percent')),
    };
    // Line allowances/charges (BG-27/28) are direct children of the line.
    const adjustments = all(line, 'AllowanceCharge').map((a) => ({
      charge: isTrue(text(a, 'ChargeIndicator')),
      amount: required(a, 'Amount'),
    }));
    return { ...base, ...lineAdjustments(base, adjustments) };
  });

  const documentAdjustments = all(root, 'AllowanceCharge').map((a) => ({
    charge: isTrue(text(a, 'ChargeIndicator')),
    adjustment: {
      amount: required(a, 'Amount'),
      tax: taxOf(required(a, 'TaxCategory', 'ID'), text(a, 'TaxCategory', 'Percent')),
    },
  }));

  // A second TaxTotal may state the tax in the tax currency (BT-111); ours is the one in the document currency.
  const taxTotal = all(root, 'TaxTotal').find((t) => attribute(one(t, 'TaxAmount'), 'currencyID') === currency);
  const totals = one(root, 'LegalMonetaryTotal');
  return {
    syntax: 'UBL',
    input: {
      currency,
      prices_include_tax: false,
      lines,
      allowances: documentAdjustments.filter((a) => !a.charge).map((a) => a.adjustment),
      charges: documentAdjustments.filter((a) => a.charge).map((a) => a.adjustment),
    },
    declared: {
      lineNets,
      lineTotal: required(totals, 'LineExtensionAmount'),
      allowanceTotal: text(totals, 'AllowanceTotalAmount'),
      chargeTotal: text(totals, 'ChargeTotalAmount'),
      taxExclusive: required(totals, 'TaxExclusiveAmount'),
      taxTotal: required(taxTotal, 'TaxAmount'),
      taxInclusive: required(totals, 'TaxInclusiveAmount'),
      prepaid: text(totals, 'PrepaidAmount'),
      rounding: text(totals, 'PayableRoundingAmount'),
      payable: required(totals, 'PayableAmount'),
      breakdown: all(taxTotal, 'TaxSubtotal').map((s) => ({
        category: required(s, 'TaxCategory', 'ID'),
        percentage: text(s, 'TaxCategory', 'Percent') ?? '0',
        taxable: required(s, 'TaxableAmount'),
        tax: required(s, 'TaxAmount'),
      })),
    },
  };
}

function parseCii(doc: XmlNode): ParsedEInvoice {
  const transaction = at(doc, 'CrossIndustryInvoice', 'SupplyChainTradeTransaction');
  const settlement = one(transaction, 'ApplicableHeaderTradeSettlement');
  const currency = required(settlement, 'InvoiceCurrencyCode');

  const lineNets: string[] = [];
  const lines: LineInput[] = all(transaction, 'IncludedSupplyChainTradeLineItem').map((item) => {
    const lineSettlement = one(item, 'SpecifiedLineTradeSettlement');
    const netPrice = at(item, 'SpecifiedLineTradeAgreement', 'NetPriceProductTradePrice');
    lineNets.push(required(lineSettlement, 'SpecifiedTradeSettlementLineMonetarySummation', 'LineTotalAmount'));
    const tax = one(lineSettlement, 'ApplicableTradeTax');
    const base = {
      quantity: required(item, 'SpecifiedLineTradeDelivery', 'BilledQuantity'),
      // Net price (BT-146); GrossPriceProductTradePrice and its price discount are informative only.
      unit_price: required(netPrice, 'ChargeAmount'),
      base_quantity: text(netPrice, 'BasisQuantity') ?? '1',
      tax: taxOf(required(tax, 'CategoryCode'), text(tax, 'RateApplicablePercent')),
    };
    const adjustments = all(lineSettlement, 'SpecifiedTradeAllowanceCharge').map((a) => ({
      charge: isTrue(text(a, 'ChargeIndicator', 'Indicator')),
      amount: required(a, 'ActualAmount'),
    }));
    return { ...base, ...lineAdjustments(base, adjustments) };
  });

  const documentAdjustments = all(settlement, 'SpecifiedTradeAllowanceCharge').map((a) => ({
    charge: isTrue(text(a, 'ChargeIndicator', 'Indicator')),
    adjustment: {
      amount: required(a, 'ActualAmount'),
      tax: taxOf(required(a, 'CategoryTradeTax', 'CategoryCode'), text(a, 'CategoryTradeTax', 'RateApplicablePercent')),
    },
  }));

  const summation = one(settlement, 'SpecifiedTradeSettlementHeaderMonetarySummation');
  // TaxTotalAmount may appear twice (document and tax currency); take the document currency's.
  const taxTotals = all(summation, 'TaxTotalAmount');
  const taxTotal =
    taxTotals.find((t) => attribute(t, 'currencyID') === currency) ??
    taxTotals.find((t) => attribute(t, 'currencyID') === undefined);
  return {
    syntax: 'CII',
    input: {
      currency,
      prices_include_tax: false,
      lines,
      allowances: documentAdjustments.filter((a) => !a.charge).map((a) => a.adjustment),
      charges: documentAdjustments.filter((a) => a.charge).map((a) => a.adjustment),
    },
    declared: {
      lineNets,
      lineTotal: required(summation, 'LineTotalAmount'),
      allowanceTotal: text(summation, 'AllowanceTotalAmount'),
      chargeTotal: text(summation, 'ChargeTotalAmount'),
      taxExclusive: required(summation, 'TaxBasisTotalAmount'),
      taxTotal: required(taxTotal),
      taxInclusive: required(summation, 'GrandTotalAmount'),
      prepaid: text(summation, 'TotalPrepaidAmount'),
      rounding: text(summation, 'RoundingAmount'),
      payable: required(summation, 'DuePayableAmount'),
      breakdown: all(settlement, 'ApplicableTradeTax').map((t) => ({
        category: required(t, 'CategoryCode'),
        percentage: text(t, 'RateApplicablePercent') ?? '0',
        taxable: required(t, 'BasisAmount'),
        tax: required(t, 'CalculatedAmount'),
      })),
    },
  };
}

/** Parses a UBL Invoice/CreditNote or a CII CrossIndustryInvoice. */
export function parseEInvoice(xml: string): ParsedEInvoice {
  const doc = parseXml(xml);
  if (doc.Invoice !== undefined) return parseUbl(doc, 'Invoice');
  if (doc.CreditNote !== undefined) return parseUbl(doc, 'CreditNote');
  if (doc.CrossIndustryInvoice !== undefined) return parseCii(doc);
  throw new Error('Neither a UBL invoice nor a CII CrossIndustryInvoice');
}
