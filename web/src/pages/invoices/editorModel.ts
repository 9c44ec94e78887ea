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
    })),
    allowances: invoice.allowances.map(adjustmentValues),
    charges: invoice.charges.map(adjustmentValues),
    notes: invoice.notes ?? '',
    terms: invoice.terms ?? '',
  };
}

function adjustmentValues(a: Invoice['allowances'][number]): AdjustmentValues {
  return { key: newKey(), reason: a.reason, amount: a.amount, tax_rate_id: a.tax_rate_id ?? NO_TAX };
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
    })),
    allowances: values.allowances.map(adjustment),
    charges: values.charges.map(adjustment),
    notes: textOrNull(values.notes),
    terms: textOrNull(values.terms),
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
