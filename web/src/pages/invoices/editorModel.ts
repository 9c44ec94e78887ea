/**
 * The invoice editor's form values, how they become the request body, and the live totals
 * computed with the same domain code the server uses (src/domain/tax).
 */
import { computeInvoiceTotals, DomainError, type InvoiceTotals, type TaxInput } from '../../../../src/domain/tax/index.ts';
import type { Invoice, TaxRate } from './invoiceApi.ts';

/** The tax select's value for "No tax": category O, 0 %, keyed "none" like the server. */
export const NO_TAX = 'none';

export interface LineValues {
  key: string;
  product_id: string | null;
  description: string;
  quantity: string;
  unit: string;
  unit_price: string;
  discount: string;
  tax_rate_id: string;
  /** UN/ECE Rec 20 code ('' none); base quantity and period are kept as loaded (not edited here). */
  unit_code: string;
  base_quantity: string;
  period_start: string | null;
  period_end: string | null;
}

export interface AdjustmentValues {
  key: string;
  reason: string;
  amount: string;
  tax_rate_id: string;
}

export interface EditorValues {
  customer_id: string | null;
  currency: string;
  issue_date: string;
  due_date: string;
  prices_include_tax: boolean;
  lines: LineValues[];
  allowances: AdjustmentValues[];
  charges: AdjustmentValues[];
  notes: string;
  terms: string;
  /** E-invoice details: BT-10, BT-13, BT-72, BT-73/74 ('' none). */
  buyer_reference: string;
  purchase_order_reference: string;
  delivery_date: string;
  period_start: string;
  period_end: string;
}

let counter = 0;
export const newKey = () => `k${(counter += 1)}`;

export const emptyLine = (): LineValues => ({
  key: newKey(),
  product_id: null,
  description: '',
  quantity: '1',
  unit: '',
  unit_price: '',
  discount: '',
  tax_rate_id: NO_TAX,
  unit_code: '',
  base_quantity: '1',
  period_start: null,
  period_end: null,
});

export const emptyAdjustment = (): AdjustmentValues => ({ key: newKey(), reason: '', amount: '', tax_rate_id: NO_TAX });

export function blankInvoice(currency: string): EditorValues {
  return {
    customer_id: null,
    currency,
    issue_date: '',
    due_date: '',
    prices_include_tax: false,
    lines: [emptyLine()],
    allowances: [],
    charges: [],
    notes: '',
    terms: '',
    buyer_reference: '',
    purchase_order_reference: '',
    delivery_date: '',
    period_start: '',
    period_end: '',
  };
}

export function fromInvoice(invoice: Invoice): EditorValues {
  return {
    customer_id: invoice.customer_id,
    currency: invoice.currency,
    issue_date: invoice.issue_date ?? '',
    due_date: invoice.due_date ?? '',
    prices_include_tax: invoice.prices_include_tax,
    lines: invoice.lines.map((line) => ({
      key: newKey(),
      product_id: line.product_id,
      description: line.description,
      quantity: line.quantity,
      unit: line.unit ?? '',
      unit_price: line.unit_price,
      discount: line.discount ?? '',
      tax_rate_id: line.tax_rate_id ?? NO_TAX,
      unit_code: line.unit_code ?? '',
      base_quantity: line.base_quantity,
      period_start: line.period_start,
      period_end: line.period_end,
    })),
    allowances: invoice.allowances.map(adjustmentValues),
    charges: invoice.charges.map(adjustmentValues),
    notes: invoice.notes ?? '',
    terms: invoice.terms ?? '',
    buyer_reference: invoice.buyer_reference ?? '',
    purchase_order_reference: invoice.purchase_order_reference ?? '',
    delivery_date: invoice.delivery_date ?? '',
    period_start: invoice.period_start ?? '',
    period_end: invoice.period_end ?? '',
  };
}

function adjustmentValues(a: Invoice['allowances'][number]): AdjustmentValues {
  // A percentage stays one ("5%"): its amount follows the lines.
  return { key: newKey(), reason: a.reason, amount: a.percentage === null ? a.amount : `${a.percentage}%`, tax_rate_id: a.tax_rate_id ?? NO_TAX };
}

const rateOrNull = (id: string) => (id === NO_TAX || id === '' ? null : id);
const textOrNull = (value: string) => (value.trim() === '' ? null : value);

/** The body of POST /invoices and PATCH /invoices/:id. */
export function requestBody(values: EditorValues) {
  const adjustment = (a: AdjustmentValues) => ({ reason: a.reason, amount: a.amount.trim(), tax_rate_id: rateOrNull(a.tax_rate_id) });
  return {
    customer_id: values.customer_id ?? '',
    currency: values.currency,
    issue_date: textOrNull(values.issue_date),
    due_date: textOrNull(values.due_date),
    prices_include_tax: values.prices_include_tax,
    lines: values.lines.map((line) => ({
      product_id: line.product_id,
      description: line.description,
      quantity: line.quantity.trim(),
      unit_price: line.unit_price.trim(),
      unit: textOrNull(line.unit),
      tax_rate_id: rateOrNull(line.tax_rate_id),
      discount: textOrNull(line.discount.trim()),
      unit_code: textOrNull(line.unit_code),
      base_quantity: line.base_quantity,
      period_start: line.period_start,
      period_end: line.period_end,
    })),
    allowances: values.allowances.map(adjustment),
    charges: values.charges.map(adjustment),
    notes: textOrNull(values.notes),
    terms: textOrNull(values.terms),
    buyer_reference: textOrNull(values.buyer_reference.trim()),
    purchase_order_reference: textOrNull(values.purchase_order_reference.trim()),
    delivery_date: textOrNull(values.delivery_date),
    period_start: textOrNull(values.period_start),
    period_end: textOrNull(values.period_end),
  };
}

export type LiveTotals = { ok: true; totals: InvoiceTotals } | { ok: false; message: string; path: string | undefined };

/** The totals as the server will compute them, or the domain's message for what is wrong. */
export function liveTotals(values: EditorValues, rates: readonly TaxRate[]): LiveTotals {
  const byId = new Map(rates.map((rate) => [rate.id, rate]));
  const tax = (id: string, path: string): TaxInput => {
    const rate = byId.get(id);
    if (id === NO_TAX || rate === undefined) {
      if (id !== NO_TAX && id !== '') throw new DomainError('invalid_tax', 'Unknown tax rate', path);
      return { category: 'O', percentage: '0', key: NO_TAX };
    }
    return { category: rate.category, percentage: rate.percentage, key: rate.id };
  };
  const adjustment = (a: AdjustmentValues, i: number, kind: string) => ({ amount: a.amount.trim(), tax: tax(a.tax_rate_id, `${kind}.${i}.tax_rate_id`) });
  try {
    const totals = computeInvoiceTotals({
      currency: values.currency,
      prices_include_tax: values.prices_include_tax,
      lines: values.lines.map((line, i) => ({
        quantity: line.quantity.trim(),
        unit_price: line.unit_price.trim(),
        base_quantity: line.base_quantity,
        ...(line.discount.trim() === '' ? {} : { discount: line.discount.trim() }),
        tax: tax(line.tax_rate_id, `lines.${i}.tax_rate_id`),
      })),
      allowances: values.allowances.map((a, i) => adjustment(a, i, 'allowances')),
      charges: values.charges.map((c, i) => adjustment(c, i, 'charges')),
    });
    return { ok: true, totals };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, message: error.message, path: error.path };
    throw error;
  }
}
