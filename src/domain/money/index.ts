/**
 * Public API of the money module: exact decimals, currencies, amounts in minor units,
 * the one rounding rule and allocation. Pure (no I/O, no Node-only imports): the web app
 * imports it too for live totals.
 */

export { DomainError, type DomainErrorCode } from './errors.ts';
export { roundHalfAwayFromZero, floorDiv, pow10 } from './rounding.ts';
export {
  DECIMAL_SCALE,
  DecimalError,
  parseScaled,
  formatScaled,
  formatScaledTrimmed,
  parseDecimalField,
  padFraction,
} from './decimal.ts';
export { isCurrencyCode, currencyExponent, currencyCodeList } from './currency.ts';
export { parseAmount, formatAmount } from './amount.ts';
export { allocate, cumulativeShare } from './allocate.ts';
export { normalizeLocaleDecimal, type DecimalSeparator } from './locale-decimal.ts';
