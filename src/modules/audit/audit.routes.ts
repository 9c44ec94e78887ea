import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { ListQuery, problemResponses } from '../../kernel/http/schemas.ts';
import { decodeCursor, toPage } from '../../shared/pagination.ts';
import { AuditRepo } from './audit.repo.ts';

const AuditEvent = z
  .object({
    id: z.string(),
    actor: z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() }),
    action: z.string(),
    resource_type: z.string(),
    resource_id: z.string(),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
    request_id: z.string().nullable(),
    created_at: z.string(),
  })
  .meta({ id: 'AuditEvent' });

const AuditQuery = ListQuery.extend({
  resource_id: z.string().max(64).optional(),
  resource_type: z.string().max(64).optional(),
  action: z.string().max(100).optional(),
});

export function registerAuditRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/audit-events',
    {
      config: { requires: 'admin' },
      schema: {
        tags: ['Audit log'],
        summary: 'Who changed what and when, newest first',
        querystring: AuditQuery,
        response: { 200: z.object({ data: z.array(AuditEvent), next_cursor: z.string().nullable() }), ...problemResponses(401, 403, 422) },
      },
    },
    async (request) => {
      const ctx = contextOf(request, deps);
      const { limit, cursor, resource_id, resource_type, action } = request.query;
      const cursorId = cursor === undefined ? undefined : String(decodeCursor(cursor, 1)[0]);
      const rows = await new AuditRepo(ctx.db.kysely, ctx.orgId).list({ limit, cursor: cursorId, resourceId: resource_id, resourceType: resource_type, action });
      return toPage(rows, limit, (row) => [row.id], (row) => ({
        id: row.id,
        actor: { type: row.actor_type, id: row.actor_id, name: row.actor_name },
        action: row.action,
        resource_type: row.resource_type,
        resource_id: row.resource_id,
        before: row.before === null ? null : (JSON.parse(row.before) as unknown),
        after: row.after === null ? null : (JSON.parse(row.after) as unknown),
        request_id: row.request_id,
        created_at: row.created_at,
      }));
    },
  );
}
