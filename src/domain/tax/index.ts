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
export { categoryMixProblems, MISSING_RATE_MESSAGE, type TaxedPart, type CategoryMixProblem } from './category-o.ts';
export { parsePercentage, percentageOf, formatPercentage } from './document-adjustment.ts';
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
