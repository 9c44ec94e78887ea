/**
 * Subscriptions ("Recurring billing"): create (also from an invoice: "Make recurring"),
 * change what is not billed yet, pause, resume, cancel. Every write runs in one transaction
 * with its event, under the customer's lock and then the subscription's (db/dialect.ts), and
 * stores the schedule (next billing date and instant) the generator (generate-invoices.ts)
 * reads.
 */
import type { SubscriptionItemsTable, SubscriptionsTable } from '../../db/schema.ts';
import { lockCustomers } from '../../db/dialect.ts';
import { inTransaction } from '../../db/transaction.ts';
import { periodContaining, validateCycle, type BillingCycle } from '../../domain/billing-cycle.ts';
import { categoryMixProblems } from '../../domain/tax/category-o.ts';
import type { Executor, RequestContext } from '../../kernel/context.ts';
import { nowIso, todayIn } from '../../kernel/context.ts';
import { emit } from '../../kernel/events.ts';
import { AppError, type FieldError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { toPage, type Page } from '../../shared/pagination.ts';
import { composeInvoice, NOTHING_IN_USE } from '../invoices/invoice-compose.ts';
import { InvoicesRepo } from '../invoices/invoices.repo.ts';
import type { LineInputValue } from '../invoices/invoices.schemas.ts';
import { findOrganization } from '../organizations/organizations.repo.ts';
import { cycleOf, isFinished, scheduleOf, skipWindowOnResume } from './subscription-schedule.ts';
import { subscriptionOut } from './subscription-view.ts';
import { SubscriptionsRepo } from './subscriptions.repo.ts';
import type {
  CreateSubscriptionInput,
  MeteredItemInputValue,
  SubscriptionListQueryInput,
  SubscriptionOut,
  UpdateSubscriptionInput,
} from './subscriptions.schemas.ts';

const CYCLE_PATHS: Record<string, string> = {
  interval: 'interval',
  intervalCount: 'interval_count',
  startDate: 'start_date',
  anchorDay: 'billing_anchor_day',
  endDate: 'end_date',
};

function assertCycle(cycle: BillingCycle): void {
  const problems = validateCycle(cycle).map((p): FieldError => ({ path: CYCLE_PATHS[p.path] ?? p.path, message: p.message }));
  if (problems.length > 0) throw new AppError('validation', 'The billing cycle is not valid', problems);
}

/** Usage items billed per period are counted over the period, so they are billed after it. */
function assertMeteredTiming(billing: string, metered: readonly MeteredItemInputValue[]): void {
  const i = metered.findIndex((item) => !item.bill_immediately);
  if (billing !== 'in_arrears' && i >= 0) {
    throw AppError.validation(`metered_items.${i}.metric_code`, 'is usage billed per period, which is billed in arrears: set billing to "in_arrears" (or bill_immediately)');
  }
}

async function assertMetricsExist(trx: Executor, orgId: string, metered: readonly MeteredItemInputValue[]): Promise<void> {
  if (metered.length === 0) return;
  const known = new Set(
    (await trx.selectFrom('billable_metrics').select('code').where('organization_id', '=', orgId).where('code', 'in', metered.map((m) => m.metric_code)).execute()).map((r) => r.code),
  );
  const i = metered.findIndex((m) => !known.has(m.metric_code));
  if (i >= 0) throw AppError.validation(`metered_items.${i}.metric_code`, 'is not a billable metric of this organization (create it under /billable-metrics)');
  const rates = metered.flatMap((m) => (m.tax_rate_id ? [m.tax_rate_id] : []));
  if (rates.length === 0) return;
  const knownRates = new Set((await trx.selectFrom('tax_rates').select('id').where('organization_id', '=', orgId).where('id', 'in', rates).execute()).map((r) => r.id));
  const j = metered.findIndex((m) => m.tax_rate_id && !knownRates.has(m.tax_rate_id));
  if (j >= 0) throw AppError.validation(`metered_items.${j}.tax_rate_id`, 'is not a tax rate of this organization');
}

/** The fixed lines' total per period, checked as an invoice would be (products, tax rates, discounts). */
async function fixedAmount(trx: Executor, orgId: string, currency: string, pricesIncludeTax: boolean, lines: readonly LineInputValue[]): Promise<number> {
  const composed = await composeInvoice(
    new InvoicesRepo(trx, orgId),
    { currency, prices_include_tax: pricesIncludeTax, lines: lines.map((l) => ({ ...l, product_id: l.product_id ?? null })), allowances: [], charges: [] },
    NOTHING_IN_USE,
  );
  // Its invoices will be finalized unattended: a line without a tax rate beside taxed ones would
  // be refused then (category O stands alone, BR-O-11), so it is refused now, where it can be fixed.
  const problems = categoryMixProblems(composed.lines.map((line, i) => ({ path: `lines.${i}`, category: line.tax_category, tax_rate_id: line.tax_rate_id })));
  if (problems.length > 0) {
    throw new AppError('validation', `Its invoices would mix 'not subject to VAT' (category O) with taxed lines, which EN 16931 forbids (BR-O-11): ${problems.map((p) => p.path).join(', ')}`, problems);
  }
  return composed.totals.total;
}

function itemRows(orgId: string, subscriptionId: string, lines: readonly LineInputValue[], metered: readonly MeteredItemInputValue[]): SubscriptionItemsTable[] {
  const scope = { organization_id: orgId, subscription_id: subscriptionId };
  return [
    ...lines.map((line, position) => ({
      ...scope,
      id: newId('sit'),
      kind: 'fixed',
      position,
      product_id: line.product_id ?? null,
      description: line.description ?? null,
      quantity: line.quantity,
      unit_price: line.unit_price ?? null,
      unit: line.unit ?? null,
      tax_rate_id: line.tax_rate_id ?? null,
      discount: line.discount,
      metric_code: null,
      bill_immediately: 0,
    })),
    ...metered.map((item, position) => ({
      ...scope,
      id: newId('sit'),
      kind: 'metered',
      position,
      product_id: null,
      description: item.description ?? null,
      quantity: null,
      unit_price: item.unit_price,
      unit: item.unit ?? null,
      tax_rate_id: item.tax_rate_id ?? null,
      discount: null,
      metric_code: item.metric_code,
      bill_immediately: item.bill_immediately ? 1 : 0,
    })),
  ];
}

/** Lines stored with an invoice, as subscription lines ("Make recurring"). */
async function linesOfInvoice(trx: Executor, orgId: string, invoiceId: string) {
  const repo = new InvoicesRepo(trx, orgId);
  const invoice = await repo.find(invoiceId);
  if (!invoice) throw AppError.validation('invoice_id', 'is not an invoice of this organization');
  const lines = (await repo.lines(invoiceId)).map(
    (line): LineInputValue => ({
      product_id: line.product_id,
      description: line.description,
      quantity: line.quantity,
      unit_price: line.unit_price,
      unit: line.unit,
      tax_rate_id: line.tax_rate_id,
      discount: line.discount,
    }),
  );
  return { invoice, lines };
}

async function load(trx: Executor, ctx: RequestContext, row: SubscriptionsTable): Promise<SubscriptionOut> {
  const repo = new SubscriptionsRepo(trx, ctx.orgId);
  const names = await repo.customerNames([row.customer_id]);
  return subscriptionOut(row, await repo.items(row.id), names.get(row.customer_id) ?? '', todayIn(ctx));
}

export async function createSubscription(ctx: RequestContext, input: CreateSubscriptionInput): Promise<SubscriptionOut> {
  return inTransaction(ctx.db, async (trx) => {
    const source = input.invoice_id === undefined ? null : await linesOfInvoice(trx, ctx.orgId, input.invoice_id);
    const customerId = input.customer_id ?? source?.invoice.customer_id;
    if (customerId === undefined) throw AppError.validation('customer_id', 'is required');
    const interval = input.interval ?? (source ? 'month' : undefined);
    if (interval === undefined) throw AppError.validation('interval', 'is required');
    const today = todayIn(ctx);
    const startDate = input.start_date ?? (source ? today : undefined);
    if (startDate === undefined) throw AppError.validation('start_date', 'is required');
    const lines = input.lines.length > 0 || source === null ? input.lines : source.lines;
    if (lines.length === 0 && input.metered_items.length === 0) throw AppError.validation('lines', 'must have at least one line or metered item');
    const cycle: BillingCycle = { interval, intervalCount: input.interval_count, startDate, anchorDay: input.billing_anchor_day ?? null, endDate: input.end_date ?? null };
    assertCycle(cycle);
    assertMeteredTiming(input.billing, input.metered_items);

    await lockCustomers(trx, ctx.db.dialect, ctx.orgId, [customerId]);
    const customer = await new InvoicesRepo(trx, ctx.orgId).customer(customerId);
    if (!customer) throw AppError.validation('customer_id', 'is not a customer of this organization');
    if (customer.archived === 1) throw AppError.validation('customer_id', 'is an archived customer; restore it first');
    const org = await findOrganization(trx, ctx.orgId);
    if (!org) throw AppError.notFound('Organization');
    await assertMetricsExist(trx, ctx.orgId, input.metered_items);
    const currency = input.currency ?? source?.invoice.currency ?? customer.currency ?? org.currency;
    const pricesIncludeTax = input.prices_include_tax || (source?.invoice.prices_include_tax === 1 && input.lines.length === 0);
    const amount = await fixedAmount(trx, ctx.orgId, currency, pricesIncludeTax, lines);

    const now = nowIso(ctx.clock);
    const id = newId('sub');
    const base = {
      id,
      organization_id: ctx.orgId,
      customer_id: customerId,
      currency,
      interval,
      interval_count: input.interval_count,
      start_date: startDate,
      billing_anchor_day: input.billing_anchor_day ?? null,
      end_date: input.end_date ?? null,
      max_invoices: input.max_invoices ?? null,
      billing: input.billing,
      collection: input.collection,
      payment_terms_days: input.payment_terms_days ?? null,
      prices_include_tax: pricesIncludeTax ? 1 : 0,
      notes: input.notes ?? source?.invoice.notes ?? null,
      terms: input.terms ?? source?.invoice.terms ?? null,
      amount,
      status: 'active',
      next_period_index: 0,
      invoice_count: 0,
      paused_at: null,
      skip_from_index: null,
      resume_index: null,
      cancel_at_period_end: 0,
      canceled_at: null,
      ended_at: null,
      billing_error: null,
      created_from_invoice_id: source?.invoice.id ?? null,
      created_at: now,
      updated_at: now,
    };
    const row: SubscriptionsTable = { ...base, ...scheduleOf(base, ctx.timeZone) };
    const repo = new SubscriptionsRepo(trx, ctx.orgId);
    await repo.insert(row, itemRows(ctx.orgId, id, lines, input.metered_items));
    const out = await load(trx, ctx, row);
    await emit(trx, ctx, { type: 'subscription.created', resource: { type: 'subscription', id }, after: out });
    return out;
  });
}

/** Reads and locks a subscription (its customer first); 404 when it is not one of the organization's. */
async function lockSubscription(trx: Executor, ctx: RequestContext, id: string): Promise<SubscriptionsTable> {
  const repo = new SubscriptionsRepo(trx, ctx.orgId);
  const seen = await repo.find(id);
  if (!seen) throw AppError.notFound('Subscription');
  await lockCustomers(trx, ctx.db.dialect, ctx.orgId, [seen.customer_id]);
  const row = await repo.lock(ctx.db.dialect, id);
  if (!row) throw AppError.notFound('Subscription');
  return row;
}

function assertLive(row: SubscriptionsTable, action: string): void {
  if (row.status === 'canceled' || row.status === 'ended') throw AppError.conflict(`A ${row.status} subscription cannot be ${action}; create a new one`);
}

/** Stores `changes`, recomputes the schedule (ending it when nothing is left to bill), emits the event. */
async function change(
  trx: Executor,
  ctx: RequestContext,
  before: SubscriptionsTable,
  changes: Partial<SubscriptionsTable>,
  type: 'subscription.updated' | 'subscription.paused' | 'subscription.resumed' | 'subscription.canceled',
  items?: SubscriptionItemsTable[],
): Promise<SubscriptionOut> {
  const repo = new SubscriptionsRepo(trx, ctx.orgId);
  const beforeOut = await load(trx, ctx, before);
  const now = nowIso(ctx.clock);
  let next: SubscriptionsTable = { ...before, ...changes, updated_at: now };
  if (next.status === 'active' && isFinished(next)) {
    next = { ...next, status: next.cancel_at_period_end === 1 ? 'canceled' : 'ended', ended_at: now };
  }
  next = { ...next, ...scheduleOf(next, ctx.timeZone) };
  const { id: _id, organization_id: _org, ...stored } = next;
  await repo.update(before.id, stored);
  if (items !== undefined) await repo.replaceItems(before.id, items);
  const out = await load(trx, ctx, next);
  await emit(trx, ctx, { type, resource: { type: 'subscription', id: before.id }, before: beforeOut, after: out });
  return out;
}

export async function updateSubscription(ctx: RequestContext, id: string, input: UpdateSubscriptionInput): Promise<SubscriptionOut> {
  return inTransaction(ctx.db, async (trx) => {
    const before = await lockSubscription(trx, ctx, id);
    assertLive(before, 'changed');
    const cycleChanges = (['interval', 'interval_count', 'billing_anchor_day', 'billing'] as const).filter(
      (key) => input[key] !== undefined && input[key] !== before[key],
    );
    if (cycleChanges.length > 0 && before.invoice_count > 0) {
      const path = cycleChanges[0] ?? 'interval';
      const message = 'cannot change once invoices were generated (the periods already billed would no longer line up); cancel it and create a new subscription';
      throw new AppError('conflict', `${path}: ${message}`, [{ path, message }]);
    }
    const merged = {
      ...before,
      interval: input.interval ?? before.interval,
      interval_count: input.interval_count ?? before.interval_count,
      billing_anchor_day: input.billing_anchor_day !== undefined ? input.billing_anchor_day : before.billing_anchor_day,
      end_date: input.end_date !== undefined ? input.end_date : before.end_date,
      max_invoices: input.max_invoices !== undefined ? input.max_invoices : before.max_invoices,
      billing: input.billing ?? before.billing,
      collection: input.collection ?? before.collection,
      payment_terms_days: input.payment_terms_days !== undefined ? input.payment_terms_days : before.payment_terms_days,
      prices_include_tax: input.prices_include_tax === undefined ? before.prices_include_tax : input.prices_include_tax ? 1 : 0,
      notes: input.notes !== undefined ? input.notes : before.notes,
      terms: input.terms !== undefined ? input.terms : before.terms,
    };
    assertCycle(cycleOf(merged));
    const repo = new SubscriptionsRepo(trx, ctx.orgId);
    const stored = await repo.items(id);
    const lines = input.lines ?? stored.filter((i) => i.kind === 'fixed').map(storedLine);
    const metered = input.metered_items ?? stored.filter((i) => i.kind === 'metered').map(storedMetered);
    if (lines.length === 0 && metered.length === 0) throw AppError.validation('lines', 'must have at least one line or metered item');
    assertMeteredTiming(merged.billing, metered);
    await assertMetricsExist(trx, ctx.orgId, metered);
    const amount = await fixedAmount(trx, ctx.orgId, merged.currency, merged.prices_include_tax === 1, lines);
    const items = input.lines !== undefined || input.metered_items !== undefined ? itemRows(ctx.orgId, id, lines, metered) : undefined;
    return change(trx, ctx, before, { ...merged, amount }, 'subscription.updated', items);
  });
}

function storedLine(item: SubscriptionItemsTable): LineInputValue {
  return {
    product_id: item.product_id,
    description: item.description ?? undefined,
    quantity: item.quantity ?? '1',
    unit_price: item.unit_price ?? undefined,
    unit: item.unit,
    tax_rate_id: item.tax_rate_id,
    discount: item.discount,
  };
}

function storedMetered(item: SubscriptionItemsTable): MeteredItemInputValue {
  return {
    metric_code: item.metric_code ?? '',
    unit_price: item.unit_price ?? '0',
    tax_rate_id: item.tax_rate_id,
    description: item.description,
    unit: item.unit,
    bill_immediately: item.bill_immediately === 1,
  };
}

export async function pauseSubscription(ctx: RequestContext, id: string): Promise<SubscriptionOut> {
  return inTransaction(ctx.db, async (trx) => {
    const before = await lockSubscription(trx, ctx, id);
    assertLive(before, 'paused');
    if (before.status === 'paused') throw AppError.conflict('The subscription is paused already');
    return change(trx, ctx, before, { status: 'paused', paused_at: todayIn(ctx) }, 'subscription.paused');
  });
}

export async function resumeSubscription(ctx: RequestContext, id: string): Promise<SubscriptionOut> {
  return inTransaction(ctx.db, async (trx) => {
    const before = await lockSubscription(trx, ctx, id);
    if (before.status !== 'paused' || before.paused_at === null) throw AppError.conflict('Only a paused subscription can be resumed');
    const window = skipWindowOnResume(before, before.paused_at, todayIn(ctx));
    return change(trx, ctx, before, { status: 'active', paused_at: null, ...window }, 'subscription.resumed');
  });
}

export async function cancelSubscription(ctx: RequestContext, id: string, input: { at_period_end: boolean }): Promise<SubscriptionOut> {
  return inTransaction(ctx.db, async (trx) => {
    const before = await lockSubscription(trx, ctx, id);
    assertLive(before, 'canceled');
    const now = nowIso(ctx.clock);
    const current = input.at_period_end ? periodContaining(cycleOf(before), todayIn(ctx)) : null;
    if (current !== null && before.status === 'active') {
      // Bill the current period as usual, then stop: the cycle now ends with it.
      const endDate = before.end_date !== null && before.end_date < current.end ? before.end_date : current.end;
      return change(trx, ctx, before, { end_date: endDate, cancel_at_period_end: 1, canceled_at: now }, 'subscription.canceled');
    }
    return change(trx, ctx, before, { status: 'canceled', canceled_at: now, ended_at: now }, 'subscription.canceled');
  });
}

export async function getSubscription(ctx: RequestContext, id: string): Promise<SubscriptionOut> {
  const row = await new SubscriptionsRepo(ctx.db.kysely, ctx.orgId).find(id);
  if (!row) throw AppError.notFound('Subscription');
  return load(ctx.db.kysely, ctx, row);
}

export async function listSubscriptions(ctx: RequestContext, query: SubscriptionListQueryInput): Promise<Page<SubscriptionOut>> {
  const repo = new SubscriptionsRepo(ctx.db.kysely, ctx.orgId);
  const rows = await repo.list(query);
  const shown = rows.slice(0, query.limit);
  const items = await repo.itemsOf(shown.map((r) => r.id));
  const names = await repo.customerNames(shown.map((r) => r.customer_id));
  const today = todayIn(ctx);
  return toPage(rows, query.limit, (row) => [row.id], (row) => subscriptionOut(row, items.get(row.id) ?? [], names.get(row.customer_id) ?? '', today));
}
