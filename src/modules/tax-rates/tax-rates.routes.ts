import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { IdParams, problemResponses } from '../../kernel/http/schemas.ts';
import { CreateTaxRate, TaxRate, TaxRateList, TaxRateListQuery, UpdateTaxRate } from './tax-rates.schemas.ts';
import { createTaxRate, deleteTaxRate, getTaxRate, listTaxRates, updateTaxRate } from './tax-rates.service.ts';

const tags = ['Tax rates'];

export function registerTaxRateRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/tax-rates',
    {
      config: { requires: 'viewer' },
      schema: {
        tags,
        summary: 'List tax rates (search with q, newest first or by name)',
        querystring: TaxRateListQuery,
        response: { 200: TaxRateList, ...problemResponses(401, 422) },
      },
    },
    async (request) => listTaxRates(contextOf(request, deps), request.query),
  );

  api.post(
    '/tax-rates',
    {
      config: { requires: 'accountant' },
      schema: {
        tags,
        summary: 'Create a tax rate (EN 16931 category, percentage, exemption reason)',
        body: CreateTaxRate,
        response: { 201: TaxRate, ...problemResponses(401, 403, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await createTaxRate(contextOf(request, deps), request.body)),
  );

  api.get(
    '/tax-rates/:id',
    {
      config: { requires: 'viewer' },
      schema: { tags, summary: 'Get a tax rate', params: IdParams, response: { 200: TaxRate, ...problemResponses(401, 404) } },
    },
    async (request) => getTaxRate(contextOf(request, deps), request.params.id),
  );

  api.patch(
    '/tax-rates/:id',
    {
      config: { requires: 'accountant' },
      schema: {
        tags,
        summary: 'Change a tax rate (archive with {"archived": true})',
        params: IdParams,
        body: UpdateTaxRate,
        response: { 200: TaxRate, ...problemResponses(401, 403, 404, 422) },
      },
    },
    async (request) => updateTaxRate(contextOf(request, deps), request.params.id, request.body),
  );

  api.delete(
    '/tax-rates/:id',
    {
      config: { requires: 'accountant' },
      schema: {
        tags,
        summary: 'Delete a tax rate that no product uses (archive it otherwise)',
        params: IdParams,
        response: { 204: z.null(), ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await deleteTaxRate(contextOf(request, deps), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
