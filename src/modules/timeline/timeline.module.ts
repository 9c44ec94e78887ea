/** The invoice timeline: one read over the invoice's audit log, payments, refunds and credit notes. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/deps.ts';
import type { SettleModule } from '../../kernel/module.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { IdParams, problemResponses } from '../../kernel/http/schemas.ts';
import { InvoiceTimeline } from './timeline.schemas.ts';
import { invoiceTimeline } from './timeline.service.ts';

function registerTimelineRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/invoices/:id/timeline',
    {
      config: { requires: 'viewer' },
      schema: {
        tags: ['Invoices'],
        summary: "The invoice's history, oldest first: its audit entries, payments, refunds and credit notes",
        params: IdParams,
        response: { 200: InvoiceTimeline, ...problemResponses(401, 404) },
      },
    },
    async (request) => invoiceTimeline(contextOf(request, deps), request.params.id),
  );
}

export const timelineModule: SettleModule = {
  name: 'timeline',
  routes: (api, deps) => {
    registerTimelineRoutes(api, deps);
  },
};
