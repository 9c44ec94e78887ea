/**
 * EN 16931 VAT category codes (UNTDID 5305 subset, BT-118/BT-151) and the rules the standard
 * attaches to them. Kept as data so the server, the web app and e-invoice export agree.
 */

import { DomainError } from '../money/errors.ts';

export const TAX_CATEGORIES = ['S', 'Z', 'E', 'AE', 'K', 'G', 'O', 'L', 'M'] as const;
export type TaxCategory = (typeof TAX_CATEGORIES)[number];

/** Human names, for pickers and printed invoices. */
export const TAX_CATEGORY_NAMES: Readonly<Record<TaxCategory, string>> = {
  S: 'Standard rate',
  Z: 'Zero rated goods',
  E: 'Exempt from tax',
  AE: 'Reverse charge',
  K: 'Intra-community supply (VAT exempt)',
  G: 'Export outside the EU (free export)',
  O: 'Not subject to VAT',
  L: 'Canary Islands general indirect tax (IGIC)',
  M: 'Ceuta and Melilla tax (IPSI)',
};

/** Categories whose rate must be 0 (EN 16931 BR-Z-05, BR-E-05, BR-AE-05, BR-IC-05, BR-G-05; O has no rate, BR-O-05, which we store as 0). */
const ZERO_RATE: ReadonlySet<TaxCategory> = new Set<TaxCategory>(['Z', 'E', 'AE', 'K', 'G', 'O']);

/** Categories whose VAT breakdown must carry an exemption reason (BR-E-10, BR-AE-10, BR-IC-10, BR-G-10, BR-O-10). */
const NEEDS_REASON: ReadonlySet<TaxCategory> = new Set<TaxCategory>(['E', 'AE', 'K', 'G', 'O']);

export function isTaxCategory(value: string): value is TaxCategory {
  return (TAX_CATEGORIES as readonly string[]).includes(value);
}

/** True when the category's rate must be 0%. */
export function isZeroRateCategory(category: TaxCategory): boolean {
  return ZERO_RATE.has(category);
}

/** True when an invoice using the category must state an exemption reason (text or code). */
export function requiresExemptionReason(category: TaxCategory): boolean {
  return NEEDS_REASON.has(category);
}

/**
 * Checks a category/percentage pair (percentage scaled by 10^6, as parsed from "19" or "7.7")
 * and returns the category. Percentages are 0..100; zero-rate categories must be 0; standard
 * rate must be above 0 (BR-S-05: a 0% standard rate is a zero-rated supply, category Z).
 */
export function checkTaxCategory(category: string, scaledPercentage: bigint, path?: string): TaxCategory {
  if (!isTaxCategory(category)) {
    throw new DomainError(
      'invalid_tax',
      `Tax category "${category}" is not one of ${TAX_CATEGORIES.join(', ')}`,
      path === undefined ? undefined : `${path}.category`,
    );
  }
  const percentagePath = path === undefined ? undefined : `${path}.percentage`;
  if (scaledPercentage < 0n || scaledPercentage > 100_000_000n) {
    throw new DomainError('invalid_tax', 'Tax percentage must be between 0 and 100', percentagePath);
  }
  if (isZeroRateCategory(category) && scaledPercentage !== 0n) {
    throw new DomainError('invalid_tax', `Tax category ${category} (${TAX_CATEGORY_NAMES[category]}) must have a 0% rate`, percentagePath);
  }
  if (category === 'S' && scaledPercentage === 0n) {
    throw new DomainError('invalid_tax', 'Standard rate (S) must be above 0%; use category Z for zero-rated goods', percentagePath);
  }
  return category;
}
