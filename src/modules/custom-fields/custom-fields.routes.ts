import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { IdParams, problemResponses } from '../../kernel/http/schemas.ts';
import {
  CreateCustomFieldDefinition,
  CustomFieldDefinition,
  CustomFieldDefinitionList,
  CustomFieldListQuery,
  UpdateCustomFieldDefinition,
} from './custom-fields.schemas.ts';
import { createDefinition, deleteDefinition, getDefinition, listDefinitions, updateDefinition } from './custom-fields.service.ts';

const tags = ['Custom fields'];

export function registerCustomFieldRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/custom-fields',
    {
      config: { requires: 'viewer' },
      schema: {
        tags,
        summary: 'List the custom field definitions (?resource=customer|product|invoice), in display order',
        querystring: CustomFieldListQuery,
        response: { 200: CustomFieldDefinitionList, ...problemResponses(401, 422) },
      },
    },
    async (request) => ({ data: await listDefinitions(contextOf(request, deps), request.query.resource) }),
  );

  api.post(
    '/custom-fields',
    {
      config: { requires: 'admin' },
      schema: {
        tags,
        summary: 'Define a custom field of customers, products or invoices',
        body: CreateCustomFieldDefinition,
        response: { 201: CustomFieldDefinition, ...problemResponses(401, 403, 409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await createDefinition(contextOf(request, deps), request.body)),
  );

  api.get(
    '/custom-fields/:id',
    {
      config: { requires: 'viewer' },
      schema: { tags, summary: 'Get a custom field definition', params: IdParams, response: { 200: CustomFieldDefinition, ...problemResponses(401, 404) } },
    },
    async (request) => getDefinition(contextOf(request, deps), request.params.id),
  );

  api.patch(
    '/custom-fields/:id',
    {
      config: { requires: 'admin' },
      schema: {
        tags,
        summary: 'Change a custom field definition (label, options, required, printed, position; key, resource and type never change)',
        params: IdParams,
        body: UpdateCustomFieldDefinition,
        response: { 200: CustomFieldDefinition, ...problemResponses(401, 403, 404, 422) },
      },
    },
    async (request) => updateDefinition(contextOf(request, deps), request.params.id, request.body),
  );

  api.delete(
    '/custom-fields/:id',
    {
      config: { requires: 'admin' },
      schema: {
        tags,
        summary: 'Delete a custom field definition and its values (finalized invoices keep theirs)',
        params: IdParams,
        response: { 204: z.null(), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteDefinition(contextOf(request, deps), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
