import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { problemResponses } from '../../kernel/http/schemas.ts';
import { Summary, SummaryQuery } from './reports.schemas.ts';
import { reportSummary } from './reports.service.ts';
import { registerAgingRoutes } from './aging.routes.ts';
import { registerSalesRoutes } from './sales.routes.ts';
import { registerRankingRoutes } from './rankings.routes.ts';

const tags = ['Reports'];

export function registerReportRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/reports/summary',
    {
      config: { requires: 'viewer' },
      schema: {
        tags,
        summary: 'Invoiced and collected in a period (all time without from/to), outstanding and overdue now; per currency',
        querystring: SummaryQuery,
        response: { 200: Summary, ...problemResponses(401, 422) },
      },
    },
    async (request) => reportSummary(contextOf(request, deps), request.query),
  );

  registerAgingRoutes(app, deps);
  registerSalesRoutes(app, deps);
  registerRankingRoutes(app, deps);
}
