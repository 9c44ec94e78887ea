/**
 * Request and response pieces for custom field values (issue #19), shared by customers,
 * products and invoices. The shape only: the values are checked against the organization's
 * definitions by db/custom-fields.ts resolveCustomFields (a 422 naming custom_fields.<key>).
 */
import { z } from 'zod';

export const CustomFieldsOut = z
  .record(z.string(), z.string())
  .meta({ description: 'Custom field values by key (GET /custom-fields): text as written, numbers as decimal strings, dates YYYY-MM-DD, selects one of the options' });

export const CustomFieldsInput = z
  .record(z.string().max(100), z.unknown())
  .optional()
  .meta({
    description:
      'Custom field values by key, checked against the definitions (GET /custom-fields): strings only (numbers as decimal strings "12.50", dates YYYY-MM-DD); null or "" clears a value; keys not given keep theirs',
  });
