/**
 * `GET /api/v1/integrity` (admin): recomputes the organization's document chain and names the
 * first break (see verify-chain.ts). The path is part of the public contract.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { problemResponses } from '../../kernel/http/schemas.ts';
import { verifyChain } from './verify-chain.ts';

const ChainBreak = z
  .object({
    type: z.string().describe('invoice, credit_note, payment or refund'),
    id: z.string(),
    number: z.string().nullable(),
    reason: z.enum(['hash_mismatch', 'missing_document', 'missing_entry', 'broken_link']),
    detail: z.string(),
  })
  .meta({ id: 'ChainBreak' });

const IntegrityReport = z
  .object({
    verified: z.boolean(),
    documents: z.number().int().describe('Entries in the chain'),
    head_hash: z.string().nullable().describe('Hash of the last entry: note it elsewhere to anchor the chain'),
    first_break: ChainBreak.optional(),
  })
  .meta({ id: 'IntegrityReport' });

export function registerIntegrityRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/integrity',
    {
      config: { requires: 'admin' },
      schema: {
        tags: ['Integrity'],
        summary: 'Recompute the chain of issued invoices, credit notes, payments and refunds; name the first break',
        response: { 200: IntegrityReport, ...problemResponses(401, 403) },
      },
    },
    async (request) => {
      const ctx = contextOf(request, deps);
      return verifyChain(ctx.db.kysely, ctx.orgId);
    },
  );
}
