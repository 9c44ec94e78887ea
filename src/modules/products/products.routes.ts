import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { IdParams, problemResponses } from '../../kernel/http/schemas.ts';
import { CreateProduct, Product, ProductList, ProductListQuery, UpdateProduct } from './products.schemas.ts';
import { createProduct, deleteProduct, getProduct, listProducts, sendProductsCsv, updateProduct } from './products.service.ts';

const tags = ['Products'];

export function registerProductRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/products',
    {
      config: { requires: 'viewer' },
      schema: {
        tags,
        summary: 'List products and services (search with q in name, SKU and description; newest first, or ?sort=name|sku|unit_price|created_at, - for descending); ?format=csv exports every match',
        querystring: ProductListQuery,
        response: { 200: ProductList, ...problemResponses(401, 422) },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request, deps);
      if (request.query.format === 'csv') return sendProductsCsv(ctx, request, reply, request.query);
      return listProducts(ctx, request.query);
    },
  );

  api.post(
    '/products',
    {
      config: { requires: 'sales' },
      schema: {
        tags,
        summary: 'Create a product or service',
        body: CreateProduct,
        response: { 201: Product, ...problemResponses(401, 403, 409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await createProduct(contextOf(request, deps), request.body)),
  );

  api.get(
    '/products/:id',
    {
      config: { requires: 'viewer' },
      schema: { tags, summary: 'Get a product', params: IdParams, response: { 200: Product, ...problemResponses(401, 404) } },
    },
    async (request) => getProduct(contextOf(request, deps), request.params.id),
  );

  api.patch(
    '/products/:id',
    {
      config: { requires: 'sales' },
      schema: {
        tags,
        summary: 'Change a product (archive with {"archived": true})',
        params: IdParams,
        body: UpdateProduct,
        response: { 200: Product, ...problemResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request) => updateProduct(contextOf(request, deps), request.params.id, request.body),
  );

  api.delete(
    '/products/:id',
    {
      config: { requires: 'sales' },
      schema: {
        tags,
        summary: 'Delete a product',
        params: IdParams,
        response: { 204: z.null(), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteProduct(contextOf(request, deps), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
