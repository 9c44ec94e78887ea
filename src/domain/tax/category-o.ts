/**
 * EN 16931 category O ("not subject to VAT") stands alone: an invoice with a VAT breakdown
 * of category O has no other category (BR-O-11 … BR-O-14). Settle treats a line without a
 * tax rate as category O, so a line that merely lacks a rate beside taxed lines would turn
 * the whole document invalid — and would hide a forgotten rate. This finds those parts.
 * Pure.
 */

export interface TaxedPart {
  /** Where the part is in the request, e.g. "lines.2" or "allowances.0". */
  path: string;
  category: string;
  /** Null: the part has no tax rate (it is category O by default). */
  tax_rate_id: string | null;
}

export interface CategoryMixProblem {
  path: string;
  message: string;
}

export const MISSING_RATE_MESSAGE = "choose a tax rate: a line without one is 'not subject to VAT' and cannot stand beside taxed lines";
const EXPLICIT_O_MESSAGE = "is a 'not subject to VAT' (category O) rate, which cannot stand beside other VAT categories on one invoice (EN 16931 BR-O-11)";

/** The parts to fix (their tax_rate_id), or [] when category O is absent or alone. */
export function categoryMixProblems(parts: readonly TaxedPart[]): CategoryMixProblem[] {
  const hasO = parts.some((part) => part.category === 'O');
  const hasOther = parts.some((part) => part.category !== 'O');
  if (!hasO || !hasOther) return [];
  return parts
    .filter((part) => part.category === 'O')
    .map((part) => ({ path: `${part.path}.tax_rate_id`, message: part.tax_rate_id === null ? MISSING_RATE_MESSAGE : EXPLICIT_O_MESSAGE }));
}
