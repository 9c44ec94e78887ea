/**
 * API tokens for integrations: shown once at creation, stored only as a SHA-256 hash,
 * bound to the organization they were created in, never stronger than their creator.
 */
import { inTransaction } from '../../db/transaction.ts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/deps.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { nowIso } from '../../kernel/context.ts';
import { IdParams, ListQuery, problemResponses, requiredText } from '../../kernel/http/schemas.ts';
import { roleAtLeast } from '../../domain/roles.ts';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { decodeCursor, toPage } from '../../shared/pagination.ts';
import { emit } from '../../kernel/events.ts';
import { randomToken, sha256 } from '../auth/secrets.ts';
import { API_TOKEN_PREFIX } from '../auth/sessions.ts';
import { RoleSchema } from '../users/users.schemas.ts';
import type { ApiTokensTable } from '../../db/schema.ts';

const ApiToken = z
  .object({
    id: z.string(),
    name: z.string(),
    role: RoleSchema,
    prefix: z.string().describe('The first characters of the token, to recognise it'),
    created_by: z.string(),
    created_at: z.string(),
    last_used_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
  })
  .meta({ id: 'ApiToken' });

const CreatedApiToken = ApiToken.extend({ token: z.string().describe('Shown only in this response') }).meta({ id: 'CreatedApiToken' });

const CreateApiToken = z.object({ name: requiredText(100), role: RoleSchema.optional() }).strict();

function tokenOut(row: ApiTokensTable): z.output<typeof ApiToken> {
  return {
    id: row.id,
    name: row.name,
    role: RoleSchema.parse(row.role),
    prefix: row.prefix,
    created_by: row.created_by,
    created_at: row.created_at,
    last_used_at: row.last_used_at,
    revoked_at: row.revoked_at,
  };
}

async function createToken(ctx: RequestContext, input: z.output<typeof CreateApiToken>): Promise<z.output<typeof CreatedApiToken>> {
  const role = input.role ?? ctx.role;
  if (!roleAtLeast(ctx.role, role)) {
    throw new AppError('forbidden', `role: a token cannot have a role above yours (${ctx.role})`, [{ path: 'role', message: 'is above your own role' }]);
  }
  const userId = ctx.actor.userId;
  if (userId === null) throw new AppError('forbidden', 'Only a user can create API tokens');
  const token = randomToken(API_TOKEN_PREFIX);
  const row: ApiTokensTable = {
    id: newId('tok'),
    organization_id: ctx.orgId,
    created_by: userId,
    name: input.name,
    role,
    token_hash: sha256(token),
    prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
    created_at: nowIso(ctx.clock),
    last_used_at: null,
    revoked_at: null,
  };
  await inTransaction(ctx.db, async (trx) => {
    await trx.insertInto('api_tokens').values(row).execute();
    await emit(trx, ctx, { type: 'api_token.created', resource: { type: 'api_token', id: row.id }, after: tokenOut(row) });
  });
  return { ...tokenOut(row), token };
}

async function revokeToken(ctx: RequestContext, id: string): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    const row = await trx.selectFrom('api_tokens').selectAll().where('organization_id', '=', ctx.orgId).where('id', '=', id).executeTakeFirst();
    if (!row) throw AppError.notFound('API token');
    if (row.revoked_at !== null) return;
    const revokedAt = nowIso(ctx.clock);
    await trx.updateTable('api_tokens').set({ revoked_at: revokedAt }).where('organization_id', '=', ctx.orgId).where('id', '=', id).execute();
    await emit(trx, ctx, { type: 'api_token.revoked', resource: { type: 'api_token', id: id }, before: tokenOut(row), after: tokenOut({ ...row, revoked_at: revokedAt }) });
  });
}

export function registerApiTokenRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['API tokens'];

  api.get(
    '/api-tokens',
    {
      config: { requires: 'admin' },
      schema: {
        tags,
        summary: "The organization's API tokens (never the secret itself)",
        querystring: ListQuery,
        response: { 200: z.object({ data: z.array(ApiToken), next_cursor: z.string().nullable() }), ...problemResponses(401, 403, 422) },
      },
    },
    async (request) => {
      const ctx = contextOf(request, deps);
      let q = ctx.db.kysely.selectFrom('api_tokens').selectAll().where('organization_id', '=', ctx.orgId);
      if (request.query.cursor) q = q.where('id', '<', String(decodeCursor(request.query.cursor, 1)[0]));
      const rows = await q.orderBy('id', 'desc').limit(request.query.limit + 1).execute();
      return toPage(rows, request.query.limit, (row) => [row.id], tokenOut);
    },
  );

  api.post(
    '/api-tokens',
    {
      // The token is a secret: an idempotent retry must not replay it from storage.
      config: { requires: 'admin', idempotency: 'no-replay' },
      schema: {
        tags,
        summary: 'Create an API token; the token is shown once',
        body: CreateApiToken,
        response: { 201: CreatedApiToken, ...problemResponses(401, 403, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await createToken(contextOf(request, deps), request.body)),
  );

  api.delete(
    '/api-tokens/:id',
    {
      config: { requires: 'admin' },
      schema: { tags, summary: 'Revoke an API token', params: IdParams, response: { 204: z.null(), ...problemResponses(401, 403, 404) } },
    },
    async (request, reply) => {
      await revokeToken(contextOf(request, deps), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
