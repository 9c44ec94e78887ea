/** Sales and revenue over time, and the tax report: accountants and above, per currency. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { problemResponses } from '../../kernel/http/schemas.ts';
import { sendReport } from './report-response.ts';
import { SalesQuery, SalesReport, TaxesQuery, TaxesReport } from './sales.schemas.ts';
import { revenueReport, revenueTable, salesReport, salesTable, taxesReport, taxesTable } from './sales.service.ts';

const tags = ['Reports'];

export function registerSalesRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/reports/sales',
    {
      config: { requires: 'accountant' },
      schema: {
        tags,
        summary: 'Finalized, non-void invoices by issue date less credit notes by their date, per period and currency (CSV with ?format=csv)',
        querystring: SalesQuery,
        response: { 200: SalesReport, ...problemResponses(401, 403, 422) },
      },
    },
    async (request, reply) => sendReport(reply, request.query.format, 'sales', await salesReport(contextOf(request, deps), request.query), salesTable, request.query.locale),
  );

  api.get(
    '/reports/revenue',
    {
      config: { requires: 'accountant' },
      schema: {
        tags,
        summary: 'Payments received by payment date (not from customer credit) less refunds by their date, per period and currency; net and tax are null',
        querystring: SalesQuery,
        response: { 200: SalesReport, ...problemResponses(401, 403, 422) },
      },
    },
    async (request, reply) => sendReport(reply, request.query.format, 'revenue', await revenueReport(contextOf(request, deps), request.query), revenueTable, request.query.locale),
  );

  api.get(
    '/reports/taxes',
    {
      config: { requires: 'accountant' },
      schema: {
        tags,
        summary: 'Taxable and tax amounts per rate from the stored breakdowns of invoices issued in the period, less credit notes; per currency',
        querystring: TaxesQuery,
        response: { 200: TaxesReport, ...problemResponses(401, 403, 422) },
      },
    },
    async (request, reply) => sendReport(reply, request.query.format, 'taxes', await taxesReport(contextOf(request, deps), request.query), taxesTable, request.query.locale),
  );
}
