/**
 * The CSV exports of customers, products and invoices carry one column per custom field
 * definition of the resource (issue #19), headed by its label, after the fixed columns:
 * numbers as decimals in the export's locale, everything else as stored.
 */
import type { Executor } from '../../db/executor.ts';
import { customFieldDefinitions } from '../../db/custom-fields.ts';
import type { CustomFieldResource } from '../../domain/custom-fields.ts';
import type { CsvColumn } from './csv-export.ts';

export async function customFieldCsvColumns<Row extends { custom_fields: Record<string, string> }>(
  db: Executor,
  orgId: string,
  resource: CustomFieldResource,
): Promise<CsvColumn<Row>[]> {
  const definitions = await customFieldDefinitions(db, orgId, resource);
  return definitions.map((d) => ({
    header: { en: d.label, de: d.label, fr: d.label, es: d.label },
    value: (row: Row) => {
      const value = row.custom_fields[d.key];
      if (value === undefined) return null;
      return d.type === 'number' ? { decimal: value } : value;
    },
  }));
}
