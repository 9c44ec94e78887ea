/**
 * Public API of the tax module: EN 16931 tax categories and invoice totals. Pure (no I/O,
 * no Node-only imports), shared by the server and the web app's live totals.
 */

export {
  TAX_CATEGORIES,
  TAX_CATEGORY_NAMES,
  type TaxCategory,
  isTaxCategory,
  isZeroRateCategory,
  requiresExemptionReason,
  checkTaxCategory,
} from './categories.ts';
export { computeInvoiceTotals } from './totals.ts';
export type {
  TaxInput,
  LineAdjustment,
  LineInput,
  DocumentAdjustmentInput,
  InvoiceTotalsInput,
  LineTotals,
  AdjustmentTotals,
  TaxBreakdown,
  InvoiceTotals,
} from './types.ts';
export { DomainError, type DomainErrorCode } from '../money/errors.ts';
