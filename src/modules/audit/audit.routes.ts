import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { IsoDate, ListQuery, problemResponses } from '../../kernel/http/schemas.ts';
import { decodeCursor, toPage } from '../../shared/pagination.ts';
import { startOfLocalDay } from '../../domain/time-zone.ts';
import { AppError } from '../../shared/errors.ts';
import { AuditRepo } from './audit.repo.ts';
import { resolveSubjects } from './audit-subjects.ts';

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
    subject_label: z.string().nullable().meta({
      description: 'What the entry is about, as people name it: the invoice or credit note number (a draft: its customer), the customer, product or user name. Null when unknown.',
    }),
    subject_path: z.string().nullable().meta({
      description: 'Where the web app shows the subject (e.g. `/invoices/inv_…`); null when it no longer exists or has no page.',
    }),
  })
  .meta({ id: 'AuditEvent' });

const AuditQuery = ListQuery.extend({
  resource_id: z.string().max(64).optional(),
  resource_type: z.string().max(64).optional(),
  action: z.string().max(100).optional(),
  actor_id: z.string().max(64).optional(),
  from: IsoDate.optional().meta({ description: 'Entries on or after this day (YYYY-MM-DD) in the organization’s time zone' }),
  to: IsoDate.optional().meta({ description: 'Entries on or before this day (YYYY-MM-DD) in the organization’s time zone' }),
});

/** The day after a YYYY-MM-DD date. */
function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function registerAuditRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/audit-events',
    {
      config: { requires: 'admin' },
      schema: {
        tags: ['Audit log'],
        summary: 'Who changed what and when, newest first',
        description:
          'Filters: `actor_id` (who), `action` or `resource_type` (what), `from`/`to` (when, days in the organization’s time zone), `resource_id`. ' +
          'Each entry names its subject (`subject_label`) and where the web app shows it (`subject_path`), resolved within the organization.',
        querystring: AuditQuery,
        response: { 200: z.object({ data: z.array(AuditEvent), next_cursor: z.string().nullable() }), ...problemResponses(401, 403, 422) },
      },
    },
    async (request) => {
      const ctx = contextOf(request, deps);
      const { limit, cursor, resource_id, resource_type, action, actor_id, from, to } = request.query;
      if (from !== undefined && to !== undefined && to < from) throw AppError.validation('to', 'must not be before from');
      const cursorId = cursor === undefined ? undefined : String(decodeCursor(cursor, 1)[0]);
      const rows = await new AuditRepo(ctx.db.kysely, ctx.orgId).list({
        limit,
        cursor: cursorId,
        resourceId: resource_id,
        resourceType: resource_type,
        action,
        actorId: actor_id,
        from: from === undefined ? undefined : startOfLocalDay(from, ctx.timeZone).toISOString(),
        before: to === undefined ? undefined : startOfLocalDay(nextDay(to), ctx.timeZone).toISOString(),
      });
      const parsed = rows.map((row) => ({
        ...row,
        before: row.before === null ? null : (JSON.parse(row.before) as unknown),
        after: row.after === null ? null : (JSON.parse(row.after) as unknown),
      }));
      const subjects = await resolveSubjects(ctx.db.kysely, ctx.orgId, parsed.slice(0, limit));
      const subjectOf = new Map(parsed.slice(0, limit).map((row, i) => [row.id, subjects[i]]));
      return toPage(parsed, limit, (row) => [row.id], (row) => ({
        id: row.id,
        actor: { type: row.actor_type, id: row.actor_id, name: row.actor_name },
        action: row.action,
        resource_type: row.resource_type,
        resource_id: row.resource_id,
        before: row.before,
        after: row.after,
        request_id: row.request_id,
        created_at: row.created_at,
        subject_label: subjectOf.get(row.id)?.label ?? null,
        subject_path: subjectOf.get(row.id)?.path ?? null,
      }));
    },
  );
}
