/**
 * Reminder rows of one organization: its settings, the reminders of its invoices and their
 * pauses. Every query carries the organization's scope.
 */
import type { InvoiceRemindersTable, ReminderSettingsTable } from '../../db/schema.ts';
import type { Executor } from '../../kernel/context.ts';
import type { StepTemplate } from '../../domain/reminder-template.ts';

export interface StoredStep {
  days_relative_to_due: number;
  template: StepTemplate | null;
}

export interface StoredLateFee {
  type: 'fixed' | 'percentage';
  amount?: string | undefined;
  percent?: string | undefined;
  days_relative_to_due: number;
  tax_rate_id: string | null;
}

export interface Settings {
  enabled: boolean;
  steps: StoredStep[];
  late_fee: StoredLateFee | null;
  updated_at: string | null;
}

export function parseSettings(row: ReminderSettingsTable | undefined, suggested: readonly number[]): Settings {
  if (row === undefined) {
    return { enabled: false, steps: suggested.map((days) => ({ days_relative_to_due: days, template: null })), late_fee: null, updated_at: null };
  }
  return {
    enabled: row.enabled === 1,
    steps: JSON.parse(row.steps) as StoredStep[],
    late_fee: row.late_fee === null ? null : (JSON.parse(row.late_fee) as StoredLateFee),
    updated_at: row.updated_at,
  };
}

export class RemindersRepo {
  constructor(
    private readonly db: Executor,
    private readonly orgId: string,
  ) {}

  settingsRow(): Promise<ReminderSettingsTable | undefined> {
    return this.db.selectFrom('reminder_settings').selectAll().where('organization_id', '=', this.orgId).executeTakeFirst();
  }

  async saveSettings(row: Omit<ReminderSettingsTable, 'organization_id'>): Promise<void> {
    await this.db
      .insertInto('reminder_settings')
      .values({ ...row, organization_id: this.orgId })
      .onConflict((oc) => oc.column('organization_id').doUpdateSet({ enabled: row.enabled, steps: row.steps, late_fee: row.late_fee, updated_at: row.updated_at }))
      .execute();
  }

  reminders(invoiceId: string): Promise<InvoiceRemindersTable[]> {
    return this.db
      .selectFrom('invoice_reminders')
      .selectAll()
      .where('organization_id', '=', this.orgId)
      .where('invoice_id', '=', invoiceId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  async insertReminder(row: Omit<InvoiceRemindersTable, 'organization_id'>): Promise<void> {
    await this.db.insertInto('invoice_reminders').values({ ...row, organization_id: this.orgId }).execute();
  }

  async pause(invoiceId: string): Promise<{ paused_at: string } | undefined> {
    return this.db.selectFrom('invoice_reminder_pauses').select('paused_at').where('organization_id', '=', this.orgId).where('invoice_id', '=', invoiceId).executeTakeFirst();
  }

  async insertPause(invoiceId: string, pausedBy: string | null, now: string): Promise<void> {
    await this.db
      .insertInto('invoice_reminder_pauses')
      .values({ invoice_id: invoiceId, organization_id: this.orgId, paused_by: pausedBy, paused_at: now })
      .onConflict((oc) => oc.column('invoice_id').doNothing())
      .execute();
  }

  async deletePause(invoiceId: string): Promise<void> {
    await this.db.deleteFrom('invoice_reminder_pauses').where('organization_id', '=', this.orgId).where('invoice_id', '=', invoiceId).execute();
  }

  lateFeeInvoices(invoiceId: string) {
    return this.db
      .selectFrom('invoices')
      .select(['id', 'number', 'status', 'total', 'currency'])
      .where('organization_id', '=', this.orgId)
      .where('late_fee_for_invoice_id', '=', invoiceId)
      .orderBy('created_at')
      .execute();
  }
}
