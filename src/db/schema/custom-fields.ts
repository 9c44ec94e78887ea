/** Table types: custom field definitions (migration 0027). Conventions: see ../schema.ts. */

export interface CustomFieldTables {
  custom_field_definitions: CustomFieldDefinitionsTable;
}

export interface CustomFieldDefinitionsTable {
  id: string;
  organization_id: string;
  /** customer | product | invoice (domain/custom-fields.ts) */
  resource: string;
  /** Slug, unique per organization and resource, never changed. */
  key: string;
  label: string;
  /** text | number | date | select */
  type: string;
  /** JSON array of the options of a select; null for other types. */
  options: string | null;
  required: number;
  printed: number;
  position: number;
  created_at: string;
  updated_at: string;
}
