/**
 * What the customer portal shows, for ONE customer of ONE organization: every query here is
 * scoped by both, so a portal can never list another customer's or organization's
 * documents. Finalized invoices only (never drafts); credit notes; payments.
 */
import { formatAmount } from '../../domain/money/index.ts';
import { isOverdue, type InvoiceStatus } from '../../domain/invoice-status.ts';
import type { Executor } from '../../kernel/context.ts';

export interface PortalInvoice {
  id: string;
  number: string;
  status: InvoiceStatus;
  overdue: boolean;
  currency: string;
  issue_date: string | null;
  due_date: string | null;
  total: string;
  amount_due: string;
}

export interface PortalCreditNote {
  id: string;
  number: string;
  invoice_number: string | null;
  currency: string;
  issue_date: string;
  total: string;
}

export interface PortalPayment {
  id: string;
  invoice_number: string | null;
  currency: string;
  date: string;
  method: string;
  amount: string;
  refunded_amount: string;
}

export interface PortalData {
  invoices: PortalInvoice[];
  creditNotes: PortalCreditNote[];
  payments: PortalPayment[];
}

export async function loadPortalData(db: Executor, orgId: string, customerId: string, today: string): Promise<PortalData> {
  const [invoices, creditNotes, payments] = await Promise.all([
    db
      .selectFrom('invoices')
      .select(['id', 'number', 'status', 'currency', 'issue_date', 'due_date', 'total', 'amount_due'])
      .where('organization_id', '=', orgId)
      .where('customer_id', '=', customerId)
      .where('status', '!=', 'draft')
      .orderBy('issue_date', 'desc')
      .orderBy('number', 'desc')
      .execute(),
    db
      .selectFrom('credit_notes')
      .leftJoin('invoices', (join) => join.onRef('invoices.id', '=', 'credit_notes.invoice_id').onRef('invoices.organization_id', '=', 'credit_notes.organization_id'))
      .select(['credit_notes.id', 'credit_notes.number', 'credit_notes.currency', 'credit_notes.issue_date', 'credit_notes.total', 'invoices.number as invoice_number'])
      .where('credit_notes.organization_id', '=', orgId)
      .where('credit_notes.customer_id', '=', customerId)
      .orderBy('credit_notes.issue_date', 'desc')
      .orderBy('credit_notes.number', 'desc')
      .execute(),
    db
      .selectFrom('payments')
      .leftJoin('invoices', (join) => join.onRef('invoices.id', '=', 'payments.invoice_id').onRef('invoices.organization_id', '=', 'payments.organization_id'))
      .select(['payments.id', 'payments.currency', 'payments.date', 'payments.method', 'payments.amount', 'payments.refunded_amount', 'invoices.number as invoice_number'])
      .where('payments.organization_id', '=', orgId)
      .where('payments.customer_id', '=', customerId)
      .where('payments.method', '!=', 'customer_credit')
      .orderBy('payments.date', 'desc')
      .orderBy('payments.id', 'desc')
      .execute(),
  ]);
  return {
    invoices: invoices.map((row) => ({
      id: row.id,
      number: row.number ?? '',
      status: row.status as InvoiceStatus,
      overdue: isOverdue(row.status as InvoiceStatus, BigInt(row.amount_due), row.due_date, today),
      currency: row.currency,
      issue_date: row.issue_date,
      due_date: row.due_date,
      total: formatAmount(BigInt(row.total), row.currency),
      amount_due: formatAmount(BigInt(row.amount_due), row.currency),
    })),
    creditNotes: creditNotes.map((row) => ({ ...row, total: formatAmount(BigInt(row.total), row.currency) })),
    payments: payments.map((row) => ({
      ...row,
      amount: formatAmount(BigInt(row.amount), row.currency),
      refunded_amount: formatAmount(BigInt(row.refunded_amount), row.currency),
    })),
  };
}

/** Whether the document belongs to the portal's customer (and is one the portal shows). */
export async function ownsDocument(db: Executor, orgId: string, customerId: string, kind: 'invoice' | 'credit_note' | 'payment', id: string): Promise<boolean> {
  if (kind === 'invoice') {
    const row = await db.selectFrom('invoices').select('id').where('organization_id', '=', orgId).where('customer_id', '=', customerId).where('id', '=', id).where('status', '!=', 'draft').executeTakeFirst();
    return row !== undefined;
  }
  if (kind === 'credit_note') {
    const row = await db.selectFrom('credit_notes').select('id').where('organization_id', '=', orgId).where('customer_id', '=', customerId).where('id', '=', id).executeTakeFirst();
    return row !== undefined;
  }
  const row = await db.selectFrom('payments').select('id').where('organization_id', '=', orgId).where('customer_id', '=', customerId).where('id', '=', id).where('method', '!=', 'customer_credit').executeTakeFirst();
  return row !== undefined;
}
