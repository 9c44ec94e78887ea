/**
 * The organization's reminder settings: whether reminders are on, the steps (days relative
 * to the due date) with their own texts, and the late fee. Never saved: disabled, with the
 * suggested steps. Saving is an audited change of the organization.
 */
import { inTransaction } from '../../db/transaction.ts';
import { EMAIL_LANGUAGES } from '../../domain/email-template.ts';
import { DEFAULT_REMINDER_TEMPLATES } from '../../domain/reminder-template.ts';
import type { Executor, RequestContext } from '../../kernel/context.ts';
import { nowIso } from '../../kernel/context.ts';
import { emit } from '../../kernel/events.ts';
import { AppError } from '../../shared/errors.ts';
import { parseSettings, RemindersRepo, type Settings } from './reminders.repo.ts';
import { REMINDER_PLACEHOLDERS, SUGGESTED_STEPS, type ReminderSettingsInputValue, type ReminderSettingsOut } from './reminders.schemas.ts';

export async function readSettings(db: Executor, orgId: string): Promise<Settings> {
  return parseSettings(await new RemindersRepo(db, orgId).settingsRow(), SUGGESTED_STEPS);
}

function settingsOut(settings: Settings): ReminderSettingsOut {
  const fee = settings.late_fee;
  return {
    enabled: settings.enabled,
    steps: settings.steps.map((step) => ({ days_relative_to_due: step.days_relative_to_due, template: step.template ?? null })),
    late_fee:
      fee === null
        ? null
        : { type: fee.type, amount: fee.amount ?? null, percent: fee.percent ?? null, days_relative_to_due: fee.days_relative_to_due, tax_rate_id: fee.tax_rate_id },
    updated_at: settings.updated_at,
    languages: [...EMAIL_LANGUAGES],
    placeholders: REMINDER_PLACEHOLDERS,
    default_templates: DEFAULT_REMINDER_TEMPLATES,
  };
}

export async function getReminderSettings(ctx: RequestContext): Promise<ReminderSettingsOut> {
  return settingsOut(await readSettings(ctx.db.kysely, ctx.orgId));
}

export async function putReminderSettings(ctx: RequestContext, input: ReminderSettingsInputValue): Promise<ReminderSettingsOut> {
  return inTransaction(ctx.db, async (trx) => {
    const fee = input.late_fee;
    if (fee !== null && fee.tax_rate_id !== null) {
      const rate = await trx.selectFrom('tax_rates').select(['id', 'archived']).where('organization_id', '=', ctx.orgId).where('id', '=', fee.tax_rate_id).executeTakeFirst();
      if (!rate) throw AppError.validation('late_fee.tax_rate_id', 'is not a tax rate of this organization');
      if (rate.archived === 1) throw AppError.validation('late_fee.tax_rate_id', 'is an archived tax rate');
    }
    const repo = new RemindersRepo(trx, ctx.orgId);
    const before = parseSettings(await repo.settingsRow(), SUGGESTED_STEPS);
    const now = nowIso(ctx.clock);
    const steps = [...input.steps].sort((a, b) => a.days_relative_to_due - b.days_relative_to_due);
    const lateFee = fee === null ? null : { type: fee.type, ...(fee.type === 'fixed' ? { amount: fee.amount } : { percent: fee.percent }), days_relative_to_due: fee.days_relative_to_due, tax_rate_id: fee.tax_rate_id };
    await repo.saveSettings({ enabled: input.enabled ? 1 : 0, steps: JSON.stringify(steps), late_fee: lateFee === null ? null : JSON.stringify(lateFee), updated_at: now });
    const after: Settings = { enabled: input.enabled, steps, late_fee: lateFee, updated_at: now };
    await emit(trx, ctx, {
      type: 'organization.reminders_updated',
      resource: { type: 'organization', id: ctx.orgId },
      before: { enabled: before.enabled, steps: before.steps, late_fee: before.late_fee },
      after: { enabled: after.enabled, steps: after.steps, late_fee: after.late_fee },
    });
    return settingsOut(after);
  });
}
