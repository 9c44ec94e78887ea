/**
 * Payment reminders (dunning) and late fees, pure. A reminder step is a number of days
 * relative to an invoice's due date (−3: three days before, 0: on the day, 7: a week late);
 * it is due once that calendar day has begun in the organization's time zone.
 *
 * Catching up: when several steps of one invoice are due at once and none of them has been
 * handled — reminders were just switched on for old invoices, a pause was lifted, the server
 * was down — only the LATEST due step is sent; the earlier ones are recorded as skipped and
 * never sent. A customer gets one reminder, never a burst of every step that passed.
 *
 * Late fees: a fixed amount (in the invoice's currency) or a percentage of the amount due,
 * rounded half away from zero (for a positive fee: half up) to the currency's minor unit.
 * The fee is the net price of the late-fee invoice's line; its tax rate, if any, is added on top.
 */
import { addDays } from './dates.ts';
import { currencyExponent, parseScaled, pow10, roundHalfAwayFromZero } from './money/index.ts';

/** The calendar date on which `days` relative to `dueDate` falls. */
export function stepDate(dueDate: string, days: number): string {
  return addDays(dueDate, days);
}

/** The steps due by `today` (their date has come), in increasing order. */
export function dueSteps(dueDate: string, today: string, steps: readonly number[]): number[] {
  return [...steps].filter((days) => stepDate(dueDate, days) <= today).sort((a, b) => a - b);
}

export interface StepPlan {
  /** The step to send now, or null. */
  send: number | null;
  /** Earlier due steps never handled, passed over (recorded as skipped). */
  skip: number[];
}

/**
 * What to do for one invoice today: among the due steps not yet handled (`handled`: sent or
 * skipped before), send the latest and skip the rest. A step later than the latest handled
 * one is the only kind that can still be sent; steps before it are skipped.
 */
export function planReminder(dueDate: string, today: string, steps: readonly number[], handled: ReadonlySet<number>): StepPlan {
  const due = dueSteps(dueDate, today, steps);
  const latestHandled = [...handled].reduce<number | null>((max, s) => (max === null || s > max ? s : max), null);
  const open = due.filter((s) => !handled.has(s));
  const sendable = open.filter((s) => latestHandled === null || s > latestHandled);
  const send = sendable.length === 0 ? null : (sendable[sendable.length - 1] ?? null);
  return { send, skip: send === null ? [] : open.filter((s) => s < send) };
}

export type LateFee =
  | { type: 'fixed'; amount: string }
  | { type: 'percentage'; percent: string };

/** Decimal places a fixed fee may be written with (the most any currency has is 3, e.g. BHD). */
export const FEE_AMOUNT_SCALE = 3;
/** Decimal places of a fee percentage ("1.5", "0.125"). */
export const FEE_PERCENT_SCALE = 4;

/**
 * The fee in minor units of `currency`. A fixed amount written with more decimals than the
 * currency has (5.50 for JPY) is rounded to it; a percentage is taken of `amountDue` (minor
 * units). Never negative.
 */
export function lateFeeAmount(fee: LateFee, amountDue: bigint, currency: string): bigint {
  const exponent = currencyExponent(currency);
  if (fee.type === 'fixed') {
    const scaled = parseScaled(fee.amount, FEE_AMOUNT_SCALE);
    return roundHalfAwayFromZero(scaled * pow10(exponent), pow10(FEE_AMOUNT_SCALE));
  }
  const percent = parseScaled(fee.percent, FEE_PERCENT_SCALE);
  if (amountDue <= 0n) return 0n;
  return roundHalfAwayFromZero(amountDue * percent, 100n * pow10(FEE_PERCENT_SCALE));
}
