/**
 * What is left to credit on an invoice (per line and per tax rate, from its earlier credit
 * notes), and the request body the credit-note form sends. Exact decimals throughout (the
 * money module's bigint arithmetic); the server checks the same limits again.
 */
import { formatAmount, formatScaledTrimmed, parseAmount, parseScaled } from '../../../../src/domain/money/index.ts';
import type { CreditNote, Invoice } from '../invoices/invoiceApi.ts';

const SCALE = 6;
const DECIMAL = /^\d+(\.\d+)?$/;

export type CreditMode = 'lines' | 'amounts';

export interface LineLeft {
  id: string;
  description: string;
  quantity: string;
  /** Quantity not yet credited, as a decimal string ("0" when all of it is). */
  left: string;
  unit_price: string;
  discount: string | null;
  percentage: string;
  category: string;
}

export interface RateLeft {
  /** The invoice breakdown row's tax rate: what `amounts[].tax_rate_id` names. */
  tax_rate_id: string;
  name: string | null;
  category: string;
  percentage: string;
  /** Gross (tax included) still creditable at this rate. */
  left: string;
}

const sameGroup = (a: { category: string; percentage: string }, b: { category: string; percentage: string }) => a.category === b.category && a.percentage === b.percentage;

export function linesLeft(invoice: Invoice, notes: readonly CreditNote[]): LineLeft[] {
  const credited = new Map<string, bigint>();
  for (const note of notes) {
    for (const line of note.lines) {
      if (line.invoice_line_id !== null) credited.set(line.invoice_line_id, (credited.get(line.invoice_line_id) ?? 0n) + parseScaled(line.quantity, SCALE));
    }
  }
  return invoice.lines.map((line) => {
    const whole = parseScaled(line.quantity, SCALE);
    const left = whole - (credited.get(line.id) ?? 0n);
    return {
      id: line.id,
      description: line.description,
      quantity: line.quantity,
      left: formatScaledTrimmed(left < 0n ? 0n : left, SCALE),
      unit_price: line.unit_price,
      discount: line.discount,
      percentage: line.tax.percentage,
      category: line.tax.category,
    };
  });
}

/** Rates with an id (untaxed lines are credited by line), with the gross left at each. */
export function ratesLeft(invoice: Invoice, notes: readonly CreditNote[]): RateLeft[] {
  const minor = (amount: string) => parseAmount(amount, invoice.currency);
  return invoice.taxes.flatMap((row) => {
    if (row.tax_rate_id === null) return [];
    const invoiced = minor(row.taxable_amount) + minor(row.tax_amount);
    const before = notes
      .flatMap((note) => note.taxes)
      .filter((t) => sameGroup(t, row))
      .reduce((sum, t) => sum + minor(t.taxable_amount) + minor(t.tax_amount), 0n);
    const left = invoiced - before;
    return [{ tax_rate_id: row.tax_rate_id, name: row.name, category: row.category, percentage: row.percentage, left: formatAmount(left < 0n ? 0n : left, invoice.currency) }];
  });
}

export function isPositive(value: string): boolean {
  return DECIMAL.test(value) && parseScaled(value, SCALE) > 0n;
}

/** The lines or amounts to credit, in the order sent (errors name their index), or null when none yet. */
export function creditBody(
  mode: CreditMode,
  quantities: Record<string, string>,
  amounts: Record<string, string>,
  lines: readonly LineLeft[],
  rates: readonly RateLeft[],
): { body: { lines: { invoice_line_id: string; quantity: string }[] } | { amounts: { tax_rate_id: string; amount: string }[] }; order: string[] } | null {
  if (mode === 'lines') {
    const chosen = lines.filter((line) => (quantities[line.id] ?? '').trim() !== '');
    if (chosen.length === 0 || chosen.some((line) => !DECIMAL.test(quantities[line.id] ?? ''))) return null;
    return { body: { lines: chosen.map((line) => ({ invoice_line_id: line.id, quantity: quantities[line.id] ?? '' })) }, order: chosen.map((line) => line.id) };
  }
  const chosen = rates.filter((rate) => (amounts[rate.tax_rate_id] ?? '').trim() !== '');
  if (chosen.length === 0 || chosen.some((rate) => !DECIMAL.test(amounts[rate.tax_rate_id] ?? ''))) return null;
  return { body: { amounts: chosen.map((rate) => ({ tax_rate_id: rate.tax_rate_id, amount: amounts[rate.tax_rate_id] ?? '' })) }, order: chosen.map((rate) => rate.tax_rate_id) };
}

/**
 * A server field error ("lines.1.quantity", "amounts.0.amount") at the line or rate it is
 * about, by the order the body was sent in; anything else stays general.
 */
export function errorsByKey(errors: readonly { path: string; message: string }[], order: readonly string[]): { byKey: Record<string, string>; general: string[] } {
  const byKey: Record<string, string> = {};
  const general: string[] = [];
  for (const error of errors) {
    const match = /^(?:lines|amounts)\.(\d+)\.(?:quantity|amount|tax_rate_id|invoice_line_id)$/.exec(error.path);
    const key = match ? order[Number(match[1])] : undefined;
    if (key !== undefined) byKey[key] = error.message;
    else general.push(error.message);
  }
  return { byKey, general };
}
