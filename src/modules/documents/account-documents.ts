/**
 * A payment receipt and a customer statement as PDF, for one organization (404 outside it):
 * printed in the customer's language (else the organization's) with the organization's
 * current branding. The receipt shows who paid what, when and how, the invoice it paid,
 * refunds, and what remains due on that invoice now; the statement is the one of
 * GET /customers/{id}/statement (reports/statement.service.ts), printed.
 */
import { formatAmount } from '../../domain/money/index.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { AppError } from '../../shared/errors.ts';
import { InvoicesRepo } from '../invoices/invoices.repo.ts';
import { customerSummary, sellerOf } from '../invoices/invoice-view.ts';
import { PaymentsRepo } from '../payments/payments.repo.ts';
import { customerStatement } from '../reports/statement.service.ts';
import { accountLabels } from './account-labels.ts';
import { renderAccountPdf, type AccountDocument } from './account-pdf.ts';
import { organizationParts } from './document-data.ts';
import { labelsFor } from './document-labels.ts';
import { partyLines, safeFilename } from './document-view.ts';
import { formatDate, formatMoney } from './locale-format.ts';

export interface AccountPdf {
  filename: string;
  content: Buffer;
}

async function parties(ctx: RequestContext, customerId: string) {
  const parts = await organizationParts(ctx, customerId, null);
  const row = await ctx.db.kysely.selectFrom('customers').selectAll().where('organization_id', '=', ctx.orgId).where('id', '=', customerId).executeTakeFirst();
  if (!row) throw AppError.notFound('Customer');
  const labels = labelsFor(parts.locale);
  const seller = sellerOf(parts.org);
  const customer = customerSummary(row);
  return {
    ...parts,
    labels,
    account: accountLabels(parts.language),
    seller: { heading: labels.from, name: seller.name, lines: partyLines(seller, labels, parts.locale) },
    customerParty: (heading: string) => ({ heading, name: customer.name, lines: partyLines(customer, labels, parts.locale) }),
  };
}

export async function paymentReceiptPdf(ctx: RequestContext, paymentId: string): Promise<AccountPdf> {
  const repo = new PaymentsRepo(ctx.db.kysely, ctx.orgId);
  const payment = await repo.find(paymentId);
  if (!payment) throw AppError.notFound('Payment');
  const [refunds, invoice, p] = await Promise.all([
    repo.refundsOf([payment.id]),
    new InvoicesRepo(ctx.db.kysely, ctx.orgId).find(payment.invoice_id),
    parties(ctx, payment.customer_id),
  ]);
  const { account: a, locale } = p;
  const money = (minor: number | bigint) => formatMoney(formatAmount(BigInt(minor), payment.currency), payment.currency, locale);
  const date = (value: string) => formatDate(value, locale);
  const reference = `${a.receipt} ${payment.id}`;
  const totals: AccountDocument['totals'] = [{ label: a.amountReceived, value: money(payment.amount), strong: true }];
  if (payment.refunded_amount > 0) totals.push({ label: a.refunded, value: money(-payment.refunded_amount) });
  if (payment.excess_amount > 0) totals.push({ label: a.heldAsCredit, value: money(payment.excess_amount) });
  if (invoice) totals.push({ label: `${a.remaining} (${invoice.number ?? ''})`.replace(' ()', ''), value: money(invoice.amount_due), strong: true });
  const view: AccountDocument = {
    title: `${a.receipt} — ${payment.invoice_number ?? payment.id}`,
    heading: a.receipt,
    subheading: date(payment.date),
    locale,
    accent: p.branding.accentColor,
    logo: p.branding.logo,
    seller: p.seller,
    customer: p.customerParty(a.receivedFrom),
    facts: [
      { label: a.paymentDate, value: date(payment.date) },
      { label: a.amountReceived, value: money(payment.amount) },
      { label: a.method, value: a.methods[payment.method] ?? payment.method },
      ...(payment.reference ? [{ label: a.reference, value: payment.reference }] : []),
    ],
    sections: [
      ...(invoice
        ? [
            {
              heading: a.appliedTo,
              table: {
                columns: [
                  { key: 'description' as const, label: a.invoice, align: 'left' as const },
                  { key: 'amount' as const, label: a.invoiceTotal, align: 'right' as const },
                  { key: 'taxable' as const, label: a.paidNow, align: 'right' as const },
                  { key: 'rate' as const, label: a.remaining, align: 'right' as const },
                ],
                rows: [{ cells: [invoice.number ?? '', money(invoice.total), money(payment.applied_amount), money(invoice.amount_due)] }],
              },
            },
          ]
        : []),
      ...(refunds.length === 0
        ? []
        : [
            {
              heading: a.refunds,
              table: {
                columns: [
                  { key: 'kind' as const, label: a.date, align: 'left' as const },
                  { key: 'description' as const, label: a.reason, align: 'left' as const },
                  { key: 'amount' as const, label: a.amount, align: 'right' as const },
                ],
                rows: refunds.map((r) => ({ cells: [date(r.date), r.reason, money(-r.amount)] })),
              },
            },
          ]),
    ],
    totals,
    closing: a.thanks,
    footer: p.branding.footer,
    page: p.labels.page,
    info: { author: p.seller.name, subject: reference, created: new Date(payment.created_at) },
  };
  return { filename: safeFilename(`Receipt-${payment.invoice_number ?? 'payment'}-${payment.date}`), content: await renderAccountPdf(view) };
}

/** The customer's statement (all time, in the customer's currency) as of today, printed. */
export async function customerStatementPdf(ctx: RequestContext, customerId: string, today: string): Promise<AccountPdf> {
  const statement = await customerStatement(ctx, customerId, { format: 'json' });
  const p = await parties(ctx, customerId);
  const { account: a, locale } = p;
  const money = (amount: string) => formatMoney(amount, statement.currency, locale);
  const view: AccountDocument = {
    title: `${a.statement} — ${p.customerParty('').name}`,
    heading: a.statement,
    subheading: `${a.asOf} ${formatDate(today, locale)}`,
    locale,
    accent: p.branding.accentColor,
    logo: p.branding.logo,
    seller: p.seller,
    customer: p.customerParty(a.statementFor),
    facts: [{ label: a.openingBalance, value: money(statement.opening_balance) }],
    sections: [
      {
        heading: a.statement,
        table: {
          columns: [
            { key: 'kind', label: a.date, align: 'left' },
            { key: 'description', label: a.type, align: 'left' },
            { key: 'unit', label: a.number, align: 'left' },
            { key: 'amount', label: a.amount, align: 'right' },
            { key: 'taxable', label: a.balance, align: 'right' },
          ],
          rows: statement.entries.map((entry) => ({ cells: [formatDate(entry.date, locale), a.entries[entry.type], entry.number ?? '', money(entry.amount), money(entry.balance)] })),
        },
      },
    ],
    totals: [{ label: a.closingBalance, value: money(statement.closing_balance), strong: true }],
    closing: null,
    footer: p.branding.footer,
    page: p.labels.page,
    info: { author: p.seller.name, subject: a.statement, created: new Date(`${today}T00:00:00Z`) },
  };
  return { filename: safeFilename(`Statement-${today}`), content: await renderAccountPdf(view) };
}
