/**
 * A credit note by amount: a gross amount at ONE tax rate of the invoice, its net and tax
 * extracted at that rate's percentage (rounded half away from zero by the tax module, as for
 * any price that includes tax).
 *
 * It used to be spread over all the invoice's rates in proportion to their shares, which is
 * wrong whenever the credit concerns goods of one rate (damaged books at 7 % came out partly
 * at 19 %), and it misstates the VAT the seller may reclaim. So on an invoice with several
 * rates the rate must be named (422 naming tax_rate_id, rather than a guess); with a single
 * rate it may be omitted. What is credited at a rate never exceeds what was invoiced at it.
 *
 * `amounts` credits several rates at once, one gross amount per rate, each as above (a rate
 * may appear once: 422 naming amounts.N.tax_rate_id otherwise).
 */
import { formatAmount, parseAmount } from '../../domain/money/index.ts';
import type { InvoiceTotals } from '../../domain/tax/index.ts';
import type { InvoiceAdjustmentsTable, InvoiceLinesTable, InvoicesTable } from '../../db/schema.ts';
import { AppError } from '../../shared/errors.ts';
import type { StoredTax } from '../invoices/invoice-view.ts';
import { totalsFor, type CreditLineDraft } from './credit-note-lines.ts';

/** A breakdown row of the invoice or of an earlier credit note (amounts in minor units). */
export interface TaxRow {
  tax_rate_id: string | null;
  category: string;
  percentage: string;
  taxable_amount: number;
  tax_amount: number;
}

const sameGroup = (a: Pick<TaxRow, 'category' | 'percentage'>, b: Pick<TaxRow, 'category' | 'percentage'>) =>
  a.category === b.category && a.percentage === b.percentage;

/** The invoice's breakdown row the credit goes to: named by tax_rate_id, or the only one. */
function chooseRate(
  taxes: StoredTax[],
  taxRateId: string | null | undefined,
  field: string,
  parts: Pick<InvoiceLinesTable | InvoiceAdjustmentsTable, 'tax_rate_id' | 'tax_category' | 'tax_percentage' | 'tax_name' | 'tax_exemption_reason' | 'tax_exemption_reason_code'>[],
): { row: StoredTax; taxRateId: string | null; name: string | null; exemption: string | null; exemptionCode: string | null } {
  if (taxRateId === undefined || taxRateId === null) {
    const [only, ...others] = taxes;
    if (only === undefined) throw AppError.conflict('This invoice has nothing to credit');
    if (others.length > 0) {
      const rates = taxes.map((t) => `${t.tax_rate_id ?? 'none'} (${t.category} ${t.percentage}%)`).join(', ');
      throw AppError.validation(field, `is required: this invoice has several tax rates (${rates}); say which one the amount is credited at`);
    }
    return { row: only, taxRateId: only.tax_rate_id, name: only.name, exemption: only.exemption_reason, exemptionCode: only.exemption_reason_code ?? null };
  }
  // A rate of a line, allowance or charge of the invoice (several rates with the same category
  // and percentage share one breakdown row, named after the first).
  const part = parts.find((p) => p.tax_rate_id === taxRateId);
  const row = part === undefined ? taxes.find((t) => t.tax_rate_id === taxRateId) : taxes.find((t) => t.category === part.tax_category && t.percentage === part.tax_percentage);
  if (row === undefined) throw AppError.validation(field, 'is not a tax rate used on this invoice');
  // Booked under the breakdown row's rate, so the tax report nets the credit against the invoice.
  return {
    row,
    taxRateId: row.tax_rate_id,
    name: part?.tax_name ?? row.name,
    exemption: part?.tax_exemption_reason ?? row.exemption_reason,
    exemptionCode: part?.tax_exemption_reason_code ?? row.exemption_reason_code ?? null,
  };
}

export function linesForAmount(
  invoice: InvoicesTable,
  input: { amount: string | number; tax_rate_id?: string | null | undefined; reason: string },
  parts: RatePart[],
  earlierNotes: TaxRow[][],
): { lines: CreditLineDraft[]; totals: InvoiceTotals } {
  return linesForAmounts(invoice, [{ amount: input.amount, tax_rate_id: input.tax_rate_id }], input.reason, parts, earlierNotes, (_index, field) => field);
}

type RatePart = Pick<InvoiceLinesTable, 'tax_rate_id' | 'tax_category' | 'tax_percentage' | 'tax_name' | 'tax_exemption_reason' | 'tax_exemption_reason_code'>;

/**
 * One gross amount per tax rate of the invoice, each credited at its rate. `pathOf` names the
 * fields in errors: `amount`/`tax_rate_id` for the single form, `amounts.N.…` for the list.
 */
export function linesForAmounts(
  invoice: InvoicesTable,
  amounts: { amount: string | number; tax_rate_id?: string | null | undefined }[],
  reason: string,
  parts: RatePart[],
  earlierNotes: TaxRow[][],
  pathOf: (index: number, field: 'amount' | 'tax_rate_id') => string = (index, field) => `amounts.${index}.${field}`,
): { lines: CreditLineDraft[]; totals: InvoiceTotals } {
  const taxes = JSON.parse(invoice.taxes) as StoredTax[];
  const seen: StoredTax[] = [];
  const lines = amounts.map((item, index): CreditLineDraft => {
    const gross = parseAmount(item.amount, invoice.currency, 'Amount', pathOf(index, 'amount'));
    if (gross <= 0n) throw AppError.validation(pathOf(index, 'amount'), 'must be greater than zero');
    const { row, taxRateId, name, exemption, exemptionCode } = chooseRate(taxes, item.tax_rate_id, pathOf(index, 'tax_rate_id'), parts);
    if (seen.some((other) => sameGroup(other, row))) {
      throw AppError.validation(pathOf(index, 'tax_rate_id'), `is given twice: one amount per tax rate (${row.category} ${row.percentage}%)`);
    }
    seen.push(row);

    const invoiced = BigInt(row.taxable_amount) + BigInt(row.tax_amount);
    const creditedBefore = earlierNotes.flat().filter((t) => sameGroup(t, row)).reduce((sum, t) => sum + BigInt(t.taxable_amount) + BigInt(t.tax_amount), 0n);
    const left = invoiced - creditedBefore;
    if (gross > left) {
      const at = `${row.category} ${row.percentage}%`;
      const most = formatAmount(left < 0n ? 0n : left, invoice.currency);
      throw new AppError('conflict', `The credit (${formatAmount(gross, invoice.currency)}) exceeds what is left to credit at ${at} on this invoice (${most})`, [
        { path: pathOf(index, 'amount'), message: `must be at most ${most} at ${at}` },
      ]);
    }
    return {
      invoice_line_id: null,
      description: reason,
      quantity: '1',
      unit_price: formatAmount(gross, invoice.currency),
      discount: null,
      unit_code: null,
      base_quantity: '1',
      tax_rate_id: taxRateId,
      tax: { category: row.category, percentage: row.percentage, name, exemption_reason: exemption, exemption_reason_code: exemptionCode },
    };
  });
  // Each amount is gross: tax extracted once at its rate, net = gross − tax.
  const totals = totalsFor(invoice.currency, lines, true);
  // Shown like every other document line: the unit price net of tax, as the net amount is.
  return { lines: lines.map((line, i) => ({ ...line, unit_price: formatAmount(totals.lines[i]?.net_amount ?? 0n, invoice.currency) })), totals };
}
