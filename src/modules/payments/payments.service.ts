/**
 * Payment reads (history and one payment) and what the payment use cases share: the
 * response shape, amount parsing in the invoice's currency, today's date.
 * The use cases that move money live one per file: record-payment.ts, refund-payment.ts,
 * apply-credit.ts. Money is bigint minor units throughout; rows hold integers.
 */
import type { RefundsTable } from '../../db/schema.ts';
import { currencyExponent, DomainError, formatAmount, parseAmount } from '../../domain/money/index.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { todayIn } from '../../kernel/context.ts';
import { AppError } from '../../shared/errors.ts';
import { toPage, type Page } from '../../shared/pagination.ts';
import { PaymentsRepo, type PaymentListRow, type PaymentRow } from './payments.repo.ts';
import { sortedPage } from '../../db/sorted-list.ts';
import { allPages, csvDialect, sendCsv, CSV_PAGE, type CsvColumn, type CsvLanguage } from '../../kernel/http/csv-export.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MAX_AMOUNT_MAJOR, type PaymentListItemOut, type PaymentListQueryInput, type PaymentOut } from './payments.schemas.ts';

export function paymentOut(row: PaymentRow, refunds: RefundsTable[]): PaymentOut {
  const money = (minor: number) => formatAmount(BigInt(minor), row.currency);
  return {
    id: row.id,
    invoice_id: row.invoice_id,
    invoice_number: row.invoice_number,
    customer_id: row.customer_id,
    currency: row.currency,
    amount: money(row.amount),
    applied_amount: money(row.applied_amount),
    excess_amount: money(row.excess_amount),
    refunded_amount: money(row.refunded_amount),
    date: row.date,
    method: row.method as PaymentOut['method'],
    reference: row.reference,
    notes: row.notes,
    refunds: refunds
      .filter((refund) => refund.payment_id === row.id)
      .map((refund) => ({
        id: refund.id,
        amount: money(refund.amount),
        reason: refund.reason,
        date: refund.date,
        created_at: refund.created_at,
        gateway_refund_id: refund.gateway_refund_id ?? null,
      })),
    created_at: row.created_at,
    group_id: row.group_id ?? null,
    gateway: row.gateway ?? null,
    gateway_payment_id: row.gateway_payment_id ?? null,
    gateway_method: row.gateway_method ?? null,
  };
}

async function readPayments(ctx: RequestContext, query: PaymentListQueryInput): Promise<Page<PaymentListItemOut>> {
  const repo = new PaymentsRepo(ctx.db.kysely, ctx.orgId);
  const rows = await repo.list(query);
  const page = rows.slice(0, query.limit);
  // One query for the refunds of the whole page, not one per payment.
  const refunds = await repo.refundsOf(page.map((row) => row.id));
  const out = (row: PaymentListRow) => ({ ...paymentOut(row, refunds), customer_name: row.customer_name });
  return query.sort === undefined ? toPage(rows, query.limit, (row) => [row.date, row.id], out) : sortedPage(rows, query.limit, query.sort, out);
}

/** A page of the payment history and how many payments match the filters in all. */
export async function listPayments(ctx: RequestContext, query: PaymentListQueryInput): Promise<Page<PaymentListItemOut> & { total: number }> {
  const [page, total] = await Promise.all([readPayments(ctx, query), new PaymentsRepo(ctx.db.kysely, ctx.orgId).count(query)]);
  return { ...page, total };
}

const METHOD: Record<string, Record<CsvLanguage, string>> = {
  cash: { en: 'Cash', de: 'Bar', fr: 'Espèces', es: 'Efectivo' },
  bank_transfer: { en: 'Bank transfer', de: 'Überweisung', fr: 'Virement', es: 'Transferencia' },
  card: { en: 'Card', de: 'Karte', fr: 'Carte', es: 'Tarjeta' },
  check: { en: 'Check', de: 'Scheck', fr: 'Chèque', es: 'Cheque' },
  online: { en: 'Online', de: 'Online', fr: 'En ligne', es: 'En línea' },
  other: { en: 'Other', de: 'Sonstige', fr: 'Autre', es: 'Otro' },
  direct_debit: { en: 'Direct debit', de: 'Lastschrift', fr: 'Prélèvement', es: 'Domiciliación' },
  customer_credit: { en: 'Customer credit', de: 'Kundenguthaben', fr: 'Avoir client', es: 'Saldo del cliente' },
};

function paymentColumns(language: CsvLanguage): CsvColumn<PaymentListItemOut>[] {
  const dec = (value: string) => ({ decimal: value });
  return [
    { header: { en: 'Date', de: 'Datum', fr: 'Date', es: 'Fecha' }, value: (p) => p.date },
    { header: { en: 'Invoice', de: 'Rechnung', fr: 'Facture', es: 'Factura' }, value: (p) => p.invoice_number },
    { header: { en: 'Customer', de: 'Kunde', fr: 'Client', es: 'Cliente' }, value: (p) => p.customer_name },
    { header: { en: 'Method', de: 'Zahlungsart', fr: 'Mode de paiement', es: 'Método de pago' }, value: (p) => METHOD[p.method]?.[language] ?? p.method },
    { header: { en: 'Reference', de: 'Referenz', fr: 'Référence', es: 'Referencia' }, value: (p) => p.reference },
    { header: { en: 'Currency', de: 'Währung', fr: 'Devise', es: 'Moneda' }, value: (p) => p.currency },
    { header: { en: 'Amount', de: 'Betrag', fr: 'Montant', es: 'Importe' }, value: (p) => dec(p.amount) },
    { header: { en: 'Applied', de: 'Verrechnet', fr: 'Affecté', es: 'Aplicado' }, value: (p) => dec(p.applied_amount) },
    { header: { en: 'Refunded', de: 'Erstattet', fr: 'Remboursé', es: 'Reembolsado' }, value: (p) => dec(p.refunded_amount) },
    { header: { en: 'Notes', de: 'Notizen', fr: 'Notes', es: 'Notas' }, value: (p) => p.notes },
  ];
}

/** GET /payments?format=csv: every payment matching the filters. */
export function sendPaymentsCsv(ctx: RequestContext, request: FastifyRequest, reply: FastifyReply, query: PaymentListQueryInput): FastifyReply {
  const language = csvDialect(query.locale, request.headers['accept-language']).language;
  const name = { en: 'payments', de: 'zahlungen', fr: 'paiements', es: 'pagos' }[language];
  return sendCsv(request, reply, `${name}-${todayIn(ctx)}`, query.locale, paymentColumns(language), () =>
    allPages(async (cursor) => {
      const page = await readPayments(ctx, { ...query, cursor, limit: CSV_PAGE });
      return { rows: page.data, next: page.next_cursor };
    }),
  );
}

export async function getPayment(ctx: RequestContext, id: string): Promise<PaymentOut> {
  const repo = new PaymentsRepo(ctx.db.kysely, ctx.orgId);
  const row = await repo.find(id);
  if (!row) throw AppError.notFound('Payment');
  return paymentOut(row, await repo.refundsOf([row.id]));
}

/**
 * An amount in the invoice's currency, in minor units: more decimals than the currency has
 * is a 422 naming the field (never rounded). Form, sign and cap were checked by the schema.
 */
export function amountIn(currency: string, value: string | number, path = 'amount'): bigint {
  const minor = parseAmount(value, currency, 'Amount', path);
  const max = MAX_AMOUNT_MAJOR * 10n ** BigInt(currencyExponent(currency));
  if (minor <= 0n) throw new DomainError('invalid_amount', 'Amount must be greater than zero', path);
  if (minor > max) throw new DomainError('invalid_amount', `Amount must be at most ${MAX_AMOUNT_MAJOR}`, path);
  return minor;
}

/** The money state of an invoice as the audit log shows it before and after a payment. */
export function invoiceMoney(invoice: { id: string; status: string; amount_paid: number; amount_due: number; currency: string }) {
  return {
    invoice_id: invoice.id,
    status: invoice.status,
    amount_paid: formatAmount(BigInt(invoice.amount_paid), invoice.currency),
    amount_due: formatAmount(BigInt(invoice.amount_due), invoice.currency),
  };
}

/** A 409 that names the input it is about. */
export function conflictOn(path: string, message: string): AppError {
  return new AppError('conflict', message, [{ path, message }]);
}

export function today(ctx: RequestContext): string {
  return todayIn(ctx);
}

/** A 422 on `date` past the latest payment date accepted. */
export function assertPaymentDate(ctx: RequestContext, date: string): void {
  const latest = latestPaymentDate(ctx);
  if (date > latest) throw AppError.validation('date', `must not be after ${latest} (one year from today)`);
}

/** The latest payment date accepted: one year after today (post-dated cheques, scheduled transfers). */
export function latestPaymentDate(ctx: RequestContext): string {
  const today = todayIn(ctx);
  return `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`.replace(/-02-29$/, '-02-28');
}
