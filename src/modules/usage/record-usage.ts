/**
 * Recording usage events, one or a batch of up to 1,000, in ONE transaction and a handful of
 * queries whatever the count:
 *
 * 1. the transaction ids already stored (a resent event is answered with the first one and
 *    counted once; nothing else about it is checked again);
 * 2. the customers (PostgreSQL: then locked, sorted — invoice generation locks the customer
 *    first, so no invoice can be made between the check below and the insert) and the
 *    metrics (FOR SHARE: not changed or deleted under us);
 * 3. each new event's value (usage-values.ts), and whether its date falls in a period a
 *    subscription has already invoiced for that metric: then it is refused (409 naming
 *    `timestamp`), never silently dropped or left out of the bill;
 * 4. insert … on conflict do nothing (two requests with one transaction id at once: the
 *    unique index admits one, the other reads it back);
 * 5. one `usage.recorded` event with the rows inserted (bill-immediately subscribers).
 *
 * Any refused event refuses the request: nothing is stored. Errors name the field, for a
 * batch as `events.N.field`.
 */
import type { UsageEventsTable } from '../../db/schema.ts';
import { lockCustomers } from '../../db/dialect.ts';
import { inTransaction } from '../../db/transaction.ts';
import { addDays } from '../../domain/dates.ts';
import { localDate, startOfLocalDay } from '../../domain/time-zone.ts';
import { nowIso, type Executor, type RequestContext } from '../../kernel/context.ts';
import { emit } from '../../kernel/events.ts';
import { AppError, type ErrorCode, type FieldError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { MetricAggregation } from './usage-aggregate.ts';
import { UsageEventsRepo, MetricsRepo, type InvoicedPeriod } from './usage.repo.ts';
import type { UsageEventInputValue, UsageEventOut } from './usage.schemas.ts';
import { eventValue, isFieldError } from './usage-values.ts';
import { usageEventOut } from './usage-view.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Field errors listed at most in one answer. */
const MAX_ERRORS = 50;

export interface RecordedUsage {
  /** One per input, in order: the event stored for its transaction id. */
  data: UsageEventOut[];
  /** Per input: whether this request stored it (false for a transaction id seen before). */
  created: boolean[];
}

/** `path(i, field)` names field `field` of input `i` ("timestamp" alone, "events.3.timestamp" in a batch). */
export async function recordUsage(ctx: RequestContext, inputs: readonly UsageEventInputValue[], path: (i: number, field: string) => string): Promise<RecordedUsage> {
  const now = nowIso(ctx.clock);
  const latest = new Date(ctx.clock.now().getTime() + DAY_MS).toISOString();
  const timestamps = inputs.map((input) => input.timestamp ?? now);
  const future = new Problems('validation');
  timestamps.forEach((timestamp, i) => {
    if (timestamp > latest) future.add(path(i, 'timestamp'), `must not be more than one day in the future (after ${latest})`);
  });
  future.throwIfAny();

  return inTransaction(ctx.db, async (trx) => {
    const events = new UsageEventsRepo(trx, ctx.orgId);
    const stored = await events.byTransactionIds([...new Set(inputs.map((input) => input.transaction_id))]);
    // The new events: the first input of each transaction id not stored yet.
    const fresh: Fresh[] = [];
    const seen = new Set<string>();
    inputs.forEach((input, i) => {
      if (stored.has(input.transaction_id) || seen.has(input.transaction_id)) return;
      seen.add(input.transaction_id);
      fresh.push({ i, input, timestamp: timestamps[i] ?? now });
    });

    const rows = fresh.length === 0 ? [] : await newRows(trx, ctx, fresh, now, path);
    const inserted = await events.insertNew(rows);
    const lost = rows.filter((row) => !inserted.has(row.id)).map((row) => row.transaction_id);
    // Stored by a concurrent request between our look-up and our insert: theirs is the first.
    if (lost.length > 0) for (const [id, row] of await events.byTransactionIds(lost)) stored.set(id, row);
    const mine = rows.filter((row) => inserted.has(row.id));
    const first = mine[0];
    if (first !== undefined) {
      await emit(trx, ctx, { type: 'usage.recorded', resource: { type: 'usage_event', id: first.id }, facts: { events: mine }, audit: false });
    }

    const mineById = new Map(mine.map((row) => [row.transaction_id, row]));
    const firstInput = new Map(fresh.map((f) => [f.input.transaction_id, f]));
    const created = inputs.map(() => false);
    const data = inputs.map((input, i): UsageEventOut => {
      const own = mineById.get(input.transaction_id);
      const origin = firstInput.get(input.transaction_id);
      if (own !== undefined && origin !== undefined) {
        created[i] = origin.i === i;
        return usageEventOut(own, origin.input.properties?.object ?? null);
      }
      const earlier = stored.get(input.transaction_id);
      if (earlier === undefined) throw new Error(`invariant: usage event ${input.transaction_id} neither stored nor found`);
      return usageEventOut(earlier);
    });
    return { data, created };
  });
}

/** One event: the event stored for its transaction id, and whether this request stored it. */
export async function recordUsageEvent(ctx: RequestContext, input: UsageEventInputValue): Promise<{ event: UsageEventOut; created: boolean }> {
  const recorded = await recordUsage(ctx, [input], (_i, field) => field);
  const [event] = recorded.data;
  if (event === undefined) throw new Error('invariant: one usage event in, none out');
  return { event, created: recorded.created[0] === true };
}

interface Fresh {
  i: number;
  input: UsageEventInputValue;
  timestamp: string;
}

/** The rows of the new events, each checked (customer, metric, value, period not invoiced yet). */
async function newRows(trx: Executor, ctx: RequestContext, fresh: readonly Fresh[], now: string, path: (i: number, field: string) => string): Promise<UsageEventsTable[]> {
  const events = new UsageEventsRepo(trx, ctx.orgId);
  const customers = await events.existingCustomers([...new Set(fresh.map((f) => f.input.customer_id))]);
  // Lock order (db/dialect.ts): the customers, by id; then the metrics, shared.
  await lockCustomers(trx, ctx.db.dialect, ctx.orgId, [...customers]);
  const metrics = await new MetricsRepo(trx, ctx.orgId).byCodes([...new Set(fresh.map((f) => f.input.metric_code))], ctx.db.dialect);
  const invalid = new Problems('validation');
  const rows: { i: number; row: UsageEventsTable }[] = [];
  for (const { i, input, timestamp } of fresh) {
    const metric = metrics.get(input.metric_code);
    if (!customers.has(input.customer_id)) invalid.add(path(i, 'customer_id'), 'is not a customer of this organization');
    if (!metric) {
      invalid.add(path(i, 'metric_code'), 'is not a billable metric of this organization (create it under /billable-metrics)');
      continue;
    }
    const value = eventValue({ aggregation: metric.aggregation as MetricAggregation, field: metric.field }, input.properties?.object ?? null);
    if (isFieldError(value)) {
      invalid.add(path(i, value.path), value.message);
      continue;
    }
    const row: UsageEventsTable = {
      id: newId('use'),
      organization_id: ctx.orgId,
      transaction_id: input.transaction_id,
      customer_id: input.customer_id,
      metric_code: input.metric_code,
      timestamp,
      value: value.value,
      value_scaled: value.valueScaled,
      properties: input.properties?.json ?? null,
      created_at: now,
    };
    rows.push({ i, row });
  }
  invalid.throwIfAny();
  await refuseLateEvents(trx, ctx, rows, path);
  return rows.map((r) => r.row);
}

/**
 * 409 naming `timestamp` for every event dated (in the organization's calendar) inside a
 * period already invoiced for its customer and metric. One query for the whole request: the
 * invoiced periods overlapping the request's dates, turned into UTC instants to compare with.
 */
async function refuseLateEvents(trx: Executor, ctx: RequestContext, events: readonly { i: number; row: UsageEventsTable }[], path: (i: number, field: string) => string): Promise<void> {
  const rows = events.map((e) => e.row);
  const [first] = rows;
  if (first === undefined) return;
  let min = first.timestamp;
  let max = min;
  for (const row of rows) {
    if (row.timestamp < min) min = row.timestamp;
    if (row.timestamp > max) max = row.timestamp;
  }
  const periods = await new UsageEventsRepo(trx, ctx.orgId).invoicedPeriods(
    [...new Set(rows.map((row) => row.customer_id))],
    [...new Set(rows.map((row) => row.metric_code))],
    localDate(new Date(min), ctx.timeZone),
    localDate(new Date(max), ctx.timeZone),
  );
  if (periods.length === 0) return;
  const windows = invoicedWindows(periods, ctx.timeZone);
  const late = new Problems('conflict');
  for (const { i, row } of events) {
    const hit = windows.get(`${row.customer_id}\u0000${row.metric_code}`)?.find((w) => w.from <= row.timestamp && row.timestamp < w.to);
    if (hit) {
      late.add(path(i, 'timestamp'), `falls in the period ${hit.start} – ${hit.end}, already invoiced for this customer and metric; usage of an invoiced period cannot be added (bill it separately)`);
    }
  }
  late.throwIfAny();
}

interface Window {
  start: string;
  end: string;
  /** UTC instants: from inclusive, to exclusive. */
  from: string;
  to: string;
}

function invoicedWindows(periods: readonly InvoicedPeriod[], timeZone: string): Map<string, Window[]> {
  const byKey = new Map<string, Window[]>();
  for (const p of periods) {
    const key = `${p.customer_id}\u0000${p.metric_code}`;
    const window: Window = {
      start: p.period_start,
      end: p.period_end,
      from: startOfLocalDay(p.period_start, timeZone).toISOString(),
      to: startOfLocalDay(addDays(p.period_end, 1), timeZone).toISOString(),
    };
    byKey.set(key, [...(byKey.get(key) ?? []), window]);
  }
  return byKey;
}

/** Field errors collected over a request, thrown as one problem. */
class Problems {
  private readonly errors: FieldError[] = [];
  private count = 0;

  constructor(private readonly code: ErrorCode) {}

  add(path: string, message: string): void {
    this.count++;
    if (this.errors.length < MAX_ERRORS) this.errors.push({ path, message });
  }

  throwIfAny(): void {
    const first = this.errors[0];
    if (first === undefined) return;
    const more = this.count > 1 ? ` (and ${this.count - 1} more)` : '';
    throw new AppError(this.code, `${first.path}: ${first.message}${more}`, this.errors);
  }
}

