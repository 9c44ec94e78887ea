/**
 * The recurring invoice form: what each invoice holds (the invoice editor's own model, so its
 * line editor and live totals are reused as they are) and the schedule, and how both become
 * the body of POST /subscriptions and PATCH /subscriptions/{id}.
 */
import { blankInvoice, liveTotals, newKey, NO_TAX, requestBody, type EditorValues, type LiveTotals } from '../invoices/editorModel.ts';
import type { Product, TaxRate } from '../invoices/invoiceApi.ts';
import type { Billing, Collection, Interval, Subscription } from './subscriptionApi.tsx';

export interface MeteredValues {
  key: string;
  metric_code: string | null;
  description: string;
  unit: string;
  unit_price: string;
  tax_rate_id: string;
  bill_immediately: boolean;
}

export type EndsValue = 'never' | 'date' | 'count';

export interface ScheduleValues {
  interval: Interval;
  interval_count: number | string;
  start_date: string;
  /** '' : the start date's day. */
  billing_anchor_day: number | string;
  ends: EndsValue;
  end_date: string;
  max_invoices: number | string;
  billing: Billing;
  collection: Collection;
  /** '': the customer's terms, else the organization's. */
  payment_terms_days: number | string;
  metered_items: MeteredValues[];
}

export const emptyMetered = (): MeteredValues => ({
  key: newKey(),
  metric_code: null,
  description: '',
  unit: '',
  unit_price: '',
  tax_rate_id: NO_TAX,
  bill_immediately: false,
});

export function blankSchedule(startDate: string): ScheduleValues {
  return {
    interval: 'month',
    interval_count: 1,
    start_date: startDate,
    billing_anchor_day: '',
    ends: 'never',
    end_date: '',
    max_invoices: '',
    billing: 'in_advance',
    collection: 'finalize',
    payment_terms_days: '',
    metered_items: [],
  };
}

/** What each invoice holds, for a new recurring invoice: the invoice editor's blank draft. */
export function blankDocument(currency: string): EditorValues {
  return blankInvoice(currency);
}

export function documentOf(sub: Subscription): EditorValues {
  return {
    ...blankInvoice(sub.currency),
    customer_id: sub.customer_id,
    prices_include_tax: sub.prices_include_tax,
    lines: sub.lines.map((line) => ({
      key: newKey(),
      product_id: line.product_id,
      description: line.description ?? '',
      quantity: line.quantity,
      unit: line.unit ?? '',
      unit_price: line.unit_price ?? '',
      discount: line.discount ?? '',
      tax_rate_id: line.tax_rate_id ?? NO_TAX,
      // Recurring lines have no e-invoice line data of their own.
      unit_code: '',
      base_quantity: '1',
      period_start: null,
      period_end: null,
    })),
    notes: sub.notes ?? '',
    terms: sub.terms ?? '',
  };
}

export function scheduleOf(sub: Subscription): ScheduleValues {
  return {
    interval: sub.interval,
    interval_count: sub.interval_count,
    start_date: sub.start_date,
    billing_anchor_day: sub.billing_anchor_day ?? '',
    ends: sub.end_date !== null ? 'date' : sub.max_invoices !== null ? 'count' : 'never',
    end_date: sub.end_date ?? '',
    max_invoices: sub.max_invoices ?? '',
    billing: sub.billing,
    collection: sub.collection,
    payment_terms_days: sub.payment_terms_days ?? '',
    metered_items: sub.metered_items.map((item) => ({
      key: newKey(),
      metric_code: item.metric_code,
      description: item.description ?? '',
      unit: item.unit ?? '',
      unit_price: item.unit_price,
      tax_rate_id: item.tax_rate_id ?? NO_TAX,
      bill_immediately: item.bill_immediately,
    })),
  };
}

const textOrNull = (value: string) => (value.trim() === '' ? null : value);
/** A whole number typed in a field, null when left empty (what it is sent as, for the server to judge). */
const wholeOrNull = (value: number | string) => (typeof value === 'number' ? value : value.trim() === '' ? null : Number(value));
export const hasAnchorDay = (interval: Interval) => interval === 'month' || interval === 'year';

/** The fields POST and PATCH share. */
function sharedBody(doc: EditorValues, schedule: ScheduleValues) {
  const invoice = requestBody(doc);
  return {
    interval: schedule.interval,
    interval_count: wholeOrNull(schedule.interval_count) ?? 1,
    billing_anchor_day: hasAnchorDay(schedule.interval) ? wholeOrNull(schedule.billing_anchor_day) : null,
    end_date: schedule.ends === 'date' ? textOrNull(schedule.end_date) ?? '' : null,
    max_invoices: schedule.ends === 'count' ? wholeOrNull(schedule.max_invoices) ?? 0 : null,
    billing: schedule.billing,
    collection: schedule.collection,
    payment_terms_days: wholeOrNull(schedule.payment_terms_days),
    prices_include_tax: doc.prices_include_tax,
    // A catalogue line without a price bills the product's price of the day each invoice is made.
    // Recurring lines carry no e-invoice line data (unit code, base quantity, period) of their own.
    lines: invoice.lines.map(({ unit_price, unit_code: _code, base_quantity: _base, period_start: _start, period_end: _end, ...line }) =>
      unit_price === '' && line.product_id !== null ? line : { ...line, unit_price },
    ),
    metered_items: schedule.metered_items.map((item) => ({
      metric_code: item.metric_code ?? '',
      unit_price: item.unit_price.trim(),
      tax_rate_id: item.tax_rate_id === NO_TAX ? null : item.tax_rate_id,
      description: textOrNull(item.description),
      unit: textOrNull(item.unit),
      bill_immediately: item.bill_immediately,
    })),
    notes: invoice.notes,
    terms: invoice.terms,
  };
}

export function createBody(doc: EditorValues, schedule: ScheduleValues) {
  return { customer_id: doc.customer_id ?? '', currency: doc.currency, start_date: schedule.start_date, ...sharedBody(doc, schedule) };
}

export function updateBody(doc: EditorValues, schedule: ScheduleValues) {
  return sharedBody(doc, schedule);
}

/** Paths of the server's field errors that the document part of the form shows; the rest are the schedule's. */
export const DOCUMENT_PATHS = /^(customer_id|currency|prices_include_tax|notes|terms|lines(\..*)?)$/;

/** The totals of one invoice, a catalogue line without a price counted at the product's current price. */
export function periodTotals(doc: EditorValues, rates: readonly TaxRate[], products: readonly Product[]): LiveTotals {
  const price = new Map(products.map((p) => [p.id, p.unit_price]));
  const lines = doc.lines.map((line) => (line.unit_price.trim() === '' && line.product_id !== null ? { ...line, unit_price: price.get(line.product_id) ?? '' } : line));
  return liveTotals({ ...doc, lines }, rates);
}
