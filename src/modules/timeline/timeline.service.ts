/**
 * An invoice's timeline, oldest first: everything audited on the invoice itself (created,
 * finalized, sent, viewed, reminded, overdue, voided…, whatever module wrote it with
 * `resource: { type: 'invoice', id }`), plus its payments, refunds and credit notes with who
 * recorded them. Actions are kept as stored: clients label them (unknown ones generically).
 */
import type { AuditEventsTable } from '../../db/schema.ts';
import { formatAmount } from '../../domain/money/index.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { AppError } from '../../shared/errors.ts';
import { TimelineRepo } from './timeline.repo.ts';
import type { TimelineEntryOut } from './timeline.schemas.ts';

const SYSTEM = { type: 'system', name: null };
const parse = (json: string | null): unknown => (json === null ? null : (JSON.parse(json) as unknown));

export async function invoiceTimeline(ctx: RequestContext, invoiceId: string): Promise<{ data: TimelineEntryOut[] }> {
  const repo = new TimelineRepo(ctx.db.kysely, ctx.orgId);
  const invoice = await repo.invoice(invoiceId);
  if (!invoice) throw AppError.notFound('Invoice');
  const [own, payments, refunds, notes] = await Promise.all([
    repo.audit('invoice', [invoiceId]),
    repo.payments(invoiceId),
    repo.refunds(invoiceId),
    repo.creditNotes(invoiceId),
  ]);
  const [paymentAudit, noteAudit] = await Promise.all([
    repo.audit('payment', payments.map((p) => p.id)),
    repo.audit('credit_note', notes.map((n) => n.id)),
  ]);
  /** Who did it: the first audit entry of the resource with that action (in time order). */
  const actorOf = (entries: AuditEventsTable[], resourceId: string, actions: string[], used = new Set<string>()) => {
    const entry = entries.find((e) => e.resource_id === resourceId && actions.includes(e.action) && !used.has(e.id));
    if (!entry) return SYSTEM;
    used.add(entry.id);
    return { type: entry.actor_type, name: entry.actor_name };
  };
  const money = (minor: number, currency: string) => formatAmount(BigInt(minor), currency);

  const entries: (TimelineEntryOut & { order: number })[] = own.map((row) => ({
    at: row.created_at,
    action: row.action,
    actor: { type: row.actor_type, name: row.actor_name },
    details: { before: parse(row.before), after: parse(row.after) },
    order: 0,
  }));
  for (const p of payments) {
    const credit = p.method === 'customer_credit';
    const action = credit ? 'customer_credit.applied' : 'payment.recorded';
    entries.push({
      at: p.created_at,
      action,
      actor: actorOf(paymentAudit, p.id, [action]),
      summary: `${credit ? 'Customer credit applied' : 'Payment'}: ${money(p.applied_amount, p.currency)} ${p.currency}`,
      details: {
        payment_id: p.id,
        amount: money(p.amount, p.currency),
        applied_amount: money(p.applied_amount, p.currency),
        excess_amount: money(p.excess_amount, p.currency),
        currency: p.currency,
        date: p.date,
        method: p.method,
        reference: p.reference,
        group_id: p.group_id ?? null,
        gateway: p.gateway ?? null,
        gateway_payment_id: p.gateway_payment_id ?? null,
      },
      order: 1,
    });
  }
  const usedRefundAudit = new Set<string>();
  for (const r of [...refunds].sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : 1))) {
    const payment = payments.find((p) => p.id === r.payment_id);
    const currency = payment?.currency ?? invoice.currency;
    entries.push({
      at: r.created_at,
      action: 'payment.refunded',
      actor: actorOf(paymentAudit, r.payment_id, ['payment.refunded'], usedRefundAudit),
      summary: `Refund: ${money(r.amount, currency)} ${currency}`,
      details: { refund_id: r.id, payment_id: r.payment_id, amount: money(r.amount, currency), currency, reason: r.reason, date: r.date, gateway: payment?.gateway ?? null },
      order: 2,
    });
  }
  for (const n of notes) {
    entries.push({
      at: n.created_at,
      action: 'credit_note.created',
      actor: actorOf(noteAudit, n.id, ['credit_note.issued', 'credit_note.created']),
      summary: `Credit note ${n.number}: ${money(n.total, n.currency)} ${n.currency}`,
      details: {
        credit_note_id: n.id,
        number: n.number,
        total: money(n.total, n.currency),
        applied_amount: money(n.applied_amount, n.currency),
        credit_amount: money(n.credit_amount, n.currency),
        currency: n.currency,
        reason: n.reason,
        issue_date: n.issue_date,
      },
      order: 3,
    });
  }
  // Stable: by time, then the document's own entries before what hangs off it.
  entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.order - b.order));
  return { data: entries.map(({ order: _order, ...entry }) => entry) };
}
