import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/app.ts';
import { contextOf } from '../../server/auth-guard.ts';
import { IdParams, ListQuery, problemResponses } from '../../server/schemas.ts';
import { CreateUser, Member, MemberList, UpdateUser } from './users.schemas.ts';
import { createUser, getUser, listUsers, removeUser, updateUser } from './users.service.ts';

const tags = ['Users'];

export function registerUserRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/users',
    {
      config: { requires: 'admin' },
      schema: { tags, summary: "The organization's users", querystring: ListQuery, response: { 200: MemberList, ...problemResponses(401, 403, 422) } },
    },
    async (request) => listUsers(contextOf(request, deps), request.query.limit, request.query.cursor),
  );

  api.post(
    '/users',
    {
      config: { requires: 'admin' },
      schema: {
        tags,
        summary: 'Add a user to the organization (a new account, or an existing one by e-mail)',
        body: CreateUser,
        response: { 201: Member, ...problemResponses(401, 403, 409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await createUser(contextOf(request, deps), request.body)),
  );

  api.get(
    '/users/:id',
    {
      config: { requires: 'admin' },
      schema: { tags, summary: 'A user of the organization', params: IdParams, response: { 200: Member, ...problemResponses(401, 403, 404) } },
    },
    async (request) => getUser(contextOf(request, deps), request.params.id),
  );

  api.patch(
    '/users/:id',
    {
      config: { requires: 'admin' },
      schema: {
        tags,
        summary: 'Change a user’s role, deactivate or reactivate them, or set a new password',
        params: IdParams,
        body: UpdateUser,
        response: { 200: Member, ...problemResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request) => updateUser(contextOf(request, deps), request.params.id, request.body),
  );

  api.delete(
    '/users/:id',
    {
      config: { requires: 'admin' },
      schema: {
        tags,
        summary: 'Remove a user from the organization (the last owner cannot be removed)',
        params: IdParams,
        response: { 204: z.null(), ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await removeUser(contextOf(request, deps), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
