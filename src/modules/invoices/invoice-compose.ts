/**
 * Turns the content of a draft (lines, allowances, charges as entered, or as stored) into
 * the rows that are saved: product fields filled in, each line's tax rate resolved to a
 * snapshot, and every amount and total computed by computeInvoiceTotals (EN 16931).
 * Every id must belong to the organization; a problem names the field (lines.1.tax_rate_id).
 */
import type { InvoiceAdjustmentsTable, InvoiceLinesTable, InvoicesTable, ProductsTable, TaxRatesTable } from '../../db/schema.ts';
import { DECIMAL_SCALE, formatAmount, formatScaledTrimmed } from '../../domain/money/index.ts';
import { computeInvoiceTotals, isTaxCategory, type TaxCategory, type TaxInput } from '../../domain/tax/index.ts';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { AdjustmentRow, InvoicesRepo, LineRow } from './invoices.repo.ts';
import type { StoredTax } from './invoice-view.ts';

/** A line to save: from a request (fields a product supplies may be missing) or an existing line. */
export interface LineDraft {
  id?: string;
  product_id: string | null;
  description?: string | undefined;
  quantity: string;
  unit_price?: string | undefined;
  /** undefined: take the product's. */
  unit?: string | null | undefined;
  /** undefined: take the product's; null: not subject to VAT. */
  tax_rate_id?: string | null | undefined;
  discount: string | null;
  /** E-invoice line data (BT-130, BT-149, BT-134/135); absent: none (base quantity "1"). */
  unit_code?: string | null | undefined;
  base_quantity?: string | undefined;
  period_start?: string | null | undefined;
  period_end?: string | null | undefined;
}

export interface AdjustmentDraft {
  id?: string;
  reason: string;
  /** An amount, or a percentage ("5%") of the lines at the same tax rate. */
  amount: string | number;
  tax_rate_id: string | null;
}

export interface DraftContent {
  currency: string;
  prices_include_tax: boolean;
  lines: readonly LineDraft[];
  allowances: readonly AdjustmentDraft[];
  charges: readonly AdjustmentDraft[];
}

/** Products and tax rates the draft already uses: they stay usable after being archived. */
export interface InUse {
  productIds: ReadonlySet<string>;
  taxRateIds: ReadonlySet<string>;
}

export type InvoiceTotalsColumns = Pick<InvoicesTable, 'subtotal' | 'allowance_total' | 'charge_total' | 'tax_total' | 'total' | 'taxes'>;

export interface ComposedInvoice {
  lines: LineRow[];
  adjustments: AdjustmentRow[];
  totals: InvoiceTotalsColumns;
}

interface TaxChoice {
  tax_rate_id: string | null;
  name: string | null;
  category: TaxCategory;
  percentage: string;
  exemption_reason: string | null;
  exemption_reason_code: string | null;
}

/** A line without a tax rate is outside the scope of VAT (EN 16931 category O). */
const NOT_SUBJECT_TO_VAT: TaxChoice = {
  tax_rate_id: null,
  name: null,
  category: 'O',
  percentage: '0',
  exemption_reason: 'Not subject to VAT',
  exemption_reason_code: null,
};
const NOT_SUBJECT_KEY = 'none';

/** Amounts are stored as integers and read back as JavaScript numbers: they must stay exact. */
const MAX_AMOUNT = BigInt(Number.MAX_SAFE_INTEGER);

function storable(value: bigint, path: string): number {
  if (value > MAX_AMOUNT || value < -MAX_AMOUNT) throw AppError.validation(path, 'makes an amount too large for an invoice');
  return Number(value);
}

function taxChoice(rate: TaxRatesTable): TaxChoice {
  // The tax-rates module validates category and percentage before it stores them.
  if (!isTaxCategory(rate.category)) throw new Error(`Stored tax category "${rate.category}" is not an EN 16931 code`);
  return {
    tax_rate_id: rate.id,
    name: rate.name,
    category: rate.category,
    percentage: rate.percentage,
    exemption_reason: rate.exemption_reason,
    exemption_reason_code: rate.exemption_reason_code,
  };
}

function taxInput(choice: TaxChoice): TaxInput {
  return { category: choice.category, percentage: choice.percentage, key: choice.tax_rate_id ?? NOT_SUBJECT_KEY };
}

interface ResolvedLine {
  id: string;
  product_id: string | null;
  description: string;
  quantity: string;
  unit_price: string;
  unit: string | null;
  discount: string | null;
  unit_code: string | null;
  base_quantity: string;
  period_start: string | null;
  period_end: string | null;
  tax: TaxChoice;
}

export async function composeInvoice(repo: InvoicesRepo, content: DraftContent, inUse: InUse): Promise<ComposedInvoice> {
  const products = await repo.products(content.lines.flatMap((line) => (line.product_id === null ? [] : [line.product_id])));
  const withProducts = content.lines.map((line, i) => fillFromProduct(line, i, products, inUse));

  const rateIds = [
    ...withProducts.map((line) => line.tax_rate_id),
    ...content.allowances.map((a) => a.tax_rate_id),
    ...content.charges.map((c) => c.tax_rate_id),
  ].filter((id): id is string => id !== null);
  const rates = await repo.taxRates(rateIds);
  const choose = (id: string | null, path: string, explicit: boolean): TaxChoice => {
    if (id === null) return NOT_SUBJECT_TO_VAT;
    const rate = rates.get(id);
    if (!rate) throw AppError.validation(path, 'is not a tax rate of this organization');
    if (rate.archived === 1 && explicit && !inUse.taxRateIds.has(id)) {
      throw AppError.validation(path, 'is an archived tax rate; choose an active one');
    }
    return taxChoice(rate);
  };

  const lines: ResolvedLine[] = withProducts.map((line, i) => ({
    ...line,
    tax: choose(line.tax_rate_id, line.explicitRate ? `lines.${i}.tax_rate_id` : `lines.${i}.product_id`, line.explicitRate),
  }));
  const adjustmentsOf = (list: readonly AdjustmentDraft[], kind: 'allowances' | 'charges') =>
    list.map((a, i) => ({ ...a, tax: choose(a.tax_rate_id, `${kind}.${i}.tax_rate_id`, true) }));
  const allowances = adjustmentsOf(content.allowances, 'allowances');
  const charges = adjustmentsOf(content.charges, 'charges');

  const totals = computeInvoiceTotals({
    currency: content.currency,
    prices_include_tax: content.prices_include_tax,
    lines: lines.map((line) => ({
      quantity: line.quantity,
      unit_price: line.unit_price,
      base_quantity: line.base_quantity,
      ...(line.discount === null ? {} : { discount: line.discount }),
      tax: taxInput(line.tax),
    })),
    allowances: allowances.map((a) => ({ amount: String(a.amount), tax: taxInput(a.tax) })),
    charges: charges.map((c) => ({ amount: String(c.amount), tax: taxInput(c.tax) })),
  });

  const lineRows: LineRow[] = lines.map((line, i) => ({
    id: line.id,
    position: i,
    product_id: line.product_id,
    description: line.description,
    quantity: line.quantity,
    unit: line.unit,
    unit_price: line.unit_price,
    discount: line.discount,
    unit_code: line.unit_code,
    base_quantity: line.base_quantity,
    period_start: line.period_start,
    period_end: line.period_end,
    ...taxColumns(line.tax),
    net_amount: storable(totals.lines[i]?.net_amount ?? 0n, `lines.${i}`),
  }));
  const adjustmentRows = (list: typeof allowances, kind: 'allowance' | 'charge', figures: typeof totals.allowances): AdjustmentRow[] =>
    list.map((a, i) => ({
      id: a.id ?? newId('adj'),
      kind,
      position: i,
      reason: a.reason,
      amount: storable(figures[i]?.amount ?? 0n, `${kind}s.${i}.amount`),
      net_amount: storable(figures[i]?.net_amount ?? 0n, `${kind}s.${i}.amount`),
      percentage: figures[i]?.percentage ?? null,
      base_amount: figures[i]?.base_amount === undefined || figures[i]?.base_amount === null ? null : storable(figures[i]?.base_amount ?? 0n, `${kind}s.${i}.amount`),
      ...taxColumns(a.tax),
    }));

  const choiceByKey = new Map<string, TaxChoice>([...lines, ...allowances, ...charges].map((item) => [taxInput(item.tax).key, item.tax]));
  const taxes: StoredTax[] = totals.taxes.map((row) => {
    const choice = choiceByKey.get(row.key) ?? NOT_SUBJECT_TO_VAT;
    return {
      tax_rate_id: choice.tax_rate_id,
      category: row.category,
      percentage: row.percentage,
      name: choice.name,
      exemption_reason: choice.exemption_reason,
      exemption_reason_code: choice.exemption_reason_code,
      taxable_amount: storable(row.taxable_amount, 'lines'),
      tax_amount: storable(row.tax_amount, 'lines'),
    };
  });
  return {
    lines: lineRows,
    adjustments: [...adjustmentRows(allowances, 'allowance', totals.allowances), ...adjustmentRows(charges, 'charge', totals.charges)],
    totals: {
      subtotal: storable(totals.subtotal, 'lines'),
      allowance_total: storable(totals.allowance_total, 'allowances'),
      charge_total: storable(totals.charge_total, 'charges'),
      tax_total: storable(totals.tax_total, 'lines'),
      total: storable(totals.total, 'lines'),
      taxes: JSON.stringify(taxes),
    },
  };
}

function taxColumns(
  tax: TaxChoice,
): Pick<InvoiceLinesTable, 'tax_rate_id' | 'tax_name' | 'tax_category' | 'tax_percentage' | 'tax_exemption_reason' | 'tax_exemption_reason_code'> {
  return {
    tax_rate_id: tax.tax_rate_id,
    tax_name: tax.name,
    tax_category: tax.category,
    tax_percentage: tax.percentage,
    tax_exemption_reason: tax.exemption_reason,
    tax_exemption_reason_code: tax.exemption_reason_code,
  };
}

/** A line with the fields it omits taken from its product (description, unit price, unit, tax rate). */
function fillFromProduct(
  line: LineDraft,
  i: number,
  products: ReadonlyMap<string, ProductsTable>,
  inUse: InUse,
): Omit<ResolvedLine, 'tax'> & { tax_rate_id: string | null; explicitRate: boolean } {
  const path = `lines.${i}`;
  let product: ProductsTable | undefined;
  if (line.product_id !== null) {
    product = products.get(line.product_id);
    if (!product) throw AppError.validation(`${path}.product_id`, 'is not a product of this organization');
    if (product.archived === 1 && !inUse.productIds.has(product.id)) {
      throw AppError.validation(`${path}.product_id`, 'is an archived product; choose an active one');
    }
  }
  const given = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);
  const description = given(line.description) ?? given(product?.description ?? undefined) ?? product?.name;
  if (description === undefined) throw AppError.validation(`${path}.description`, 'is required');
  const unitPrice = line.unit_price ?? (product === undefined ? undefined : formatScaledTrimmed(BigInt(product.unit_price), DECIMAL_SCALE));
  if (unitPrice === undefined) throw AppError.validation(`${path}.unit_price`, 'is required');
  return {
    id: line.id ?? newId('lin'),
    product_id: line.product_id,
    description,
    quantity: line.quantity,
    unit_price: unitPrice,
    unit: line.unit !== undefined ? line.unit : (product?.unit ?? null),
    discount: line.discount,
    unit_code: line.unit_code ?? null,
    base_quantity: line.base_quantity ?? '1',
    period_start: line.period_start ?? null,
    period_end: line.period_end ?? null,
    tax_rate_id: line.tax_rate_id !== undefined ? line.tax_rate_id : (product?.tax_rate_id ?? null),
    explicitRate: line.tax_rate_id !== undefined,
  };
}

/** The stored content of a draft, as drafts to compose again (after a change of currency, or to finalize). */
export function storedContent(
  invoice: Pick<InvoicesTable, 'currency' | 'prices_include_tax'>,
  lines: readonly InvoiceLinesTable[],
  adjustments: readonly InvoiceAdjustmentsTable[],
): { lines: LineDraft[]; allowances: AdjustmentDraft[]; charges: AdjustmentDraft[] } {
  const adjustmentDraft = (a: InvoiceAdjustmentsTable): AdjustmentDraft => ({
    id: a.id,
    reason: a.reason,
    // As entered: a percentage stays one (its base follows the lines); an amount is in the
    // currency it was entered in (a change of currency re-reads it).
    amount: a.percentage !== null ? `${a.percentage}%` : formatAmount(BigInt(a.amount), invoice.currency),
    tax_rate_id: a.tax_rate_id,
  });
  return {
    lines: lines.map((line) => ({
      id: line.id,
      product_id: line.product_id,
      description: line.description,
      quantity: line.quantity,
      unit_price: line.unit_price,
      unit: line.unit,
      tax_rate_id: line.tax_rate_id,
      discount: line.discount,
      unit_code: line.unit_code,
      base_quantity: line.base_quantity,
      period_start: line.period_start,
      period_end: line.period_end,
    })),
    allowances: adjustments.filter((a) => a.kind === 'allowance').map(adjustmentDraft),
    charges: adjustments.filter((a) => a.kind === 'charge').map(adjustmentDraft),
  };
}

/** What a draft uses already (archived products and rates among them stay usable). */
export function inUseBy(lines: readonly InvoiceLinesTable[], adjustments: readonly InvoiceAdjustmentsTable[]): InUse {
  return {
    productIds: new Set(lines.flatMap((line) => (line.product_id === null ? [] : [line.product_id]))),
    taxRateIds: new Set([...lines, ...adjustments].flatMap((part) => (part.tax_rate_id === null ? [] : [part.tax_rate_id]))),
  };
}

export const NOTHING_IN_USE: InUse = { productIds: new Set(), taxRateIds: new Set() };
