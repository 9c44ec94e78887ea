/**
 * The EN 16931-1 semantic model of an invoice or credit note, as TypeScript types named by
 * business terms (BT-/BG- numbers in comments). It is syntax-neutral: the UBL and CII writers
 * (src/modules/einvoices/xml) print it, and never compute anything.
 *
 * Conventions, so that Settle's own computed figures appear in the XML exactly:
 * - Amount: a decimal string already formatted with the currency's digits ("336.90", "1500" JPY,
 *   "-12.50" on a return line). The writers print it as is.
 * - Decimal: a normalised decimal string (quantities, unit prices, percentages): "4", "0.125".
 * - IsoDate: "YYYY-MM-DD" (the CII writer turns it into format 102, "YYYYMMDD").
 * - Optional fields are left out of the XML when undefined or empty.
 */
import { isEinvoiceFormat, type EinvoiceFormat } from './formats.ts';

export type Amount = string;
export type Decimal = string;
export type IsoDate = string;

/** BT-3: 380 commercial invoice, 381 credit note (the only two Settle issues). */
export type DocumentTypeCode = '380' | '381';

/** UNTDID 5305 VAT category codes allowed by EN 16931 (BT-95, BT-102, BT-118, BT-151). */
export type VatCategoryCode = 'S' | 'Z' | 'E' | 'AE' | 'K' | 'G' | 'O' | 'L' | 'M';

/** An identifier with an optional scheme (ISO 6523 ICD such as 0088 or 0204). */
export interface Identifier {
  value: string;
  scheme?: string;
}

/** BT-34 / BT-49 electronic address; the scheme (BT-34-1 / BT-49-1) is mandatory: EAS code, e.g. 0088, 9930, EM. */
export interface ElectronicAddress {
  scheme: string;
  value: string;
}

/** BG-5 seller / BG-8 buyer postal address. */
export interface PostalAddress {
  line1?: string; // BT-35 / BT-50
  line2?: string; // BT-36 / BT-51
  line3?: string; // BT-162 / BT-163
  city?: string; // BT-37 / BT-52
  postalCode?: string; // BT-38 / BT-53
  countrySubdivision?: string; // BT-39 / BT-54
  country: string; // BT-40 / BT-55, ISO 3166-1 alpha-2
}

/** BG-6 seller contact / BG-9 buyer contact. */
export interface Contact {
  name?: string; // BT-41 / BT-56
  phone?: string; // BT-42 / BT-57
  email?: string; // BT-43 / BT-58
}

/** BG-4 seller / BG-7 buyer. */
export interface Party {
  name: string; // BT-27 / BT-44
  tradingName?: string; // BT-28 / BT-45
  identifiers?: Identifier[]; // BT-29 / BT-46 (scheme BT-29-1 / BT-46-1)
  legalRegistrationId?: Identifier; // BT-30 / BT-47 (scheme BT-30-1 / BT-47-1)
  vatId?: string; // BT-31 / BT-48, with the country prefix
  electronicAddress?: ElectronicAddress; // BT-34 / BT-49
  address: PostalAddress; // BG-5 / BG-8
  contact?: Contact; // BG-6 / BG-9
}

export interface Seller extends Party {
  taxRegistrationId?: string; // BT-32, the seller's local tax number (e.g. German Steuernummer)
  additionalLegalInfo?: string; // BT-33, e.g. share capital, court of registration
}

export type Buyer = Party;

/** BG-3 preceding invoice reference (a credit note names the invoice it corrects). */
export interface PrecedingInvoice {
  number: string; // BT-25
  issueDate?: IsoDate; // BT-26
}

/** BG-14 invoicing period / BG-26 line period. At least one of the two dates. */
export interface Period {
  start?: IsoDate; // BT-73 / BT-134
  end?: IsoDate; // BT-74 / BT-135
}

/** BG-1 invoice note. */
export interface Note {
  text: string; // BT-22
  subjectCode?: string; // BT-21 (UNTDID 4451, e.g. AAI, REG)
}

/** BG-17 credit transfer. */
export interface CreditTransfer {
  iban: string; // BT-84 payment account identifier (an IBAN for SEPA)
  accountName?: string; // BT-85
  bic?: string; // BT-86 payment service provider identifier
}

/** BG-16 payment instructions. */
export interface PaymentInstructions {
  meansCode: string; // BT-81, UNTDID 4461 (30 credit transfer, 58 SEPA credit transfer, 59 SEPA direct debit, 48 card, 10 cash, 1 not defined)
  meansText?: string; // BT-82
  remittanceInformation?: string; // BT-83, usually the invoice number
  creditTransfers?: CreditTransfer[]; // BG-17
}

/** BT-151/BT-152 (line), BT-95/BT-96 (allowance), BT-102/BT-103 (charge). Category O carries no rate. */
export interface TaxCategory {
  category: VatCategoryCode;
  percent?: Decimal;
}

/** BG-20 document allowance / BG-21 document charge. */
export interface DocumentAllowanceCharge {
  amount: Amount; // BT-92 / BT-99
  baseAmount?: Amount; // BT-93 / BT-100
  percentage?: Decimal; // BT-94 / BT-101
  reason?: string; // BT-97 / BT-104
  reasonCode?: string; // BT-98 / BT-105 (UNTDID 5189 allowances, 7161 charges)
  tax: TaxCategory; // BT-95,96 / BT-102,103
}

/** BG-27 line allowance / BG-28 line charge. */
export interface LineAllowanceCharge {
  amount: Amount; // BT-136 / BT-141
  baseAmount?: Amount; // BT-137 / BT-142
  percentage?: Decimal; // BT-138 / BT-143
  reason?: string; // BT-139 / BT-144
  reasonCode?: string; // BT-140 / BT-145
}

/** BG-29 price details. */
export interface Price {
  net: Decimal; // BT-146 item net price (never negative)
  gross?: Decimal; // BT-148 item gross price
  discount?: Decimal; // BT-147 price discount (gross − net), informative
  baseQuantity?: Decimal; // BT-149
  baseUnitCode?: string; // BT-150, UN/ECE Rec 20
}

/** BG-31 item information. */
export interface Item {
  name: string; // BT-153
  description?: string; // BT-154
  sellerId?: string; // BT-155
  buyerId?: string; // BT-156
  standardId?: Identifier; // BT-157 (scheme BT-157-1 mandatory, e.g. 0160 GTIN)
  classifications?: { code: string; listId: string; listVersion?: string }[]; // BT-158 (BT-158-1/-2)
  originCountry?: string; // BT-159
}

/** BG-25 invoice line. */
export interface Line {
  id: string; // BT-126
  note?: string; // BT-127
  quantity: Decimal; // BT-129 (negative on a return line)
  unitCode: string; // BT-130, UN/ECE Rec 20 (C62 one, HUR hour, DAY, KGM, …)
  netAmount: Amount; // BT-131 = quantity × net price ÷ base quantity − allowances + charges, rounded
  orderLineReference?: string; // BT-132
  period?: Period; // BG-26
  allowances?: LineAllowanceCharge[]; // BG-27
  charges?: LineAllowanceCharge[]; // BG-28
  price: Price; // BG-29
  tax: TaxCategory; // BG-30
  item: Item; // BG-31
}

/** BG-23 VAT breakdown, one per category and rate. */
export interface VatBreakdown {
  category: VatCategoryCode; // BT-118
  percent?: Decimal; // BT-119 (absent for O)
  taxableAmount: Amount; // BT-116
  taxAmount: Amount; // BT-117
  exemptionReason?: string; // BT-120
  exemptionReasonCode?: string; // BT-121 (VATEX, e.g. VATEX-EU-AE)
}

/** BG-22 document totals: Settle's computed figures, printed verbatim. */
export interface DocumentTotals {
  lineTotal: Amount; // BT-106 sum of line net amounts
  allowanceTotal?: Amount; // BT-107 (omit when there are no document allowances)
  chargeTotal?: Amount; // BT-108 (omit when there are no document charges)
  taxExclusive: Amount; // BT-109
  taxTotal: Amount; // BT-110
  taxInclusive: Amount; // BT-112
  prepaid?: Amount; // BT-113 paid amount
  rounding?: Amount; // BT-114 rounding amount
  payable: Amount; // BT-115 amount due for payment
}

/** The whole document. */
export interface EInvoice {
  typeCode: DocumentTypeCode; // BT-3
  number: string; // BT-1
  issueDate: IsoDate; // BT-2
  dueDate?: IsoDate; // BT-9
  currency: string; // BT-5, ISO 4217
  notes?: Note[]; // BG-1
  buyerReference?: string; // BT-10 (XRechnung: the Leitweg-ID, required)
  buyerAccountingReference?: string; // BT-19
  contractReference?: string; // BT-12
  purchaseOrderReference?: string; // BT-13
  salesOrderReference?: string; // BT-14
  precedingInvoices?: PrecedingInvoice[]; // BG-3 (credit notes)
  seller: Seller; // BG-4
  buyer: Buyer; // BG-7
  deliveryDate?: IsoDate; // BT-72 actual delivery date
  invoicingPeriod?: Period; // BG-14
  paymentInstructions?: PaymentInstructions; // BG-16
  paymentTerms?: string; // BT-20
  allowances?: DocumentAllowanceCharge[]; // BG-20
  charges?: DocumentAllowanceCharge[]; // BG-21
  vatBreakdown: VatBreakdown[]; // BG-23
  totals: DocumentTotals; // BG-22
  lines: Line[]; // BG-25
}

/** The output formats of the e-invoice contract (API `format` parameter): defined once, in formats.ts. */
export { EINVOICE_FORMATS } from './formats.ts';
export type { EinvoiceFormat as EInvoiceFormat } from './formats.ts';

export function isEInvoiceFormat(value: unknown): value is EinvoiceFormat {
  return typeof value === 'string' && isEinvoiceFormat(value);
}
