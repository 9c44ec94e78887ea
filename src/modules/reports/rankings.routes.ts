import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { problemResponses } from '../../kernel/http/schemas.ts';
import { analyticsTable, customerAnalytics } from './analytics.service.ts';
import { sendReport } from './report-response.ts';
import { AnalyticsQuery, CustomerAnalytics, RankingQuery, TopCustomers, TopProducts } from './rankings.schemas.ts';
import { topCustomers, topCustomersTable, topProducts, topProductsTable } from './rankings.service.ts';

const tags = ['Reports'];

/** Top customers and products, and customer analytics. Accountant and above; per currency. */
export function registerRankingRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/reports/top-customers',
    {
      config: { requires: 'accountant' },
      schema: {
        tags,
        summary:
          'Top customers per currency by invoiced in the period (then name): invoiced, collected (payments less refunds in the period), outstanding now, invoice count; ?limit= (1–100, default 10) per currency; ?format=csv',
        querystring: RankingQuery,
        response: { 200: TopCustomers, ...problemResponses(401, 403, 422) },
      },
    },
    async (request, reply) => {
      const report = await topCustomers(contextOf(request, deps), request.query);
      return sendReport(reply, request.query.format, 'top-customers', report, topCustomersTable, request.query.locale);
    },
  );

  api.get(
    '/reports/top-products',
    {
      config: { requires: 'accountant' },
      schema: {
        tags,
        summary:
          'Top products per currency by net amount of lines of finalized, non-void invoices issued in the period: exact quantity, net amount, invoice count; lines without a product are one "Other items" row (product_id null); ?limit=, ?format=csv',
        querystring: RankingQuery,
        response: { 200: TopProducts, ...problemResponses(401, 403, 422) },
      },
    },
    async (request, reply) => {
      const report = await topProducts(contextOf(request, deps), request.query);
      return sendReport(reply, request.query.format, 'top-products', report, topProductsTable, request.query.locale);
    },
  );

  api.get(
    '/reports/customer-analytics',
    {
      config: { requires: 'accountant' },
      schema: {
        tags,
        summary:
          'Per currency: days_to_pay (invoices paid in full and settled in the period: days from issue date to the date of the payment or credit note that settled them, averages rounded half up, per customer and overall); ' +
          'dso = receivables at the end of `to` × (to − from + 1) / sales (invoiced) in the period, one decimal, null without from and to or without sales; ' +
          'customers_by_month: customers invoiced per month, new when their first finalized invoice is in that month, else returning; ?format=csv',
        querystring: AnalyticsQuery,
        response: { 200: CustomerAnalytics, ...problemResponses(401, 403, 422) },
      },
    },
    async (request, reply) => {
      const report = await customerAnalytics(contextOf(request, deps), request.query);
      return sendReport(reply, request.query.format, 'customer-analytics', report, analyticsTable, request.query.locale);
    },
  );
}
