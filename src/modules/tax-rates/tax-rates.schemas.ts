import { z } from 'zod';
import { formatScaledTrimmed } from '../../domain/money/index.ts';
import { TAX_CATEGORIES } from '../../domain/tax/index.ts';
import { VatexCode } from '../../kernel/http/einvoice-schemas.ts';
import { ListQuery, optionalText, requiredText, scaledDecimal } from '../../kernel/http/schemas.ts';

/** Percentages carry up to 4 decimals ("7.75", "5.5"). */
export const PERCENTAGE_SCALE = 4;
const HUNDRED_PERCENT = 100n * 10n ** BigInt(PERCENTAGE_SCALE);

/**
 * A percentage given as "19", "7.5" or 19: 0..100, at most 4 decimals, no exponent.
 * The output is the normalised text stored in the database ("19.50" → "19.5").
 */
export const Percentage = scaledDecimal(PERCENTAGE_SCALE, { min: 0n, max: HUNDRED_PERCENT, maxText: '100' }).transform((scaled) =>
  formatScaledTrimmed(scaled, PERCENTAGE_SCALE),
);

export const TaxCategoryCode = z.enum(TAX_CATEGORIES);

export const TaxRate = z
  .object({
    id: z.string(),
    name: z.string(),
    percentage: z.string().meta({ description: 'Decimal string without trailing zeros, e.g. "19" or "7.5"' }),
    category: TaxCategoryCode.meta({ description: 'EN 16931 VAT category code (UNTDID 5305)' }),
    exemption_reason: z.string().nullable(),
    exemption_reason_code: z.string().nullable().meta({ description: 'VAT exemption reason code (CEF VATEX list, EN 16931 BT-121), e.g. "VATEX-EU-AE", "VATEX-EU-IC", "VATEX-EU-O"' }),
    archived: z.boolean(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'TaxRate' });

export type TaxRateOut = z.output<typeof TaxRate>;

const taxRateFields = {
  name: requiredText(100),
  percentage: Percentage,
  category: TaxCategoryCode.default('S'),
  exemption_reason: optionalText(300),
  exemption_reason_code: VatexCode,
  archived: z.boolean().default(false),
};

export const CreateTaxRate = z.object(taxRateFields).strict();
export type CreateTaxRateInput = z.output<typeof CreateTaxRate>;

export const UpdateTaxRate = z
  .object({
    name: taxRateFields.name.optional(),
    percentage: Percentage.optional(),
    category: TaxCategoryCode.optional(),
    exemption_reason: optionalText(300).optional(),
    exemption_reason_code: VatexCode.optional(),
    archived: z.boolean().optional(),
  })
  .strict();
export type UpdateTaxRateInput = z.output<typeof UpdateTaxRate>;

export const TaxRateListQuery = ListQuery.extend({
  q: z.string().max(200).optional(),
  archived: z.enum(['true', 'false', 'all']).default('false'),
  sort: z.enum(['created', 'name']).default('created'),
});
export type TaxRateListQueryInput = z.output<typeof TaxRateListQuery>;

export const TaxRateList = z.object({ data: z.array(TaxRate), next_cursor: z.string().nullable() }).meta({ id: 'TaxRateList' });
