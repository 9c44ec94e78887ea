/**
 * Reminder settings (GET/PUT /organization/reminders), an invoice's reminders
 * (GET /invoices/{id}/reminders) and "Send reminder now". Every input error names its field
 * (`steps.2.days_relative_to_due`, `late_fee.amount`).
 */
import { z } from 'zod';
import { EMAIL_LANGUAGES, EMAIL_PLACEHOLDERS } from '../../domain/email-template.ts';
import { FEE_AMOUNT_SCALE, FEE_PERCENT_SCALE } from '../../domain/reminders.ts';
import { DecimalError, parseScaled } from '../../domain/money/index.ts';
import { Email } from '../../kernel/http/schemas.ts';
import { templateText } from '../email/email.schemas.ts';

export const MIN_STEP_DAYS = -60;
export const MAX_STEP_DAYS = 365;
export const MAX_STEPS = 10;
/** Suggested when an organization never saved its reminders (they start disabled). */
export const SUGGESTED_STEPS = [-3, 0, 7, 14, 30] as const;

const StepDays = z
  .number({ error: 'must be a whole number of days' })
  .int('must be a whole number of days')
  .min(MIN_STEP_DAYS, `must be at least ${MIN_STEP_DAYS} (days before the due date)`)
  .max(MAX_STEP_DAYS, `must be at most ${MAX_STEP_DAYS} (days after the due date)`);

const LanguageTexts = z
  .object({ subject: templateText('subject').optional(), body: templateText('body').optional() })
  .strict();

const StepTemplate = z
  .object(Object.fromEntries(EMAIL_LANGUAGES.map((language) => [language, LanguageTexts.optional()])) as Record<(typeof EMAIL_LANGUAGES)[number], z.ZodOptional<typeof LanguageTexts>>)
  .strict()
  .meta({ description: 'Own subject and body per language (en, de, fr, es); a field left out uses the built-in text of that language' });

const Step = z
  .object({
    days_relative_to_due: StepDays.meta({ description: 'Days relative to the due date: -3 three days before, 0 on the day, 7 a week late' }),
    template: StepTemplate.nullish().transform((v) => v ?? null),
  })
  .strict();

/** A positive decimal with at most `scale` places, at most `max`; kept as the normalised text. */
function positiveDecimal(scale: number, max: bigint, maxText: string) {
  return z.union([z.string().max(40), z.number()], { error: 'must be a decimal string such as "5.00"' }).transform((value, ctx) => {
    let scaled: bigint;
    try {
      scaled = parseScaled(value, scale);
    } catch (error) {
      if (!(error instanceof DecimalError)) throw error;
      ctx.issues.push({ code: 'custom', message: error.message, input: value });
      return z.NEVER;
    }
    if (scaled <= 0n) {
      ctx.issues.push({ code: 'custom', message: 'must be greater than zero', input: value });
      return z.NEVER;
    }
    if (scaled > max) {
      ctx.issues.push({ code: 'custom', message: `must be at most ${maxText}`, input: value });
      return z.NEVER;
    }
    const text = String(value).trim();
    return text.startsWith('+') ? text.slice(1) : text;
  });
}

const LateFeeInput = z
  .object({
    type: z.enum(['fixed', 'percentage']),
    amount: positiveDecimal(FEE_AMOUNT_SCALE, 1_000_000_000n * 10n ** BigInt(FEE_AMOUNT_SCALE), '1000000000')
      .optional()
      .meta({ description: 'type fixed: the fee in the overdue invoice’s currency (net; rounded to the currency’s digits)' }),
    percent: positiveDecimal(FEE_PERCENT_SCALE, 100n * 10n ** BigInt(FEE_PERCENT_SCALE), '100')
      .optional()
      .meta({ description: 'type percentage: percent of the amount due, e.g. "1.5"' }),
    days_relative_to_due: StepDays.meta({ description: 'The reminder step (one of steps, after the due date) at which the fee is charged' }),
    tax_rate_id: z.string().min(1).max(64).nullish().transform((v) => v ?? null),
  })
  .strict();

export const ReminderSettingsInput = z
  .object({
    enabled: z.boolean(),
    steps: z.array(Step).max(MAX_STEPS, `must have at most ${MAX_STEPS} steps`),
    late_fee: LateFeeInput.nullish().transform((v) => v ?? null),
  })
  .strict()
  .superRefine((body, ctx) => {
    const seen = new Set<number>();
    body.steps.forEach((step, i) => {
      if (seen.has(step.days_relative_to_due)) {
        ctx.addIssue({ code: 'custom', path: ['steps', i, 'days_relative_to_due'], message: `must be unique: ${step.days_relative_to_due} is already a step` });
      }
      seen.add(step.days_relative_to_due);
    });
    if (body.enabled && body.steps.length === 0) ctx.addIssue({ code: 'custom', path: ['steps'], message: 'must have at least one step while reminders are enabled' });
    const fee = body.late_fee;
    if (fee === null) return;
    if (fee.type === 'fixed' && fee.amount === undefined) ctx.addIssue({ code: 'custom', path: ['late_fee', 'amount'], message: 'is required for a fixed fee' });
    if (fee.type === 'fixed' && fee.percent !== undefined) ctx.addIssue({ code: 'custom', path: ['late_fee', 'percent'], message: 'goes with type percentage, not fixed' });
    if (fee.type === 'percentage' && fee.percent === undefined) ctx.addIssue({ code: 'custom', path: ['late_fee', 'percent'], message: 'is required for a percentage fee' });
    if (fee.type === 'percentage' && fee.amount !== undefined) ctx.addIssue({ code: 'custom', path: ['late_fee', 'amount'], message: 'goes with type fixed, not percentage' });
    if (fee.days_relative_to_due < 1) {
      ctx.addIssue({ code: 'custom', path: ['late_fee', 'days_relative_to_due'], message: 'must be a step after the due date (1 or more)' });
    } else if (!seen.has(fee.days_relative_to_due)) {
      ctx.addIssue({ code: 'custom', path: ['late_fee', 'days_relative_to_due'], message: 'must be one of the steps' });
    }
  });
export type ReminderSettingsInputValue = z.output<typeof ReminderSettingsInput>;

const TextsOut = z.object({ subject: z.string(), body: z.string() });
const PerLanguage = z.object(Object.fromEntries(EMAIL_LANGUAGES.map((l) => [l, TextsOut])) as Record<(typeof EMAIL_LANGUAGES)[number], typeof TextsOut>);
const OwnTexts = z.object({ subject: z.string().optional(), body: z.string().optional() });

export const ReminderSettings = z
  .object({
    enabled: z.boolean(),
    steps: z.array(
      z.object({
        days_relative_to_due: z.number().int(),
        template: z.record(z.string(), OwnTexts).nullable(),
      }),
    ),
    late_fee: z
      .object({
        type: z.enum(['fixed', 'percentage']),
        amount: z.string().nullable(),
        percent: z.string().nullable(),
        days_relative_to_due: z.number().int(),
        tax_rate_id: z.string().nullable(),
      })
      .nullable(),
    updated_at: z.string().nullable().meta({ description: 'null: never saved (the suggested defaults, disabled)' }),
    languages: z.array(z.string()),
    placeholders: z.array(z.string()),
    default_templates: z
      .object({ upcoming: PerLanguage, overdue: PerLanguage })
      .meta({ description: 'The built-in texts: upcoming for steps before the due date, overdue from the due date on' }),
  })
  .meta({ id: 'ReminderSettings' });
export type ReminderSettingsOut = z.output<typeof ReminderSettings>;

export const InvoiceReminders = z
  .object({
    invoice_id: z.string(),
    paused: z.boolean(),
    paused_at: z.string().nullable(),
    reminders: z.array(
      z.object({
        id: z.string(),
        step: z.number().int().nullable().meta({ description: 'Days relative to the due date; null: sent by hand' }),
        status: z.enum(['sent', 'skipped']).meta({ description: 'skipped: an earlier step passed over because a later one was due at the same time' }),
        recipient: z.string().nullable(),
        email_message_id: z.string().nullable(),
        late_fee_invoice_id: z.string().nullable(),
        created_at: z.string(),
      }),
    ),
    late_fee_invoices: z.array(z.object({ id: z.string(), number: z.string().nullable(), status: z.string(), total: z.string(), currency: z.string() })),
  })
  .meta({ id: 'InvoiceReminders' });
export type InvoiceRemindersOut = z.output<typeof InvoiceReminders>;

export const SendReminderInput = z
  .object({ to: Email.optional().meta({ description: "Recipient; default: the customer's e-mail address" }) })
  .strict()
  .nullish()
  .transform((v) => v ?? {});
export type SendReminderInputValue = z.output<typeof SendReminderInput>;

export const REMINDER_PLACEHOLDERS = EMAIL_PLACEHOLDERS.map((name) => `{${name}}`);
