/**
 * What a credit note credits, computed with the same EN 16931 totals as invoices:
 * - by amount: a gross amount spread over the invoice's tax rates in proportion to their
 *   gross shares (allocate loses no minor unit), the tax then extracted per rate;
 * - by lines: lines of the invoice (all or part of their quantity) or free lines, taxed
 *   like invoice lines.
 */
import { allocate, formatAmount, formatScaledTrimmed, parseAmount, parseScaled, DomainError } from '../../domain/money/index.ts';
import { computeInvoiceTotals, type InvoiceTotals, type LineInput } from '../../domain/tax/index.ts';
import type { InvoiceLinesTable, InvoicesTable, TaxRatesTable } from '../../db/schema.ts';
import { AppError } from '../../shared/errors.ts';
import type { StoredTax } from '../invoices/invoice-view.ts';
import type { CreateCreditNoteInput } from './credit-notes.schemas.ts';

export interface CreditLineDraft {
  invoice_line_id: string | null;
  description: string;
  quantity: string;
  unit_price: string;
  tax_rate_id: string | null;
  tax: { category: string; percentage: string; name: string | null; exemption_reason: string | null };
}

const UNTAXED = { category: 'O', percentage: '0', name: null, exemption_reason: 'Not subject to VAT' } as const;

function totalsFor(invoice: InvoicesTable, lines: CreditLineDraft[], pricesIncludeTax: boolean): InvoiceTotals {
  const inputs: LineInput[] = lines.map((line) => ({
    quantity: line.quantity,
    unit_price: line.unit_price,
    tax: { category: line.tax.category, percentage: line.tax.percentage, key: line.tax_rate_id ?? 'none' },
  }));
  return computeInvoiceTotals({ currency: invoice.currency, prices_include_tax: pricesIncludeTax, lines: inputs });
}

/** Lines for a credit of `amount` (gross) spread over the invoice's tax breakdown. */
export function linesForAmount(invoice: InvoicesTable, amountInput: string | number, reason: string): { lines: CreditLineDraft[]; totals: InvoiceTotals } {
  const gross = parseAmount(amountInput, invoice.currency, 'Amount', 'amount');
  if (gross <= 0n) throw AppError.validation('amount', 'must be greater than zero');
  const taxes = JSON.parse(invoice.taxes) as StoredTax[];
  const weights = taxes.map((t) => BigInt(t.taxable_amount) + BigInt(t.tax_amount));
  if (taxes.length === 0 || weights.every((w) => w <= 0n)) throw AppError.conflict('This invoice has nothing to credit');
  const parts = allocate(gross, weights);
  const lines: CreditLineDraft[] = [];
  taxes.forEach((tax, index) => {
    const part = parts[index] ?? 0n;
    if (part === 0n) return;
    lines.push({
      invoice_line_id: null,
      description: taxes.length > 1 ? `${reason} (${tax.category} ${tax.percentage}%)` : reason,
      quantity: '1',
      unit_price: formatAmount(part, invoice.currency),
      tax_rate_id: tax.tax_rate_id,
      tax: { category: tax.category, percentage: tax.percentage, name: tax.name, exemption_reason: tax.exemption_reason },
    });
  });
  const totals = totalsFor(invoice, lines, true);
  // Shown like every other document line: the unit price net of tax, as the net amount is.
  const netLines = lines.map((line, i) => ({ ...line, unit_price: formatAmount(totals.lines[i]?.net_amount ?? 0n, invoice.currency) }));
  return { lines: netLines, totals };
}

/** Lines of the invoice (by id, whole or part quantity) and free lines with an optional tax rate. */
export function linesForItems(
  invoice: InvoicesTable,
  items: NonNullable<CreateCreditNoteInput['lines']>,
  invoiceLines: Map<string, InvoiceLinesTable>,
  taxRates: Map<string, TaxRatesTable>,
): { lines: CreditLineDraft[]; totals: InvoiceTotals } {
  const lines = items.map((item, index): CreditLineDraft => {
    const path = `lines.${index}`;
    const quantity = item.quantity === undefined ? undefined : formatScaledTrimmed(parseScaled(item.quantity, 6), 6);
    if (quantity !== undefined && parseScaled(quantity, 6) <= 0n) throw AppError.validation(`${path}.quantity`, 'must be greater than zero');
    if (item.invoice_line_id !== undefined) {
      const original = invoiceLines.get(item.invoice_line_id);
      if (!original) throw AppError.validation(`${path}.invoice_line_id`, 'is not a line of this invoice');
      const qty = quantity ?? original.quantity;
      if (parseScaled(qty, 6) > parseScaled(original.quantity, 6)) {
        throw AppError.validation(`${path}.quantity`, `must be at most the invoiced quantity ${original.quantity}`);
      }
      return {
        invoice_line_id: original.id,
        description: item.description ?? original.description,
        quantity: qty,
        unit_price: original.unit_price,
        tax_rate_id: original.tax_rate_id,
        tax: { category: original.tax_category, percentage: original.tax_percentage, name: original.tax_name, exemption_reason: original.tax_exemption_reason },
      };
    }
    if (item.description === undefined) throw AppError.validation(`${path}.description`, 'is required for a line that is not from the invoice');
    if (item.unit_price === undefined) throw AppError.validation(`${path}.unit_price`, 'is required for a line that is not from the invoice');
    const price = parseScaled(item.unit_price, 6);
    if (price < 0n) throw AppError.validation(`${path}.unit_price`, 'must not be negative');
    let tax: CreditLineDraft['tax'] = { ...UNTAXED };
    if (item.tax_rate_id) {
      const rate = taxRates.get(item.tax_rate_id);
      if (!rate) throw AppError.validation(`${path}.tax_rate_id`, 'is not a tax rate of this organization');
      tax = { category: rate.category, percentage: rate.percentage, name: rate.name, exemption_reason: rate.exemption_reason };
    }
    return {
      invoice_line_id: null,
      description: item.description,
      quantity: quantity ?? '1',
      unit_price: formatScaledTrimmed(price, 6),
      tax_rate_id: item.tax_rate_id ?? null,
      tax,
    };
  });
  try {
    return { lines, totals: totalsFor(invoice, lines, invoice.prices_include_tax === 1) };
  } catch (error) {
    if (error instanceof DomainError && error.path?.startsWith('lines.') !== true) throw AppError.validation('lines', error.message);
    throw error;
  }
}
