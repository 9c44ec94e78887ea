/**
 * The e-mail for one invoice: its placeholder values (amounts and dates written the way
 * the customer's language writes them) and its subject and body from the message written
 * for this sending, the organization's template, or the built-in one.
 */
import type { CustomersTable, InvoicesTable, OrganizationsTable } from '../../db/schema.ts';
import { emailLocale, renderInvoiceEmail, type EmailLanguage, type EmailValues, type RenderedEmail } from '../../domain/email-template.ts';
import { formatAmount } from '../../domain/money/index.ts';
import type { Executor } from '../../kernel/context.ts';
import { AppError } from '../../shared/errors.ts';
import { formatDate, formatMoney } from '../documents/locale-format.ts';
import { invoiceCustomer } from '../invoices/invoice-view.ts';
import { findOrganization } from '../organizations/organizations.repo.ts';

export interface InvoiceEmailFacts {
  invoice: InvoicesTable;
  organization: OrganizationsTable;
  /** The live customer (for its e-mail address and language); undefined never happens while invoices refer to it. */
  customer: CustomersTable | undefined;
}

/** Reads what an invoice's e-mail needs; 404 when the invoice is not the organization's. */
export async function invoiceEmailFacts(db: Executor, orgId: string, invoice: InvoicesTable): Promise<InvoiceEmailFacts> {
  const organization = await findOrganization(db, orgId);
  if (!organization) throw AppError.notFound('Organization');
  const customer = await db
    .selectFrom('customers')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('id', '=', invoice.customer_id)
    .executeTakeFirst();
  return { invoice, organization, customer };
}

export function languageOf(facts: InvoiceEmailFacts): { language: EmailLanguage; locale: string } {
  return emailLocale(facts.customer?.language, facts.organization.locale);
}

/** Placeholder values; `link` as given (the real URL when sending, "{link}" in a preview). */
export function emailValues(facts: InvoiceEmailFacts, link: string): EmailValues {
  const { invoice, organization } = facts;
  const { locale } = languageOf(facts);
  const money = (minor: number) => formatMoney(formatAmount(BigInt(minor), invoice.currency), invoice.currency, locale);
  const dueDate = invoice.due_date ?? invoice.issue_date;
  return {
    invoice_number: invoice.number ?? '',
    customer_name: invoiceCustomer(invoice, facts.customer).name,
    organization_name: organization.name,
    amount_due: money(invoice.amount_due),
    total: money(invoice.total),
    due_date: dueDate === null ? '' : formatDate(dueDate, locale),
    link,
  };
}

/** Subject and body: this sending's own texts first, then the organization's template, then the built-in one. */
export function composeInvoiceEmail(facts: InvoiceEmailFacts, own: { subject?: string | undefined; message?: string | undefined }, link: string): RenderedEmail {
  const { language } = languageOf(facts);
  return renderInvoiceEmail(
    {
      subject: own.subject ?? facts.organization.email_subject_template,
      body: own.message ?? facts.organization.email_body_template,
    },
    language,
    emailValues(facts, link),
  );
}

/** The customer's address, when it has one (an anonymized customer has none). */
export function customerAddress(facts: InvoiceEmailFacts): string | null {
  return facts.customer?.email ?? null;
}

/** The attachment's name before the PDF is rendered: the invoice number, made safe for a file name. */
export function attachmentName(invoice: InvoicesTable): string {
  const base = (invoice.number ?? invoice.id).replace(/[^\p{L}\p{N}._-]+/gu, '-');
  return `${base}.pdf`;
}
