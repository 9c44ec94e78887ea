/**
 * Usage billed at once: a metered item with `bill_immediately` (e.g. a completed delivery)
 * gets an invoice per usage event instead of a line per period. A subscriber of
 * `usage.recorded`, run inside the transaction that stores the events (usage/record-usage.ts,
 * which has locked their customers already): the invoices commit with the events or not at
 * all, and only newly stored events are announced, so an event sent again bills nothing.
 * The billing key "usage:EVENT:ITEM" makes a second invoice impossible anyway.
 *
 * Each event is billed by every active subscription of its customer with such an item for
 * its metric whose cycle has begun (and not ended) on the event's date — quantity 1 for
 * count and unique_count metrics, the event's value for sum and max (none when that is zero
 * or less: an invoice is never negative) — issued today, its period the event's date, and
 * collected the subscription's way (subscription-invoice.ts; sending is left to a job, as a
 * subscriber does not hold the mail settings).
 */
import type { Transaction } from 'kysely';
import type { BillableMetricsTable, Database, SubscriptionItemsTable, SubscriptionsTable, UsageEventsTable } from '../../db/schema.ts';
import type { Db } from '../../db/executor.ts';
import { dialectOf } from '../../db/dialect.ts';
import { localDate, organizationTimeZone } from '../../domain/time-zone.ts';
import { DomainError } from '../../domain/money/index.ts';
import { systemContext, type Executor, type RequestContext } from '../../kernel/context.ts';
import type { EmittedEvent, EventSubscriber } from '../../kernel/events.ts';
import type { JobHandler } from '../../kernel/jobs/worker.ts';
import type { AppDeps } from '../../kernel/deps.ts';
import { AppError } from '../../shared/errors.ts';
import { z } from 'zod';
import { sendInvoice } from '../email/send-invoice.ts';
import { findOrganization } from '../organizations/organizations.repo.ts';
import { MetricsRepo } from '../usage/usage.repo.ts';
import { deliveryOf, issueSubscriptionInvoice } from './subscription-invoice.ts';

export function usageBillingKey(eventId: string, itemId: string): string {
  return `usage:${eventId}:${itemId}`;
}

interface ImmediateItem {
  item: SubscriptionItemsTable;
  sub: SubscriptionsTable;
}

export const billImmediatelySubscriber: EventSubscriber = {
  name: 'subscriptions: usage billed at once',
  types: ['usage.recorded'],
  async handle(trx, ctx, event) {
    const { events } = (event as EmittedEvent<'usage.recorded'>).facts;
    const items = await immediateItems(trx, ctx.orgId, events);
    if (items.size === 0) return;
    const org = await findOrganization(trx, ctx.orgId);
    if (!org) return;
    const timeZone = organizationTimeZone(org);
    const billing = systemContext({ db: dbOf(trx as Transaction<Database>), clock: ctx.clock }, ctx.orgId, 'Usage billing', { role: 'owner', timeZone, requestId: ctx.requestId });
    const metrics = await new MetricsRepo(trx, ctx.orgId).byCodes(events.map((e) => e.metric_code));
    const today = localDate(ctx.clock.now(), timeZone);
    for (const usage of events) {
      const metric = metrics.get(usage.metric_code);
      if (metric === undefined) continue;
      const date = localDate(new Date(usage.timestamp), timeZone);
      for (const { item, sub } of items.get(keyOf(usage.customer_id, usage.metric_code)) ?? []) {
        if (date < sub.start_date || (sub.end_date !== null && date > sub.end_date)) continue;
        const quantity = metric.aggregation === 'sum' || metric.aggregation === 'max' ? usage.value : '1';
        if (quantity === null || quantity.startsWith('-') || quantity === '0') continue;
        await billEvent(billing, sub, item, metric, usage, { date, today, quantity });
      }
    }
  },
};

async function billEvent(
  ctx: RequestContext,
  sub: SubscriptionsTable,
  item: SubscriptionItemsTable,
  metric: BillableMetricsTable,
  usage: UsageEventsTable,
  on: { date: string; today: string; quantity: string },
): Promise<void> {
  try {
    await issueSubscriptionInvoice(
      ctx,
      sub,
      { period: { start: on.date, end: on.date }, billingDate: on.today, billingKey: usageBillingKey(usage.id, item.id), today: on.today },
      () =>
        Promise.resolve([
          {
            product_id: null,
            description: item.description ?? `${metric.name} (${usage.transaction_id})`,
            quantity: on.quantity,
            unit_price: item.unit_price ?? '0',
            unit: item.unit,
            tax_rate_id: item.tax_rate_id,
            discount: null,
          },
        ]),
      'job',
    );
  } catch (error) {
    // The invoice cannot be made (a tax rate deleted, an amount out of range): the event is
    // refused with the reason rather than recorded unbilled.
    if (!(error instanceof AppError) && !(error instanceof DomainError)) throw error;
    const message = `usage event ${usage.transaction_id} cannot be billed by subscription ${sub.id}: ${error.message}`;
    throw new AppError('conflict', message);
  }
}

/** The active subscriptions' bill-immediately items for the events' customers and metrics, by customer and metric. */
async function immediateItems(trx: Executor, orgId: string, events: readonly UsageEventsTable[]): Promise<Map<string, ImmediateItem[]>> {
  const byKey = new Map<string, ImmediateItem[]>();
  if (events.length === 0) return byKey;
  const items = await trx
    .selectFrom('subscription_items as i')
    .innerJoin('subscriptions as s', 's.id', 'i.subscription_id')
    .selectAll('i')
    .where('i.organization_id', '=', orgId)
    .where('s.organization_id', '=', orgId)
    .where('i.kind', '=', 'metered')
    .where('i.bill_immediately', '=', 1)
    .where('s.status', '=', 'active')
    .where('s.customer_id', 'in', [...new Set(events.map((e) => e.customer_id))])
    .where('i.metric_code', 'in', [...new Set(events.map((e) => e.metric_code))])
    .orderBy('i.subscription_id')
    .orderBy('i.position')
    .execute();
  if (items.length === 0) return byKey;
  const subs = await trx
    .selectFrom('subscriptions')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('id', 'in', [...new Set(items.map((i) => i.subscription_id))])
    .execute();
  const subById = new Map(subs.map((sub) => [sub.id, sub]));
  for (const item of items) {
    const sub = subById.get(item.subscription_id);
    if (sub === undefined || item.metric_code === null) continue;
    const key = keyOf(sub.customer_id, item.metric_code);
    byKey.set(key, [...(byKey.get(key) ?? []), { item, sub }]);
  }
  return byKey;
}

function keyOf(customerId: string, metricCode: string): string {
  return `${customerId}\u0000${metricCode}`;
}

/** The emitting transaction as a Db, for use cases that take one (their inTransaction runs on it). */
function dbOf(trx: Transaction<Database>): Db {
  return {
    kysely: trx,
    dialect: dialectOf(trx),
    close: () => Promise.reject(new Error('an event subscriber cannot close the database')),
  };
}

/** Sends a generated invoice (queued by billEvent), unless it was sent or can no longer be. Safe to run twice. */
export function sendGeneratedInvoiceHandler(deps: AppDeps): JobHandler<{ invoice_id: string }> {
  return {
    payload: z.object({ invoice_id: z.string().min(1).max(64) }),
    async run(payload, job) {
      if (job.orgId === null) return;
      const org = await findOrganization(deps.db.kysely, job.orgId);
      const invoice = await deps.db.kysely
        .selectFrom('invoices')
        .select(['sent_at'])
        .where('organization_id', '=', job.orgId)
        .where('id', '=', payload.invoice_id)
        .executeTakeFirst();
      if (!org || !invoice || invoice.sent_at !== null) return;
      const ctx = systemContext(deps, job.orgId, 'Usage billing', { role: 'owner', timeZone: organizationTimeZone(org) });
      try {
        await sendInvoice(ctx, payload.invoice_id, {}, deliveryOf(deps));
      } catch (error) {
        // Voided or deleted meanwhile, or the customer lost their address: nothing to send.
        if (!(error instanceof AppError)) throw error;
      }
    },
  };
}
