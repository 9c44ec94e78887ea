/** Table types: CSV imports (migration 0025). Conventions: see ../schema.ts. */

export interface ImportTables {
  imports: ImportsTable;
}

export interface ImportsTable {
  id: string;
  organization_id: string;
  /** customers | products | tax_rates */
  type: string;
  /** SHA-256 (hex) of the file's bytes and the import's options; unique per organization. */
  hash: string;
  file_name: string | null;
  /** Data rows read (blank lines not counted). */
  rows: number;
  created: number;
  updated: number;
  skipped: number;
  /** The user who ran it (null: an API token of a since-deleted user, or the system). */
  created_by: string | null;
  created_at: string;
}
