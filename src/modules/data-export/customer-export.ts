/**
 * GET /customers/{id}/export (accountant and above): a customer's personal data for an access
 * request (GDPR art. 15) as one JSON document: the customer record, their invoices (with lines
 * and adjustments) and credit notes, payments (with refunds) and credit entries, subscriptions,
 * portal and invoice links (without tokens), the e-mails sent to them, and the events about
 * any of these. Only this customer of this organization: everything is selected by the
 * customer's id within the caller's organization.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Executor } from '../../kernel/context.ts';
import type { AppDeps } from '../../kernel/deps.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { IdParams, problemResponses } from '../../kernel/http/schemas.ts';
import { AppError } from '../../shared/errors.ts';
import { RESOURCES, selectRows, withChildren, type ResourceSpec } from './export-resources.ts';

type Row = Record<string, unknown>;

const spec = (file: string): ResourceSpec => {
  const found = RESOURCES.find((r) => r.file === file);
  if (found === undefined) throw new Error(`invariant: no export resource ${file}`);
  return found;
};

/** Ids per query when filtering by a list (well under every driver's parameter limit). */
const CHUNK = 500;

async function rowsWhere(db: Executor, orgId: string, resource: ResourceSpec, column: string, values: readonly unknown[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (let i = 0; i < values.length; i += CHUNK) {
    rows.push(...(await selectRows(db, resource.table, orgId, { column, in: values.slice(i, i + CHUNK) }, [resource.key])));
  }
  const out: Row[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(...(await withChildren(db, orgId, resource, rows.slice(i, i + CHUNK))));
  return out;
}

export async function customerPersonalData(db: Executor, orgId: string, customerId: string, exportedAt: Date): Promise<Row> {
  const customers = await rowsWhere(db, orgId, spec('customers'), 'id', [customerId]);
  const customer = customers[0];
  if (customer === undefined) throw AppError.notFound('Customer');
  const by = (file: string, column = 'customer_id', values: readonly unknown[] = [customerId]) => (values.length === 0 ? Promise.resolve([]) : rowsWhere(db, orgId, spec(file), column, values));
  const invoices = await by('invoices');
  const invoiceIds = invoices.map((row) => row.id);
  const creditNotes = await by('credit_notes');
  const payments = await by('payments');
  const paymentIds = payments.map((row) => row.id);
  const subscriptions = await by('subscriptions');
  // Quotes hold who accepted them and from which address: personal data too.
  const quotes = await by('quotes');
  const quoteIds = quotes.map((row) => row.id);
  const emails = [
    ...(await by('emails')),
    ...(await by('emails', 'invoice_id', invoiceIds)),
    ...(await by('emails', 'payment_id', paymentIds)),
    ...(await by('emails', 'quote_id', quoteIds)),
  ];
  const uniqueEmails = [...new Map(emails.map((row) => [row.id, row])).values()].sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)));
  const resourceIds = [customerId, ...invoiceIds, ...creditNotes.map((row) => row.id), ...paymentIds, ...subscriptions.map((row) => row.id), ...quoteIds];
  const events = (await by('events', 'resource_id', resourceIds)).sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)) || String(a.id).localeCompare(String(b.id)));
  return {
    format: 'settle-customer-export',
    version: 1,
    exported_at: exportedAt.toISOString(),
    conventions: 'Stored rows: amounts in minor units (integers), unit prices scaled by 10^6, dates YYYY-MM-DD, timestamps RFC 3339 UTC, booleans 0/1.',
    customer,
    invoices,
    quotes,
    credit_notes: creditNotes,
    payments,
    customer_credit_entries: await by('customer_credit_entries'),
    subscriptions,
    portal_links: await by('portal_links'),
    invoice_links: await by('invoice_links', 'invoice_id', invoiceIds),
    emails: uniqueEmails,
    events,
  };
}

export function registerCustomerExportRoute(app: FastifyInstance, deps: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/customers/:id/export',
    {
      config: { requires: 'accountant' },
      schema: {
        tags: ['Exports'],
        summary: "A customer's personal data for an access request (GDPR art. 15): the record, documents, payments, links, e-mails and events about them",
        params: IdParams,
        response: { 200: z.record(z.string(), z.unknown()).meta({ id: 'CustomerPersonalData' }), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request, deps);
      const data = await customerPersonalData(ctx.db.kysely, ctx.orgId, request.params.id, deps.clock.now());
      return reply.header('Content-Disposition', `attachment; filename="customer-${request.params.id}.json"`).send(data);
    },
  );
}
