/**
 * Input and output shapes of computeInvoiceTotals. Inputs are decimal strings (as they come
 * from JSON and from the database's exact columns); outputs are bigint minor units.
 * snake_case matches the API and database field names, so callers can pass rows through.
 */

import type { TaxCategory } from './categories.ts';

/** The tax rate applied to a line, allowance or charge. */
export interface TaxInput {
  /** EN 16931 category code: S, Z, E, AE, K, G, O, L, M. */
  category: string;
  /** Decimal string, 0..100, up to 6 decimals ("19", "7.7"). */
  percentage: string;
  /** Identifies the rate in the caller's terms, e.g. its tax_rate_id. */
  key: string;
}

/**
 * A line-level discount, allowance or charge: either an amount in the document currency
 * ("5.00") or a percentage of the line's base amount ("10%").
 */
export type LineAdjustment = string;

export interface LineInput {
  /** Decimal string, up to 6 decimals; negative for returns. */
  quantity: string;
  /** Decimal string, up to 6 decimals, not negative (EN 16931 BR-27). Net or gross per prices_include_tax. */
  unit_price: string;
  /** The quantity the unit price is for ("100" for a price per hundred); default "1". */
  base_quantity?: string;
  /** The usual single line discount. */
  discount?: LineAdjustment;
  /** Further line allowances (EN 16931 BG-27), same syntax as discount. */
  allowances?: readonly LineAdjustment[];
  /** Line charges (EN 16931 BG-28), same syntax as discount. */
  charges?: readonly LineAdjustment[];
  tax: TaxInput;
}

/** A document-level allowance or charge (EN 16931 BG-20 / BG-21) with its own tax rate. */
export interface DocumentAdjustmentInput {
  /**
   * Amount string in the document currency, not negative ("25.00"), or a percentage ("5%",
   * above 0 and at most 100) of the lines taxed under the same tax key (BT-94/BT-101).
   */
  amount: string;
  tax: TaxInput;
}

export interface InvoiceTotalsInput {
  /** ISO 4217 code; its exponent decides the minor unit. */
  currency: string;
  /** When true, unit prices and document allowance/charge amounts include tax. */
  prices_include_tax: boolean;
  lines: readonly LineInput[];
  allowances?: readonly DocumentAdjustmentInput[];
  charges?: readonly DocumentAdjustmentInput[];
}

export interface LineTotals {
  /** quantity × unit price ÷ base quantity, rounded (in the basis prices were entered in). */
  base_amount: bigint;
  /** Discount plus line allowances, signed like the line (a return's discount is negative). */
  allowance_amount: bigint;
  /** Line charges, signed like the line. */
  charge_amount: bigint;
  /**
   * base − allowances + charges, rounded once, in the basis prices were entered in: equal to
   * net_amount when prices exclude tax, the line's gross amount when they include it.
   */
  line_total: bigint;
  /** EN 16931 line net amount (BT-131). */
  net_amount: bigint;
  /** The tax key the line was taxed under. */
  tax_key: string;
}

export interface AdjustmentTotals {
  /** The amount as entered (gross when prices include tax). */
  amount: bigint;
  /** Its net (tax-exclusive) amount, which is what allowance_total/charge_total add up. */
  net_amount: bigint;
  tax_key: string;
  /** Entered as a percentage: it ("5", normalised), else null (BT-94/BT-101). */
  percentage: string | null;
  /** Entered as a percentage: the base it was taken of (BT-93/BT-100), else null. */
  base_amount: bigint | null;
}

/** One row of the VAT breakdown (EN 16931 BG-23): one per category and rate. */
export interface TaxBreakdown {
  /** Key of the first line/allowance/charge (in document order) taxed at this category and rate. */
  key: string;
  /** All keys that contributed, in order of first use (several rates may share category and percentage). */
  keys: string[];
  category: TaxCategory;
  /** Normalised decimal string without trailing zeros ("19", "7.7"). */
  percentage: string;
  /** BT-116: net lines + charges − allowances of this category and rate. */
  taxable_amount: bigint;
  /** BT-117: computed once on the taxable (or gross) amount, then rounded. */
  tax_amount: bigint;
}

export interface InvoiceTotals {
  currency: string;
  /** Minor-unit digits of the currency, for formatting. */
  exponent: number;
  prices_include_tax: boolean;
  lines: LineTotals[];
  allowances: AdjustmentTotals[];
  charges: AdjustmentTotals[];
  /** BT-106: sum of line net amounts. */
  subtotal: bigint;
  /** BT-107 */
  allowance_total: bigint;
  /** BT-108 */
  charge_total: bigint;
  /** BT-110 */
  tax_total: bigint;
  /** Sorted by category (in TAX_CATEGORIES order), then by percentage. */
  taxes: TaxBreakdown[];
  /** BT-112: subtotal − allowance_total + charge_total + tax_total. */
  total: bigint;
}
