/** Table types: reminders (dunning) and late fees (migration 0017). Conventions: see ../schema.ts. */

export interface ReminderTables {
  reminder_settings: ReminderSettingsTable;
  invoice_reminders: InvoiceRemindersTable;
  invoice_reminder_pauses: InvoiceReminderPausesTable;
}

export interface ReminderSettingsTable {
  organization_id: string;
  enabled: number;
  /** JSON: [{days_relative_to_due, template}] as the API takes them. */
  steps: string;
  /** JSON: the late-fee settings, or null (none). */
  late_fee: string | null;
  updated_at: string;
}

export interface InvoiceRemindersTable {
  id: string;
  organization_id: string;
  invoice_id: string;
  /** Days relative to the due date; null: sent by hand. Unique per invoice. */
  step: number | null;
  /** sent | skipped (an earlier step passed over when several were due at once) */
  status: string;
  recipient: string | null;
  email_message_id: string | null;
  late_fee_invoice_id: string | null;
  created_by: string | null;
  created_at: string;
}

export interface InvoiceReminderPausesTable {
  invoice_id: string;
  organization_id: string;
  paused_by: string | null;
  paused_at: string;
}
