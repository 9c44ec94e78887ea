import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { IdParams, ListQuery, problemResponses } from '../../kernel/http/schemas.ts';
import { CreateUser, Member, MemberList, UpdateUser } from './users.schemas.ts';
import { getUser, inviteUser, listUsers, removeUser, resendInvitation, updateUser } from './users.service.ts';

const tags = ['Users'];

export function registerUserRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const delivery = { smtp: deps.config.SMTP_URL !== undefined };

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
        summary: 'Invite a person by e-mail: they join when they accept the single-use link sent to that address',
        description:
          'Creates the membership as `invited` (inactive) and e-mails a link valid for 7 days. A person without an account chooses their password when accepting; ' +
          'an existing account keeps its own. `password` is refused: nobody sets another person’s password.',
        body: CreateUser,
        response: { 201: Member, ...problemResponses(401, 403, 409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await inviteUser(contextOf(request, deps), request.body, delivery)),
  );

  api.post(
    '/users/:id/invitation',
    {
      config: { requires: 'admin' },
      schema: {
        tags,
        summary: 'Send a pending invitation again with a new link (the earlier link stops working)',
        params: IdParams,
        response: { 200: Member, ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request) => resendInvitation(contextOf(request, deps), request.params.id, delivery),
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
        summary: 'Change a user’s role or name, deactivate or reactivate them',
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
