import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { contextOf, principalOf } from '../../kernel/http/request-context.ts';
import { problemResponses } from '../../kernel/http/schemas.ts';
import { AppError } from '../../shared/errors.ts';
import { CreateOrganization, Organization, OrganizationList, UpdateOrganization } from './organizations.schemas.ts';
import { createOrganization, getOrganization, updateOrganization } from './organizations.service.ts';
import { organizationOut, organizationsOfUser } from './organizations.repo.ts';
import { registerLogoRoutes } from './logo.routes.ts';

const tags = ['Organizations'];

export function registerOrganizationRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/organizations',
    {
      config: { requires: 'viewer' },
      schema: { tags, summary: "List the caller's organizations", response: { 200: OrganizationList, ...problemResponses(401) } },
    },
    async (request) => {
      const rows = await organizationsOfUser(deps.db.kysely, principalOf(request).userId);
      return { data: rows.map((row) => ({ ...organizationOut(row), role: row.role })) };
    },
  );

  api.post(
    '/organizations',
    {
      config: { requires: 'viewer' },
      schema: {
        tags,
        summary: 'Create another organization owned by the caller (who may: ALLOW_ORGANIZATION_CREATION, by default owners of an organization)',
        body: CreateOrganization,
        response: { 201: Organization, ...problemResponses(401, 403, 422) },
      },
    },
    async (request, reply) => {
      if (principalOf(request).via === 'token') throw new AppError('forbidden', 'API tokens belong to one organization and cannot create others');
      const org = await createOrganization(contextOf(request, deps), request.body, deps.config.ALLOW_ORGANIZATION_CREATION);
      return reply.code(201).send(org);
    },
  );

  api.get(
    '/organization',
    {
      config: { requires: 'viewer' },
      schema: { tags, summary: 'The current organization and its settings', response: { 200: Organization, ...problemResponses(401) } },
    },
    async (request) => getOrganization(contextOf(request, deps)),
  );

  api.patch(
    '/organization',
    {
      config: { requires: 'admin' },
      schema: {
        tags,
        summary: "Change the current organization's settings",
        body: UpdateOrganization,
        response: { 200: Organization, ...problemResponses(401, 403, 422) },
      },
    },
    async (request) => updateOrganization(contextOf(request, deps), request.body),
  );

  registerLogoRoutes(app, deps);
}
