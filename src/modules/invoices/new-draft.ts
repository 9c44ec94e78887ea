/**
 * The start of every new document with the invoice's body (an invoice draft, a quote): the
 * customer locked first (the lock order, db/dialect.ts), checked usable, the currency taken
 * from the request, else the customer, else the organization, and the lines, allowances and
 * charges composed with their tax rates and products.
 */
import type { CustomersTable } from '../../db/schema.ts';
import { lockCustomers } from '../../db/dialect.ts';
import type { Executor, RequestContext } from '../../kernel/context.ts';
import { AppError } from '../../shared/errors.ts';
import { findOrganization } from '../organizations/organizations.repo.ts';
import { composeInvoice, NOTHING_IN_USE, type ComposedInvoice, type DraftContent } from './invoice-compose.ts';
import { InvoicesRepo } from './invoices.repo.ts';
import type { CreateInvoiceInput, UpdateInvoiceInput } from './invoices.schemas.ts';

/** The customer a draft is (newly) made out to: one of the organization's, not archived. */
export async function usableCustomer(repo: InvoicesRepo, id: string): Promise<CustomersTable> {
  const customer = await repo.customer(id);
  if (!customer) throw AppError.validation('customer_id', 'is not a customer of this organization');
  if (customer.archived === 1) throw AppError.validation('customer_id', 'is an archived customer; restore it first');
  return customer;
}

export type NewDraftInput = Pick<CreateInvoiceInput, 'customer_id' | 'currency' | 'prices_include_tax' | 'lines' | 'allowances' | 'charges'>;

export interface NewDraft {
  customer: CustomersTable;
  content: DraftContent;
  composed: ComposedInvoice;
}

export async function composeNewDraft(trx: Executor, ctx: RequestContext, input: NewDraftInput): Promise<NewDraft> {
  const repo = new InvoicesRepo(trx, ctx.orgId);
  await lockCustomers(trx, ctx.db.dialect, ctx.orgId, [input.customer_id]);
  const customer = await usableCustomer(repo, input.customer_id);
  const org = await findOrganization(trx, ctx.orgId);
  if (!org) throw AppError.notFound('Organization');
  const content: DraftContent = {
    currency: input.currency ?? customer.currency ?? org.currency,
    prices_include_tax: input.prices_include_tax,
    lines: input.lines.map((line) => ({ ...line, product_id: line.product_id ?? null })),
    allowances: input.allowances,
    charges: input.charges,
  };
  return { customer, content, composed: await composeInvoice(repo, content, NOTHING_IN_USE) };
}

/**
 * A draft's body after a change: what the change gives, else what is stored. Parts not
 * replaced are composed again too, so their tax snapshots follow the current rates.
 */
export function changedDraftContent(
  before: { currency: string; prices_include_tax: number },
  stored: Pick<DraftContent, 'lines' | 'allowances' | 'charges'>,
  input: Pick<UpdateInvoiceInput, 'currency' | 'prices_include_tax' | 'lines' | 'allowances' | 'charges'>,
): DraftContent {
  return {
    currency: input.currency ?? before.currency,
    prices_include_tax: input.prices_include_tax ?? before.prices_include_tax === 1,
    lines: input.lines?.map((line) => ({ ...line, product_id: line.product_id ?? null })) ?? stored.lines,
    allowances: input.allowances ?? stored.allowances,
    charges: input.charges ?? stored.charges,
  };
}
