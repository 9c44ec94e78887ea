/**
 * The periods of a recurring subscription: which calendar dates period k covers, when it is
 * billed, which period a date falls in, and the period placeholders of invoice texts. Pure;
 * calendar dates are YYYY-MM-DD strings (no time zone: the organization's zone turns an
 * instant into a date before anything here is asked), the maths is Temporal's.
 *
 * Period boundaries are computed from the anchor, never by stepping from the previous period:
 * stepping monthly from 31 January gives 28 February and then 28 March, forever; from the
 * anchor it is 31 January, 28 February, 31 March, 30 April. The same direct formula lets
 * period 3000 be found without walking the 2999 before it.
 */
import { Temporal } from 'temporal-polyfill';
import { supportedLocale } from './document-language.ts';

export const BILLING_INTERVALS = ['day', 'week', 'month', 'year'] as const;
export type BillingInterval = (typeof BILLING_INTERVALS)[number];

export const BILLING_TIMINGS = ['in_advance', 'in_arrears'] as const;
export type BillingTiming = (typeof BILLING_TIMINGS)[number];

export interface BillingCycle {
  interval: BillingInterval;
  /** Intervals per period, ≥ 1: 3 months is a quarter, 2 weeks a fortnight. */
  intervalCount: number;
  /** First day of service, YYYY-MM-DD. */
  startDate: string;
  /**
   * Day of the month periods start on, 1–31, for month and year cycles only; a day a month
   * lacks means that month's last day (31 → 30 April, 28 or 29 February). Default: the day of
   * startDate. When it differs, period 0 is a stub up to the first such day after startDate.
   */
  anchorDay?: number | null;
  /** Last day of service (inclusive): no period starts after it, the last one is cut to end on it. */
  endDate?: string | null;
}

/** Period `index` (0 first) of a cycle; start and end are both inclusive calendar dates. */
export interface BillingPeriod {
  index: number;
  start: string;
  end: string;
}

/**
 * The longest period each interval allows. Days and weeks stop at a year: a longer count is a
 * month or year cycle written so that it drifts against the calendar (365 days is not a year in
 * a leap year). Ten years covers multi-year terms; anything longer is more likely a typo.
 */
export const MAX_INTERVAL_COUNT: Readonly<Record<BillingInterval, number>> = { day: 365, week: 52, month: 120, year: 10 };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The date, or null when `value` is not a real calendar date written YYYY-MM-DD. */
function parseDate(value: unknown): Temporal.PlainDate | null {
  if (typeof value !== 'string' || !DATE.test(value)) return null;
  try {
    return Temporal.PlainDate.from(value); // a string never overflows: 2027-02-30 throws
  } catch {
    return null;
  }
}

function isWholeNumber(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** Why the cycle cannot be used, one entry per problem, or [] when it is sound. */
export function validateCycle(cycle: BillingCycle): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const interval = (BILLING_INTERVALS as readonly unknown[]).includes(cycle.interval) ? cycle.interval : null;
  if (interval === null) problems.push({ path: 'interval', message: `must be one of ${BILLING_INTERVALS.join(', ')}` });
  const max = interval === null ? 365 : MAX_INTERVAL_COUNT[interval];
  if (!isWholeNumber(cycle.intervalCount, 1, max)) {
    problems.push({ path: 'intervalCount', message: `must be a whole number from 1 to ${max}${interval === null ? '' : ` for ${interval} cycles`}` });
  }
  const start = parseDate(cycle.startDate);
  if (start === null) problems.push({ path: 'startDate', message: 'must be a calendar date written YYYY-MM-DD' });
  if (cycle.anchorDay !== null && cycle.anchorDay !== undefined) {
    if (interval === 'day' || interval === 'week') {
      problems.push({ path: 'anchorDay', message: 'applies to month and year cycles only; day and week cycles start on startDate' });
    } else if (!isWholeNumber(cycle.anchorDay, 1, 31)) {
      problems.push({ path: 'anchorDay', message: 'must be a whole number from 1 to 31 (31: the last day of shorter months)' });
    }
  }
  if (cycle.endDate !== null && cycle.endDate !== undefined) {
    const end = parseDate(cycle.endDate);
    if (end === null) problems.push({ path: 'endDate', message: 'must be a calendar date written YYYY-MM-DD' });
    else if (start !== null && Temporal.PlainDate.compare(end, start) < 0) problems.push({ path: 'endDate', message: 'must not be before startDate' });
  }
  return problems;
}

/** A validated cycle in the form the formulas below use. */
interface Plan {
  start: Temporal.PlainDate;
  end: Temporal.PlainDate | null;
  /** Day and week cycles: every period has this many days. */
  days: number | null;
  /** Month and year cycles: months per period, the anchor day, and the first anchor's month offset. */
  months: number;
  anchorDay: number;
  /** Months from startDate's month to the first anchor date on or after startDate (0 or 1). */
  firstOffset: number;
  /** Whether period 0 is a stub from startDate to the day before that first anchor date. */
  stub: boolean;
}

function planOf(cycle: BillingCycle): Plan {
  const problems = validateCycle(cycle);
  if (problems.length > 0) throw new RangeError(`invalid billing cycle: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`);
  const start = Temporal.PlainDate.from(cycle.startDate);
  const end = cycle.endDate ? Temporal.PlainDate.from(cycle.endDate) : null;
  const anchorDay = cycle.anchorDay ?? start.day;
  if (cycle.interval === 'day' || cycle.interval === 'week') {
    const days = cycle.intervalCount * (cycle.interval === 'week' ? 7 : 1);
    return { start, end, days, months: 0, anchorDay, firstOffset: 0, stub: false };
  }
  const months = cycle.intervalCount * (cycle.interval === 'year' ? 12 : 1);
  // The anchor date in startDate's own month, if not already past, else in the next month.
  // (For year cycles too: anchorDay names a day, not a month, so the stub stays short.)
  const firstOffset = Temporal.PlainDate.compare(anchorIn(start, 0, anchorDay), start) >= 0 ? 0 : 1;
  const stub = !anchorIn(start, firstOffset, anchorDay).equals(start);
  return { start, end, days: null, months, anchorDay, firstOffset, stub };
}

/** Day `anchorDay` (or the month's last day, if shorter) of the month `offset` months after `base`'s. */
function anchorIn(base: Temporal.PlainDate, offset: number, anchorDay: number): Temporal.PlainDate {
  const monthIndex = base.month - 1 + offset;
  const year = base.year + Math.floor(monthIndex / 12);
  const month = (((monthIndex % 12) + 12) % 12) + 1;
  return Temporal.PlainDate.from({ year, month, day: anchorDay }, { overflow: 'constrain' });
}

/** The first day of period `index`. */
function startOf(plan: Plan, index: number): Temporal.PlainDate {
  if (plan.days !== null) return plan.start.add({ days: index * plan.days });
  if (plan.stub && index === 0) return plan.start;
  const full = plan.stub ? index - 1 : index; // periods counted from the first anchor date
  return anchorIn(plan.start, plan.firstOffset + full * plan.months, plan.anchorDay);
}

/** The index of the period containing `date` (on or after startDate; endDate is not considered). */
function indexOf(plan: Plan, date: Temporal.PlainDate): number {
  if (plan.days !== null) return Math.floor(plan.start.until(date).days / plan.days);
  const first = anchorIn(plan.start, plan.firstOffset, plan.anchorDay);
  if (Temporal.PlainDate.compare(date, first) < 0) return 0; // inside the stub
  const monthsAfter = (date.year - plan.start.year) * 12 + (date.month - plan.start.month) - plan.firstOffset;
  // The period whose anchor month is the latest on or before date's month; one step back when
  // the anchor day in that month is still ahead of date (a shorter month never pushes it past).
  let full = Math.floor(monthsAfter / plan.months);
  if (full > 0 && Temporal.PlainDate.compare(anchorIn(plan.start, plan.firstOffset + full * plan.months, plan.anchorDay), date) > 0) full -= 1;
  return full + (plan.stub ? 1 : 0);
}

function periodOf(plan: Plan, index: number): BillingPeriod | null {
  const start = startOf(plan, index);
  if (plan.end !== null && Temporal.PlainDate.compare(start, plan.end) > 0) return null;
  let end = startOf(plan, index + 1).subtract({ days: 1 });
  if (plan.end !== null && Temporal.PlainDate.compare(end, plan.end) > 0) end = plan.end;
  return { index, start: start.toString(), end: end.toString() };
}

function dateArgument(date: string): Temporal.PlainDate {
  const parsed = parseDate(date);
  if (parsed === null) throw new RangeError(`"${date}" is not a calendar date written YYYY-MM-DD`);
  return parsed;
}

/**
 * Period `index` (0 first), or null when it would start after endDate. Throws RangeError for an
 * invalid cycle (see validateCycle) or an index that is not a whole number ≥ 0.
 */
export function periodAt(cycle: BillingCycle, index: number): BillingPeriod | null {
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`period index must be a whole number ≥ 0, got ${index}`);
  return periodOf(planOf(cycle), index);
}

/** The date the period is invoiced: its first day in advance, the day after its last in arrears. */
export function billingDateOf(period: BillingPeriod, timing: BillingTiming): string {
  switch (timing) {
    case 'in_advance':
      return period.start;
    case 'in_arrears':
      // The period is over only once its last day is: billing on that day would charge for
      // service not yet delivered (and a period cut short by endDate ends on endDate).
      return dateArgument(period.end).add({ days: 1 }).toString();
    default:
      throw new RangeError(`unknown billing timing "${String(timing)}"`);
  }
}

/** The first period starting on or after `date`, or null when none does by endDate. */
export function firstPeriodStartingOnOrAfter(cycle: BillingCycle, date: string): BillingPeriod | null {
  const plan = planOf(cycle);
  const day = dateArgument(date);
  if (Temporal.PlainDate.compare(day, plan.start) <= 0) return periodOf(plan, 0);
  const index = indexOf(plan, day);
  return periodOf(plan, startOf(plan, index).equals(day) ? index : index + 1);
}

/** The period `date` falls in, or null before startDate and after endDate. */
export function periodContaining(cycle: BillingCycle, date: string): BillingPeriod | null {
  const plan = planOf(cycle);
  const day = dateArgument(date);
  if (Temporal.PlainDate.compare(day, plan.start) < 0) return null;
  if (plan.end !== null && Temporal.PlainDate.compare(day, plan.end) > 0) return null;
  return periodOf(plan, indexOf(plan, day));
}

interface PeriodFormats {
  date: Intl.DateTimeFormat;
  month: Intl.DateTimeFormat;
  year: Intl.DateTimeFormat;
}

const formatCache = new Map<string, PeriodFormats>();

function formatsOf(locale: string): PeriodFormats {
  const cached = formatCache.get(locale);
  if (cached) return cached;
  // timeZone UTC: the Date below is midnight UTC of the calendar date, and must not become the
  // day before in a zone west of Greenwich. dateStyle 'medium' as on printed documents.
  const formats: PeriodFormats = {
    date: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }),
    // Month alone: ICU picks the standalone form ("Januar"), not the one inside a date.
    month: new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }),
    year: new Intl.DateTimeFormat(locale, { year: 'numeric', timeZone: 'UTC' }),
  };
  if (formatCache.size < 1000) formatCache.set(locale, formats);
  return formats;
}

function utcDate(date: string): Date {
  const day = dateArgument(date);
  return new Date(Date.UTC(day.year, day.month - 1, day.day));
}

const PERIOD_PLACEHOLDER = /\{(period_start|period_end|month|year)\}/g;

/**
 * `text` with {period_start} and {period_end} (dates as the locale writes them), {month} (the
 * month name of the period's start, "January", "Januar", "janvier", "enero") and {year} (its
 * year) filled in, e.g. an invoice line "Hosting {month} {year}". One pass, so a value is never
 * expanded again; any other brace text stays as written. An unknown locale falls back to English.
 */
export function renderPeriodPlaceholders(text: string, period: BillingPeriod, locale: string): string {
  const formats = formatsOf(supportedLocale(locale));
  const start = utcDate(period.start);
  const end = utcDate(period.end);
  return text.replace(PERIOD_PLACEHOLDER, (_match, name: string) => {
    switch (name) {
      case 'period_start':
        return formats.date.format(start);
      case 'period_end':
        return formats.date.format(end);
      case 'month':
        return formats.month.format(start);
      default:
        // The year number only: Intl adds the era where the calendar has one ("พ.ศ. 2570" in
        // Thai), which would read twice after a {month} that already says it.
        return formats.year.formatToParts(start).find((part) => part.type === 'year')?.value ?? String(start.getUTCFullYear());
    }
  });
}
