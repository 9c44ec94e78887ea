/**
 * Reads one of the EN 16931 example invoices (UBL) into the API requests that re-create it in
 * Settle: the seller as the organization's settings, the buyer as a customer, the tax rates,
 * and the draft invoice with its lines, allowances, charges and references. Test-only; the
 * expected figures come from the file (parse-einvoice.ts reads them).
 */
import { all, at, attribute, one, parseXml, required, text, type XmlNode } from '../unit/domain/einvoice/xml.ts';

export interface ExampleTaxRate {
  key: string;
  category: string;
  percentage: string;
  exemption_reason: string | null;
  exemption_reason_code: string | null;
}

export interface ExampleScenario {
  number: string;
  organization: Record<string, unknown>;
  customer: Record<string, unknown>;
  taxRates: ExampleTaxRate[];
  /** The draft; every tax_rate_id holds an ExampleTaxRate key to replace with the created rate's id. */
  invoice: Record<string, any>;
}

const compact = <T extends Record<string, unknown>>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null && v !== '')) as T;

function address(node: XmlNode | undefined): Record<string, unknown> | null {
  if (node === undefined) return null;
  return compact({
    line1: text(node, 'StreetName'),
    line2: text(node, 'AdditionalStreetName'),
    city: text(node, 'CityName'),
    postal_code: text(node, 'PostalZone'),
    region: text(node, 'CountrySubentity'),
    country: required(node, 'Country', 'IdentificationCode'),
  });
}

function electronicAddress(party: XmlNode | undefined): { scheme: string; value: string } | null {
  const endpoint = one(party, 'EndpointID');
  if (endpoint === undefined) return null;
  return { scheme: attribute(endpoint, 'schemeID') ?? 'EM', value: text(party, 'EndpointID') ?? '' };
}

function vatId(party: XmlNode | undefined): string | null {
  const vat = all(party, 'PartyTaxScheme').find((scheme) => text(scheme, 'TaxScheme', 'ID') === 'VAT');
  return text(vat, 'CompanyID') ?? null;
}

function taxRegistration(party: XmlNode | undefined): string | null {
  const other = all(party, 'PartyTaxScheme').find((scheme) => text(scheme, 'TaxScheme', 'ID') !== 'VAT');
  return text(other, 'CompanyID') ?? null;
}

function partyName(party: XmlNode | undefined): string {
  return text(party, 'PartyLegalEntity', 'RegistrationName') ?? required(party, 'PartyName', 'Name');
}

export function exampleScenario(xml: string): ExampleScenario {
  const root = one(parseXml(xml), 'Invoice');
  if (root === undefined) throw new Error('Not a UBL invoice');
  const currency = required(root, 'DocumentCurrencyCode');
  const seller = at(root, 'AccountingSupplierParty', 'Party');
  const buyer = at(root, 'AccountingCustomerParty', 'Party');

  // One rate per category and percentage, with the breakdown's exemption reason.
  const rates = new Map<string, ExampleTaxRate>();
  const breakdown = all(root, 'TaxTotal')
    .flatMap((total) => all(total, 'TaxSubtotal'))
    .map((sub) => one(sub, 'TaxCategory'));
  const rateKey = (category: XmlNode | undefined) => {
    const code = required(category, 'ID');
    const percentage = String(Number(text(category, 'Percent') ?? '0'));
    const key = `${code}:${percentage}`;
    if (!rates.has(key)) {
      const stated = breakdown.find((b) => text(b, 'ID') === code && String(Number(text(b, 'Percent') ?? '0')) === percentage);
      rates.set(key, { key, category: code, percentage, exemption_reason: text(stated, 'TaxExemptionReason') ?? null, exemption_reason_code: text(stated, 'TaxExemptionReasonCode') ?? null });
    }
    return key;
  };

  const lines = all(root, 'InvoiceLine').map((line) => {
    const price = one(line, 'Price');
    const period = one(line, 'InvoicePeriod');
    return compact({
      description: text(line, 'Item', 'Name') ?? required(line, 'Item', 'Description'),
      quantity: required(line, 'InvoicedQuantity'),
      unit_code: attribute(one(line, 'InvoicedQuantity'), 'unitCode'),
      unit_price: required(price, 'PriceAmount'),
      base_quantity: text(price, 'BaseQuantity'),
      tax_rate_id: rateKey(at(line, 'Item', 'ClassifiedTaxCategory')),
      period_start: text(period, 'StartDate'),
      period_end: text(period, 'EndDate'),
    });
  });
  const adjustments = all(root, 'AllowanceCharge').map((a) => ({
    charge: text(a, 'ChargeIndicator') === 'true',
    body: { reason: text(a, 'AllowanceChargeReason') ?? 'Adjustment', amount: required(a, 'Amount'), tax_rate_id: rateKey(one(a, 'TaxCategory')) },
  }));
  const invoicePeriod = one(root, 'InvoicePeriod');
  const bank = at(root, 'PaymentMeans', 'PayeeFinancialAccount');
  const sellerContact = one(seller, 'Contact');

  return {
    number: required(root, 'ID'),
    organization: {
      name: partyName(seller),
      address: address(one(seller, 'PostalAddress')),
      tax_id: vatId(seller),
      tax_registration_id: taxRegistration(seller),
      legal_registration_id: text(seller, 'PartyLegalEntity', 'CompanyID') ?? null,
      electronic_address: electronicAddress(seller),
      email: text(sellerContact, 'ElectronicMail') ?? null,
      phone: text(sellerContact, 'Telephone') ?? null,
      currency,
      bank_details: bank === undefined ? null : compact({ iban: text(bank, 'ID'), account_holder: text(bank, 'Name'), bic: text(bank, 'FinancialInstitutionBranch', 'ID') }),
    },
    customer: compact({
      name: partyName(buyer),
      address: address(one(buyer, 'PostalAddress')),
      tax_id: vatId(buyer),
      legal_registration_id: text(buyer, 'PartyLegalEntity', 'CompanyID'),
      electronic_address: electronicAddress(buyer),
      email: text(buyer, 'Contact', 'ElectronicMail'),
      currency,
    }),
    taxRates: [...rates.values()],
    invoice: compact({
      currency,
      issue_date: required(root, 'IssueDate'),
      due_date: text(root, 'DueDate') ?? text(root, 'PaymentMeans', 'PaymentDueDate'),
      buyer_reference: text(root, 'BuyerReference'),
      purchase_order_reference: text(root, 'OrderReference', 'ID'),
      delivery_date: text(root, 'Delivery', 'ActualDeliveryDate'),
      period_start: text(invoicePeriod, 'StartDate'),
      period_end: text(invoicePeriod, 'EndDate'),
      terms: text(root, 'PaymentTerms', 'Note'),
      lines,
      allowances: adjustments.filter((a) => !a.charge).map((a) => a.body),
      charges: adjustments.filter((a) => a.charge).map((a) => a.body),
    }),
  };
}
