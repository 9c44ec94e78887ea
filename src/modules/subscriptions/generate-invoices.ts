/**
 * Recurring billing, exactly once by construction. A scheduled task (kernel/scheduler.ts:
 * one process at a time) takes the subscriptions whose next billing instant has come,
 * earliest first across every organization, and generates ONE period at a time, each in its
 * own transaction: lock the customer and the subscription, check the period is still due,
 * create the invoice (finalize it, queue its e-mail) and move the subscription to its next
 * period. The invoice carries `billing_key` "sub:ID:N", unique per organization: whatever
 * runs twice (two processes, a retried transaction, a restart after a crash between commit
 * and bookkeeping), a period is invoiced at most once; a crash before the commit leaves
 * nothing, and the next run takes the period again. After downtime (or a jump of the test
 * clock) every missed period is generated in the order of billing dates, so numbers and
 * issue dates stay chronological; a billing date before the organization's last issued
 * invoice is issued today instead (issue dates never go backwards), its period unchanged.
 */
import type { SubscriptionItemsTable, SubscriptionsTable } from '../../db/schema.ts';
import { lockCustomers } from '../../db/dialect.ts';
import { inOneTransaction } from '../../db/transaction.ts';
import { renderPeriodPlaceholders, type BillingPeriod } from '../../domain/billing-cycle.ts';
import { addDays } from '../../domain/dates.ts';
import { localDate, organizationTimeZone, startOfLocalDay } from '../../domain/time-zone.ts';
import type { AppDeps } from '../../kernel/deps.ts';
import { nowIso, systemContext, type Executor, type RequestContext } from '../../kernel/context.ts';
import { emit } from '../../kernel/events.ts';
import { yieldToEventLoop, type ScheduledTask } from '../../kernel/scheduler.ts';
import type { InvoiceOut, LineInputValue } from '../invoices/invoices.schemas.ts';
import { findOrganization } from '../organizations/organizations.repo.ts';
import { aggregateUsage, type MetricAggregation } from '../usage/usage-aggregate.ts';
import { isFinished, nextBillable, scheduleOf, indexAfterSkips, type Billable } from './subscription-schedule.ts';
import { deliveryOf, issueSubscriptionInvoice } from './subscription-invoice.ts';
import { subscriptionOut } from './subscription-view.ts';
import { SubscriptionsRepo } from './subscriptions.repo.ts';

export const RECURRING_BILLING = 'subscriptions.billing';
/** A subscription created to start today is billed within about a minute (the query is one index range). */
const EVERY_MS = 60 * 1000;
const BATCH = 100;
const LIVE = ['active', 'paused'];

export function billingKeyOf(subscriptionId: string, index: number): string {
  return `sub:${subscriptionId}:${index}`;
}

export function recurringBilling(deps: AppDeps): ScheduledTask {
  return {
    name: RECURRING_BILLING,
    everyMs: EVERY_MS,
    async run(now) {
      await generateDueInvoices(deps, now);
    },
    async nextDueAt(after) {
      const row = await deps.db.kysely
        .selectFrom('subscriptions')
        .select('next_billing_at')
        .where('status', 'in', LIVE)
        .where('next_billing_at', '>', after.toISOString())
        .orderBy('next_billing_at')
        .limit(1)
        .executeTakeFirst();
      return row?.next_billing_at ? new Date(row.next_billing_at) : null;
    },
  };
}

/** Generates every period due by `now`, earliest billing instant first; returns how many invoices. */
export async function generateDueInvoices(deps: AppDeps, now: Date, log?: (error: unknown, subscriptionId: string) => void): Promise<number> {
  let generated = 0;
  // A subscription that cannot be billed (a product or tax rate it names was deleted) is
  // skipped for the rest of this run, with the reason stored on it, so it holds up no one.
  const failed = new Set<string>();
  for (;;) {
    const due = await deps.db.kysely
      .selectFrom('subscriptions')
      .select(['id', 'organization_id', 'next_billing_at'])
      .where('status', 'in', LIVE)
      .where('next_billing_at', '<=', now.toISOString())
      .$if(failed.size > 0, (q) => q.where('id', 'not in', [...failed]))
      .orderBy('next_billing_at')
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (due.length === 0) return generated;
    let progressed = false;
    for (let i = 0; i < due.length; i++) {
      const entry = due[i];
      if (entry === undefined) break;
      let next: Outcome;
      try {
        next = await generateNextPeriod(deps, entry.organization_id, entry.id, now);
      } catch (error) {
        failed.add(entry.id);
        progressed = true;
        log?.(error, entry.id);
        await recordFailure(deps, entry.organization_id, entry.id, error);
        continue;
      }
      if (next.generated) generated++;
      await yieldToEventLoop();
      if (next.changed) progressed = true;
      // This subscription's following period may come before the rest of the batch: ask again.
      const following = due[i + 1];
      if (next.nextAt !== null && next.nextAt <= now.toISOString() && following !== undefined && next.nextAt < (following.next_billing_at ?? '')) break;
    }
    if (!progressed) return generated;
  }
}

async function recordFailure(deps: AppDeps, orgId: string, id: string, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  await deps.db.kysely
    .updateTable('subscriptions')
    .set({ billing_error: message.slice(0, 1000) })
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

interface Outcome {
  generated: boolean;
  /** Whether the subscription moved on (an invoice, or its schedule was corrected). */
  changed: boolean;
  nextAt: string | null;
}

/** One period of one subscription, in one transaction, if it is (still) due. */
export async function generateNextPeriod(deps: AppDeps, orgId: string, subscriptionId: string, now: Date): Promise<Outcome> {
  return inOneTransaction(deps.db, async (db) => {
    const trx = db.kysely;
    const repo = new SubscriptionsRepo(trx, orgId);
    const seen = await repo.find(subscriptionId);
    if (!seen) return { generated: false, changed: false, nextAt: null };
    await lockCustomers(trx, db.dialect, orgId, [seen.customer_id]);
    const sub = await repo.lock(db.dialect, subscriptionId);
    const org = await findOrganization(trx, orgId);
    if (!sub || !org) return { generated: false, changed: false, nextAt: null };
    if (!LIVE.includes(sub.status) || sub.next_billing_at === null || sub.next_billing_at > now.toISOString()) {
      return { generated: false, changed: false, nextAt: sub.next_billing_at };
    }
    const timeZone = organizationTimeZone(org);
    const ctx = { ...systemContext({ db, clock: deps.clock }, orgId, 'Recurring billing', { role: 'owner', timeZone }), db };
    const billable = nextBillable(sub);
    if (billable === null) {
      // Nothing to bill after all (paused before the period, limits): store the schedule as it is.
      const after = await advance(trx, ctx, sub, sub.next_period_index, false);
      return { generated: false, changed: true, nextAt: after.next_billing_at };
    }
    await generateInvoice(deps, ctx, sub, billable, localDate(now, timeZone));
    const after = await advance(trx, ctx, sub, billable.period.index + 1, true);
    return { generated: true, changed: true, nextAt: after.next_billing_at };
  });
}

/** Moves the subscription past a period (or just re-stores its schedule), ending it when nothing is left. */
async function advance(trx: Executor, ctx: RequestContext, sub: SubscriptionsTable, nextIndex: number, invoiced: boolean): Promise<SubscriptionsTable> {
  const now = nowIso(ctx.clock);
  let next: SubscriptionsTable = {
    ...sub,
    billing_error: null,
    next_period_index: indexAfterSkips(sub, nextIndex),
    invoice_count: sub.invoice_count + (invoiced ? 1 : 0),
    updated_at: now,
  };
  const ending = next.status === 'active' && isFinished(next);
  if (ending) next = { ...next, status: next.cancel_at_period_end === 1 ? 'canceled' : 'ended', ended_at: now };
  next = { ...next, ...scheduleOf(next, ctx.timeZone) };
  const { id, organization_id: _org, ...stored } = next;
  const repo = new SubscriptionsRepo(trx, ctx.orgId);
  await repo.update(id, stored);
  if (ending) {
    const names = await repo.customerNames([sub.customer_id]);
    const out = subscriptionOut(next, await repo.items(id), names.get(sub.customer_id) ?? '', localDate(ctx.clock.now(), ctx.timeZone));
    await emit(trx, ctx, { type: 'subscription.ended', resource: { type: 'subscription', id }, after: out });
  }
  return next;
}

/**
 * The invoice of one period: a draft, then as the subscription collects (finalize, send) —
 * or only the draft (`collect: false`), for the upcoming-invoice preview.
 */
export async function generateInvoice(
  deps: AppDeps,
  ctx: RequestContext,
  sub: SubscriptionsTable,
  billable: Billable,
  today: string,
  options: { collect: boolean } = { collect: true },
): Promise<InvoiceOut> {
  const trx = ctx.db.kysely;
  const items = await new SubscriptionsRepo(trx, ctx.orgId).items(sub.id);
  return issueSubscriptionInvoice(
    ctx,
    sub,
    { period: billable.period, billingDate: billable.billingDate, billingKey: billingKeyOf(sub.id, billable.period.index), today },
    (locale) => invoiceLines(trx, ctx, sub, items, billable.period, locale),
    options.collect ? { delivery: deliveryOf(deps) } : false,
  );
}

/** Fixed lines with their placeholders filled in, then one line per metered item with the period's usage. */
async function invoiceLines(
  trx: Executor,
  ctx: RequestContext,
  sub: SubscriptionsTable,
  items: readonly SubscriptionItemsTable[],
  period: BillingPeriod,
  locale: string,
): Promise<LineInputValue[]> {
  const render = (text: string | null) => (text === null ? undefined : renderPeriodPlaceholders(text, period, locale));
  const lines: LineInputValue[] = [];
  for (const item of items) {
    if (item.kind === 'fixed') {
      lines.push({
        product_id: item.product_id,
        description: render(item.description),
        quantity: item.quantity ?? '1',
        unit_price: item.unit_price ?? undefined,
        unit: item.unit,
        tax_rate_id: item.tax_rate_id,
        discount: item.discount,
      });
      continue;
    }
    if (item.bill_immediately === 1 || item.metric_code === null) continue;
    const metric = await trx
      .selectFrom('billable_metrics')
      .select(['name', 'aggregation'])
      .where('organization_id', '=', ctx.orgId)
      .where('code', '=', item.metric_code)
      .executeTakeFirst();
    if (!metric) continue; // a metric deleted since: nothing to count
    const quantity = await aggregateUsage(trx, ctx.orgId, metric.aggregation as MetricAggregation, {
      customerId: sub.customer_id,
      metricCode: item.metric_code,
      from: startOfLocalDay(period.start, ctx.timeZone).toISOString(),
      to: startOfLocalDay(addDays(period.end, 1), ctx.timeZone).toISOString(),
    });
    lines.push({
      product_id: null,
      description: render(item.description) ?? renderPeriodPlaceholders(`${metric.name} ({period_start} – {period_end})`, period, locale),
      quantity,
      unit_price: item.unit_price ?? '0',
      unit: item.unit,
      tax_rate_id: item.tax_rate_id,
      discount: null,
    });
  }
  return lines;
}
