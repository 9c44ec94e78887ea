/**
 * What a credit note credits, computed with the same EN 16931 totals as invoices:
 * - by amount (credit-by-amount.ts): a gross amount at one tax rate of the invoice;
 * - by lines: lines of the invoice (all or part of their remaining quantity) or free lines,
 *   taxed like invoice lines.
 *
 * A line of the invoice is credited at what it was invoiced at — its amount after its discount
 * (and line allowances and charges), not quantity × unit price — in proportion to the quantity,
 * with cumulativeShare, so that crediting the whole quantity in several steps adds up to the
 * line's amount exactly. The quantity already credited (credit_note_lines) is read under the
 * invoice's row lock, so two concurrent credit notes cannot both credit the last unit.
 */
import { cumulativeShare, formatAmount, formatScaledTrimmed, parseScaled, DomainError } from '../../domain/money/index.ts';
import { computeInvoiceTotals, type InvoiceTotals, type LineInput } from '../../domain/tax/index.ts';
import type { InvoiceLinesTable, InvoicesTable, TaxRatesTable } from '../../db/schema.ts';
import { AppError } from '../../shared/errors.ts';
import type { CreateCreditNoteInput } from './credit-notes.schemas.ts';

export interface CreditLineDraft {
  invoice_line_id: string | null;
  description: string;
  quantity: string;
  unit_price: string;
  /** What was taken off quantity × unit price for this quantity (the invoice line's discount); null when none. */
  discount: string | null;
  /** UN/ECE Rec 20 unit code (BT-130) and price base quantity (BT-149), copied from a credited invoice line. */
  unit_code: string | null;
  base_quantity: string;
  tax_rate_id: string | null;
  tax: { category: string; percentage: string; name: string | null; exemption_reason: string | null; exemption_reason_code: string | null };
  /**
   * For a credited invoice line: its amount in minor units, in the basis the invoice's prices
   * were entered in (gross when they include tax). Used for the totals; not stored.
   */
  amount?: bigint;
}

const UNTAXED = { category: 'O', percentage: '0', name: null, exemption_reason: 'Not subject to VAT', exemption_reason_code: null } as const;
const SCALE = 6;

export function totalsFor(currency: string, lines: CreditLineDraft[], pricesIncludeTax: boolean): InvoiceTotals {
  const inputs: LineInput[] = lines.map((line) => ({
    // A credited invoice line enters as its exact amount: quantity × price would forget the discount.
    quantity: line.amount === undefined ? line.quantity : '1',
    unit_price: line.amount === undefined ? line.unit_price : formatAmount(line.amount, currency),
    base_quantity: line.amount === undefined ? line.base_quantity : '1',
    tax: { category: line.tax.category, percentage: line.tax.percentage, key: line.tax_rate_id ?? 'none' },
  }));
  return computeInvoiceTotals({ currency, prices_include_tax: pricesIncludeTax, lines: inputs });
}

/** The invoice line's own amount (after its discount), in the basis its price was entered in. */
function invoicedAmount(invoice: InvoicesTable, line: InvoiceLinesTable): { amount: bigint; base: (quantity: string) => bigint } {
  const tax = { category: line.tax_category, percentage: line.tax_percentage, key: line.tax_rate_id ?? 'none' };
  const totals = (quantity: string, discount: string | null) =>
    computeInvoiceTotals({
      currency: invoice.currency,
      prices_include_tax: invoice.prices_include_tax === 1,
      lines: [{ quantity, unit_price: line.unit_price, base_quantity: line.base_quantity, ...(discount === null ? {} : { discount }), tax }],
    }).lines[0]?.line_total ?? 0n;
  return { amount: totals(line.quantity, line.discount), base: (quantity) => totals(quantity, null) };
}

function creditInvoiceLine(
  invoice: InvoicesTable,
  item: NonNullable<CreateCreditNoteInput['lines']>[number],
  path: string,
  original: InvoiceLinesTable,
  credited: Map<string, bigint>,
): CreditLineDraft {
  const whole = parseScaled(original.quantity, SCALE);
  if (whole <= 0n) throw AppError.validation(`${path}.invoice_line_id`, 'is a line with a quantity of zero or less, which cannot be credited');
  const done = credited.get(original.id) ?? 0n;
  const left = whole - done;
  const step = item.quantity === undefined ? left : parseScaled(item.quantity, SCALE);
  if (left <= 0n) throw AppError.validation(`${path}.quantity`, `nothing is left to credit on this line (its quantity ${original.quantity} is credited in full)`);
  if (step > left) {
    throw AppError.validation(
      `${path}.quantity`,
      `must be at most ${formatScaledTrimmed(left, SCALE)}, the quantity left to credit on this line (${formatScaledTrimmed(done, SCALE)} of ${original.quantity} already credited)`,
    );
  }
  // Counted at once, so the same line twice in one request cannot exceed the quantity either.
  credited.set(original.id, done + step);
  const { amount: lineAmount, base } = invoicedAmount(invoice, original);
  const amount = cumulativeShare(lineAmount, done, step, whole);
  const quantity = formatScaledTrimmed(step, SCALE);
  const taken = original.discount === null ? 0n : base(quantity) - amount;
  return {
    invoice_line_id: original.id,
    description: item.description ?? original.description,
    quantity,
    unit_price: original.unit_price,
    discount: taken > 0n ? formatAmount(taken, invoice.currency) : null,
    unit_code: original.unit_code,
    base_quantity: original.base_quantity,
    tax_rate_id: original.tax_rate_id,
    tax: {
      category: original.tax_category,
      percentage: original.tax_percentage,
      name: original.tax_name,
      exemption_reason: original.tax_exemption_reason,
      exemption_reason_code: original.tax_exemption_reason_code,
    },
    amount,
  };
}

/**
 * Lines of the invoice (by id, whole or part of what is left of their quantity) and free lines
 * with an optional tax rate. `credited`: the quantity of each invoice line credited so far
 * (scaled by 10^6); it is updated with what these lines credit.
 */
export function linesForItems(
  invoice: InvoicesTable,
  items: NonNullable<CreateCreditNoteInput['lines']>,
  invoiceLines: Map<string, InvoiceLinesTable>,
  taxRates: Map<string, TaxRatesTable>,
  credited: Map<string, bigint>,
): { lines: CreditLineDraft[]; totals: InvoiceTotals } {
  const lines = items.map((item, index): CreditLineDraft => {
    const path = `lines.${index}`;
    const quantity = item.quantity === undefined ? undefined : formatScaledTrimmed(parseScaled(item.quantity, SCALE), SCALE);
    if (quantity !== undefined && parseScaled(quantity, SCALE) <= 0n) throw AppError.validation(`${path}.quantity`, 'must be greater than zero');
    if (item.invoice_line_id !== undefined) {
      const original = invoiceLines.get(item.invoice_line_id);
      if (!original) throw AppError.validation(`${path}.invoice_line_id`, 'is not a line of this invoice');
      return creditInvoiceLine(invoice, { ...item, quantity }, path, original, credited);
    }
    if (item.description === undefined) throw AppError.validation(`${path}.description`, 'is required for a line that is not from the invoice');
    if (item.unit_price === undefined) throw AppError.validation(`${path}.unit_price`, 'is required for a line that is not from the invoice');
    const price = parseScaled(item.unit_price, SCALE);
    if (price < 0n) throw AppError.validation(`${path}.unit_price`, 'must not be negative');
    let tax: CreditLineDraft['tax'] = { ...UNTAXED };
    if (item.tax_rate_id) {
      const rate = taxRates.get(item.tax_rate_id);
      if (!rate) throw AppError.validation(`${path}.tax_rate_id`, 'is not a tax rate of this organization');
      tax = { category: rate.category, percentage: rate.percentage, name: rate.name, exemption_reason: rate.exemption_reason, exemption_reason_code: rate.exemption_reason_code };
    }
    return {
      invoice_line_id: null,
      description: item.description,
      quantity: quantity ?? '1',
      unit_price: formatScaledTrimmed(price, SCALE),
      discount: null,
      unit_code: item.unit_code ?? null,
      base_quantity: item.base_quantity ?? '1',
      tax_rate_id: item.tax_rate_id ?? null,
      tax,
    };
  });
  try {
    return { lines, totals: totalsFor(invoice.currency, lines, invoice.prices_include_tax === 1) };
  } catch (error) {
    if (error instanceof DomainError && error.path?.startsWith('lines.') !== true) throw AppError.validation('lines', error.message);
    throw error;
  }
}
