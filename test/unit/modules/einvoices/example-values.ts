/** Test-only value normalisers shared by the UBL and CII example readers. */

import type { VatCategoryCode } from '../../../../src/domain/einvoice/model.ts';
import { DECIMAL_SCALE, formatAmount, formatScaledTrimmed, parseAmount, parseScaled } from '../../../../src/domain/money/index.ts';

export const decimal = (value: string | undefined) =>
  value === undefined || value === '' ? undefined : formatScaledTrimmed(parseScaled(value, DECIMAL_SCALE), DECIMAL_SCALE);

export const amountOf = (currency: string) => (value: string | undefined) =>
  value === undefined || value === '' ? undefined : formatAmount(parseAmount(value, currency), currency);

/** Drops undefined properties so toEqual comparisons and spreads stay clean. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))) as T;
}

export function vatCategory(code: string): VatCategoryCode {
  return code as VatCategoryCode;
}

