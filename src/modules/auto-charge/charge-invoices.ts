/**
 * Automatic charges, run by a scheduled task (one process at a time; the test clock stops at
 * each waiting attempt). Each due charge is done in three steps:
 *
 * 1. Claim, in a transaction under the invoice's lock: still due and the invoice still owes
 *    money? Then the row becomes `charging` with what is charged (the amount due, the
 *    customer's default saved method) — a run that dies after this repeats the very same call.
 * 2. Charge, outside any transaction: the provider's off-session charge with the idempotency
 *    key `settle-autocharge-{invoice}-{attempt}`, so a crash and re-run returns the first
 *    result instead of charging twice.
 * 3. Record, in a transaction under the invoice's lock, only while the row is still in that
 *    attempt (compare-and-set): success → the payment through the gateway's exactly-once path
 *    (record-gateway-payment.ts; the payment_intent.succeeded webhook finds it there) and
 *    `invoice.charge_succeeded`; failure → `invoice.payment_failed` with the reason, the next
 *    attempt (domain/auto-charge.ts: 1, 3 and 5 days after the first; then none) and one
 *    e-mail to the customer with the invoice's pay link.
 *
 * A charge left `charging` by a run that died is taken up again by the next run. If the
 * invoice was settled in between, it is not charged again: a charge that did go through
 * reaches Settle through the webhook and is kept as customer credit.
 */
import { inOneTransaction, inTransaction } from '../../db/transaction.ts';
import { MAX_CHARGE_ATTEMPTS, nextChargeAttemptAt } from '../../domain/auto-charge.ts';
import { formatAmount } from '../../domain/money/index.ts';
import { organizationTimeZone } from '../../domain/time-zone.ts';
import type { AppDeps } from '../../kernel/deps.ts';
import { systemContext, type RequestContext } from '../../kernel/context.ts';
import { emit } from '../../kernel/events.ts';
import { yieldToEventLoop, type ScheduledTask } from '../../kernel/scheduler.ts';
import type { AutoChargesTable, InvoicesTable, SavedPaymentMethodsTable } from '../../db/schema.ts';
import { getInvoice } from '../invoices/read-invoices.ts';
import { lockInvoice } from '../invoices/invoice-money.ts';
import { findOrganization } from '../organizations/organizations.repo.ts';
import { gatewayDeps, openConnection } from '../payment-gateways/gateway-connections.ts';
import { ProviderError, type ChargeResult } from '../payment-gateways/payment-provider.ts';
import { isProviderName } from '../payment-gateways/providers.ts';
import { recordGatewayPayment } from '../payment-gateways/record-gateway-payment.ts';
import { PaymentMethodsRepo } from '../payment-gateways/saved-methods/payment-methods.repo.ts';
import { deliveryOf } from '../subscriptions/subscription-invoice.ts';
import { AutoChargesRepo, dueCharges, nextChargeAt } from './auto-charge.repo.ts';
import { queuePaymentFailedEmail } from './payment-failed-email.ts';

export const AUTO_CHARGE_TASK = 'auto-charge.charges';
const EVERY_MS = 60 * 1000;
const BATCH = 50;
const OPEN = new Set(['open', 'partially_paid']);

export const NO_METHOD = 'The customer has no saved payment method';
export const NO_GATEWAY = 'No payment gateway is connected';
export const NEEDS_ACTION = "The customer's bank asks the customer to confirm this payment (for example 3-D Secure)";

export function autoChargeTask(deps: AppDeps): ScheduledTask {
  return {
    name: AUTO_CHARGE_TASK,
    everyMs: EVERY_MS,
    async run(now) {
      await chargeDueInvoices(deps, now);
    },
    async nextDueAt(after) {
      const at = await nextChargeAt(deps.db.kysely, after.toISOString());
      return at === null ? null : new Date(at);
    },
  };
}

/** Every charge due by `now`; returns how many were attempted. A failure of one holds up no other; the first is rethrown at the end. */
export async function chargeDueInvoices(deps: AppDeps, now: Date): Promise<number> {
  const skipped: string[] = [];
  let attempted = 0;
  let firstError: Error | null = null;
  for (;;) {
    const due = await dueCharges(deps.db.kysely, now.toISOString(), BATCH, skipped);
    if (due.length === 0) break;
    for (const entry of due) {
      try {
        const outcome = await chargeInvoice(deps, entry.organization_id, entry.id, now);
        if (outcome === 'attempted') attempted++;
        // Left in progress (the gateway could not be reached): the next run tries the same call again.
        if (outcome === 'unavailable') skipped.push(entry.id);
      } catch (error) {
        skipped.push(entry.id);
        firstError ??= error instanceof Error ? error : new Error(String(error));
      }
      await yieldToEventLoop();
    }
  }
  if (firstError !== null) throw firstError;
  return attempted;
}

type Claimed = { row: AutoChargesTable; invoice: InvoicesTable } | null;

/** One charge of one invoice (the three steps above). */
export async function chargeInvoice(deps: AppDeps, orgId: string, id: string, now: Date): Promise<'attempted' | 'unavailable' | 'nothing'> {
  const org = await findOrganization(deps.db.kysely, orgId);
  if (org === undefined) return 'nothing';
  const ctx = systemContext(deps, orgId, 'Automatic charge', { role: 'owner', timeZone: organizationTimeZone(org) });

  const claimed = await claim(ctx, id, now);
  if (claimed === null) return 'nothing';
  const { row, invoice } = claimed;
  const attempt = row.attempt_count + 1;
  const method = row.charging_method_id === null ? undefined : await new PaymentMethodsRepo(deps.db.kysely, orgId).methodById(row.charging_method_id);

  let result: ChargeResult;
  try {
    result = await charge(deps, ctx, invoice, row, method, attempt);
  } catch (error) {
    if (error instanceof ProviderError && error.kind === 'unavailable') return 'unavailable';
    throw error;
  }
  await record(deps, ctx, row, method, attempt, result);
  return 'attempted';
}

async function claim(ctx: RequestContext, id: string, now: Date): Promise<Claimed> {
  const at = now.toISOString();
  return inTransaction(ctx.db, async (trx) => {
    const seen = await new AutoChargesRepo(trx, ctx.orgId).find(id);
    if (seen === undefined) return null;
    const invoice = await lockInvoice(trx, ctx, seen.invoice_id);
    const repo = new AutoChargesRepo(trx, ctx.orgId);
    const row = await repo.find(id);
    if (row === undefined) return null;
    const waiting = row.status === 'pending' && row.next_attempt_at !== null && row.next_attempt_at <= at;
    if (!waiting && row.status !== 'charging') return null;
    if (!OPEN.has(invoice.status) || invoice.amount_due <= 0) {
      await repo.update(id, { status: 'stopped', next_attempt_at: null, charging_amount: null, charging_method_id: null, updated_at: at });
      return null;
    }
    if (row.status === 'charging') return { row, invoice };
    const method = await new PaymentMethodsRepo(trx, ctx.orgId).defaultMethod(invoice.customer_id);
    const changes = {
      status: 'charging',
      charging_amount: invoice.amount_due,
      charging_method_id: method?.id ?? null,
      first_attempt_at: row.first_attempt_at ?? at,
      last_attempt_at: at,
      updated_at: at,
    };
    await repo.update(id, changes);
    return { row: { ...row, ...changes }, invoice };
  });
}

async function charge(
  deps: AppDeps,
  ctx: RequestContext,
  invoice: InvoicesTable,
  row: AutoChargesTable,
  method: SavedPaymentMethodsTable | undefined,
  attempt: number,
): Promise<ChargeResult> {
  if (method === undefined) return { status: 'failed', paymentIntentId: null, message: NO_METHOD };
  const connection = isProviderName(method.provider) ? await openConnection(deps.db.kysely, gatewayDeps(deps), ctx.orgId, method.provider) : null;
  if (connection === null) return { status: 'failed', paymentIntentId: null, message: NO_GATEWAY };
  try {
    return await connection.provider.chargeOffSession(connection.credentials, {
      customerRef: method.customer_ref,
      paymentMethodRef: method.payment_method_ref,
      amount: BigInt(row.charging_amount ?? invoice.amount_due),
      currency: invoice.currency,
      invoiceId: invoice.id,
      organizationId: ctx.orgId,
      description: `Invoice ${invoice.number ?? invoice.id}`,
      idempotencyKey: `settle-autocharge-${invoice.id}-${attempt}`,
    });
  } catch (error) {
    // Refused (the method was detached, the key revoked, …): a failed attempt like a decline.
    if (error instanceof ProviderError && error.kind !== 'unavailable') return { status: 'failed', paymentIntentId: null, message: error.message };
    throw error;
  }
}

function methodOut(method: SavedPaymentMethodsTable | undefined) {
  return method === undefined ? null : { id: method.id, type: method.type, brand: method.brand, last4: method.last4 };
}

async function record(
  deps: AppDeps,
  ctx: RequestContext,
  claimed: AutoChargesTable,
  method: SavedPaymentMethodsTable | undefined,
  attempt: number,
  result: ChargeResult,
): Promise<void> {
  await inOneTransaction(deps.db, async (db) => {
    const scoped: RequestContext = { ...ctx, db };
    await inTransaction(db, async (trx) => {
      const invoice = await lockInvoice(trx, scoped, claimed.invoice_id);
      const repo = new AutoChargesRepo(trx, ctx.orgId);
      const row = await repo.find(claimed.id);
      // Recorded already (a run that died after recording, or another process): nothing more.
      if (row === undefined || row.status !== 'charging' || row.attempt_count !== claimed.attempt_count) return;
      const at = ctx.clock.now().toISOString();
      const amount = BigInt(row.charging_amount ?? invoice.amount_due);
      const settled = { attempt_count: attempt, charging_amount: null, charging_method_id: null, payment_intent_id: result.paymentIntentId, updated_at: at };

      if (result.status === 'succeeded' && method !== undefined) {
        const payment = await recordGatewayPayment(scoped, {
          gateway: method.provider,
          paymentIntentId: result.paymentIntentId,
          invoiceId: invoice.id,
          amount,
          currency: invoice.currency,
          methodType: method.type,
          eventId: `auto-charge:${row.id}:${attempt}`,
        });
        await repo.update(row.id, { ...settled, status: 'succeeded', next_attempt_at: null, last_error: null });
        await emit(trx, scoped, {
          type: 'invoice.charge_succeeded',
          resource: { type: 'invoice', id: invoice.id },
          after: { attempt, amount: formatAmount(amount, invoice.currency), currency: invoice.currency, payment_method: methodOut(method), payment_intent_id: result.paymentIntentId, payment: payment },
        });
        return;
      }

      if (!OPEN.has(invoice.status) || invoice.amount_due <= 0) {
        // Paid, credited or voided while the charge was being tried: no failure to report.
        await repo.update(row.id, { ...settled, status: 'stopped', next_attempt_at: null, last_error: result.status === 'failed' ? result.message : null });
        return;
      }
      const reason = result.status === 'requires_action' ? NEEDS_ACTION : result.status === 'failed' ? result.message : NO_METHOD;
      const firstAt = row.first_attempt_at ?? at;
      const next = attempt >= MAX_CHARGE_ATTEMPTS ? null : nextChargeAttemptAt(firstAt, attempt);
      await repo.update(row.id, { ...settled, status: next === null ? 'failed' : 'pending', next_attempt_at: next, last_error: reason.slice(0, 1000) });
      const emailId = await queuePaymentFailedEmail(trx, scoped, invoice, { reason, nextAttemptAt: next }, deliveryOf(deps));
      const autoCharge = { attempt, reason, next_attempt_at: next, final: next === null, payment_method: methodOut(method), payment_intent_id: result.paymentIntentId };
      await emit(trx, scoped, {
        type: 'invoice.payment_failed',
        resource: { type: 'invoice', id: invoice.id },
        after: { ...autoCharge, amount: formatAmount(amount, invoice.currency), currency: invoice.currency, email_message_id: emailId },
        object: { ...(await getInvoice(scoped, invoice.id, trx)), auto_charge: autoCharge },
      });
    });
  });
}
