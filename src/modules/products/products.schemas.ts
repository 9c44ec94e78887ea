import { z } from 'zod';
import { ListQuery, optionalText, requiredText, scaledDecimal } from '../../kernel/http/schemas.ts';
import { CatalogueSortParam, CsvLocale, IdSelection, ListFormat } from '../../kernel/http/csv-export.ts';
import { CustomFieldsInput, CustomFieldsOut } from '../../kernel/http/custom-field-schemas.ts';

/** Unit prices are stored as integers scaled by 10^6 ("19.99" is 19990000). */
export const UNIT_PRICE_SCALE = 6;
const MAX_UNIT_PRICE = 999_999_999_999_999n;

/**
 * A unit price given as "19.99" or 19.99: not negative, at most 6 decimals and
 * 999999999.999999, no exponent. The output is the scaled integer.
 */
export const UnitPrice = scaledDecimal(UNIT_PRICE_SCALE, { min: 0n, max: MAX_UNIT_PRICE, maxText: '999999999.999999' });

export const Product = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    unit_price: z.string().meta({ description: 'Decimal string with 2 to 6 decimals, e.g. "19.99" or "0.004"' }),
    unit: z.string().nullable(),
    tax_rate_id: z.string().nullable(),
    sku: z.string().nullable(),
    archived: z.boolean(),
    custom_fields: CustomFieldsOut,
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Product' });

export type ProductOut = z.output<typeof Product>;

const TaxRateId = z.string().min(1).max(64);

const productFields = {
  name: requiredText(200),
  description: optionalText(2000),
  unit_price: UnitPrice.prefault(0),
  unit: optionalText(30),
  tax_rate_id: TaxRateId.nullish().transform((v) => v ?? null),
  sku: optionalText(64),
  archived: z.boolean().default(false),
  custom_fields: CustomFieldsInput,
};

export const CreateProduct = z.object(productFields).strict();
export type CreateProductInput = z.output<typeof CreateProduct>;

export const UpdateProduct = z
  .object({
    name: productFields.name.optional(),
    description: optionalText(2000).optional(),
    unit_price: UnitPrice.optional(),
    unit: optionalText(30).optional(),
    tax_rate_id: TaxRateId.nullish(),
    sku: optionalText(64).optional(),
    archived: z.boolean().optional(),
    custom_fields: CustomFieldsInput,
  })
  .strict();
export type UpdateProductInput = z.output<typeof UpdateProduct>;

/** The fields GET /products sorts by besides `created` (`?sort=name`, `?sort=-created_at`). */
export const PRODUCTS_SORT_FIELDS = ['name', 'sku', 'unit_price', 'created_at'] as const;

export const ProductListQuery = ListQuery.extend({
  q: z.string().max(200).optional(),
  archived: z.enum(['true', 'false', 'all']).default('false'),
  sort: CatalogueSortParam(PRODUCTS_SORT_FIELDS),
  ids: IdSelection,
  format: ListFormat,
  locale: CsvLocale,
});
export type ProductListQueryInput = z.output<typeof ProductListQuery>;

export const ProductList = z.object({
  data: z.array(Product),
  next_cursor: z.string().nullable(),
  total: z.number().int().meta({ description: 'How many products match the filters (all pages)' }),
}).meta({ id: 'ProductList' });
