import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { IdParams, problemResponses } from '../../kernel/http/schemas.ts';
import { paymentReceiptPdf } from '../documents/account-documents.ts';

const ReceiptQuery = z
  .object({
    download: z.enum(['0', '1', 'true', 'false']).optional().meta({ description: '1 or true: as an attachment (save) instead of inline (view)' }),
  })
  .strict();

export function registerReceiptRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/payments/:id/receipt',
    {
      config: { requires: 'viewer' },
      schema: {
        tags: ['Payments'],
        summary:
          "The payment's receipt as PDF, in the customer's language: organization, customer, amount, date, method, reference, the invoice it paid, refunds and the invoice's remaining balance",
        params: IdParams,
        querystring: ReceiptQuery,
        response: {
          200: { description: 'The receipt (A4 PDF)', content: { 'application/pdf': { schema: z.string().meta({ format: 'binary' }) } } },
          ...problemResponses(401, 404, 422),
        },
      },
    },
    async (request, reply) => {
      const pdf = await paymentReceiptPdf(contextOf(request, deps), request.params.id);
      const download = request.query.download === '1' || request.query.download === 'true';
      // The filename holds only [A-Za-z0-9_-] and .pdf (safeFilename): nothing to quote or escape.
      return (reply as FastifyReply)
        .type('application/pdf')
        .header('Content-Disposition', `${download ? 'attachment' : 'inline'}; filename="${pdf.filename}"`)
        .send(pdf.content);
    },
  );
}
