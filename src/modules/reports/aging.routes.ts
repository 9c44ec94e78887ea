import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { IdParams, problemResponses } from '../../kernel/http/schemas.ts';
import { AgingQuery, AgingReport } from './aging.schemas.ts';
import { agingTable, reportAging } from './aging.service.ts';
import { sendReport } from './report-response.ts';
import { Statement, StatementQuery } from './statement.schemas.ts';
import { customerStatement, statementTable } from './statement.service.ts';

/** Aging of receivables and customer statements (accountant and above). */
export function registerAgingRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/reports/aging',
    {
      config: { requires: 'accountant' },
      schema: {
        tags: ['Reports'],
        summary: 'Amount due per customer and currency, by days past due at as_of (default today); ?format=csv',
        querystring: AgingQuery,
        response: { 200: AgingReport, ...problemResponses(401, 403, 422) },
      },
    },
    async (request, reply) => {
      const report = await reportAging(contextOf(request, deps), request.query);
      return sendReport(reply, request.query.format, `aging-${report.as_of}`, report, agingTable, request.query.locale);
    },
  );

  api.get(
    '/customers/:id/statement',
    {
      config: { requires: 'accountant' },
      schema: {
        tags: ['Customers', 'Reports'],
        summary: "A customer's statement in one currency: opening balance, invoices, credit notes, payments, refunds, closing balance; ?format=csv",
        params: IdParams,
        querystring: StatementQuery,
        response: { 200: Statement, ...problemResponses(401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const statement = await customerStatement(contextOf(request, deps), request.params.id, request.query);
      return sendReport(reply, request.query.format, `statement-${statement.customer_id}-${statement.currency}`, statement, statementTable, request.query.locale);
    },
  );
}
